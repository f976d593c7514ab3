import { loadDemoAccounts } from '../../../data/seed/accounts.ts';
import { loadDemoDepartments } from '../../../data/seed/departments.ts';
import { loadHaidianDemo } from '../../../data/seed/haidian.ts';
import { loadIncidentHistory } from '../../../data/seed/incident-history.ts';
import { loadPatrolHistory } from '../../../data/seed/patrol-history.ts';
import { seedIncidentReference } from '../features/incidents/incident-reference.seed.ts';
import { colorUncoloredPlans } from '../features/plans/grid-colors.repo.ts';
import type { Sql } from 'postgres';
import { openDatabase, openSql, type Database } from './connect.ts';
import { migrate } from './migrate.ts';

/**
 * Whether to load the Haidian demo and its accounts (shared, published password): WANGGE_DEMO=on|off,
 * and when unset, on for development and off under NODE_ENV=production, so a deployment never opens
 * with the demo's doors.
 */
export function demoWanted(env: Record<string, string | undefined> = process.env): boolean {
  const v = env.WANGGE_DEMO?.trim().toLowerCase();
  if (v === 'on' || v === 'true' || v === '1') return true;
  if (v === 'off' || v === 'false' || v === '0') return false;
  return env.NODE_ENV !== 'production';
}

/** Warns when the server would acknowledge writes it has not yet flushed (a DATABASE_URL server's setting). */
async function reportDurability(sql: Sql, log: (m: string) => void) {
  const [r] = await sql`select current_setting('synchronous_commit') as sc, current_setting('fsync') as fs`;
  if (r!.sc === 'off' || r!.fs === 'off') {
    log(`[db] WARNING: the server runs with synchronous_commit=${r!.sc}, fsync=${r!.fs}: acknowledged writes (and their audit records) can be lost in a crash`);
  }
}

/** Tells how to create the first admin when no active admin exists (a deployment without the demo). */
async function reportFirstRun(sql: Sql, log: (m: string) => void) {
  const [r] = await sql`select exists (select 1 from role_assignment r join app_user u on u.id = r.user_id
    where r.role = 'admin' and u.active) as any`;
  if (r!.any) return;
  log('[setup] No admin account yet. Create the first one with\n' +
    '[setup]   npm run create-admin -- <username> --jurisdiction <county code>\n' +
    '[setup] (in docker: docker compose exec app npm run create-admin -- …); it prints a one-time password.\n' +
    '[setup] Import the county first if it is not there: npm run import -- jurisdictions <file.geojson> --jurisdiction <code>');
}

/** Opens the database (embedded unless DATABASE_URL), migrates it and loads the demo district once (if wanted). */
export async function bootDatabase(log: (m: string) => void = console.log): Promise<Database> {
  const db = await openDatabase({ log });
  // a crash between here and listen must not leave the embedded cluster running
  process.once('exit', db.stopClusterSync);
  try {
    log(`[db] ${db.embedded ? 'embedded cluster' : 'DATABASE_URL'} ready`);
    // migrations and the demo load are not requests: their own pool, without the statement timeout
    const maintenance = openSql(db.url, 2);
    try {
      const applied = await migrate(maintenance);
      if (applied.length) log(`[db] applied migrations: ${applied.join(', ')}`);
      // reference data every deployment needs (incident categories, the working-day calendar), not demo data
      await seedIncidentReference(maintenance, { log });
      if (demoWanted()) {
        await loadHaidianDemo(maintenance, { log });
        await loadDemoAccounts(maintenance, { log });
        await loadDemoDepartments(maintenance, { log });
        await loadIncidentHistory(maintenance, { log });
        await loadPatrolHistory(maintenance, { log });
      }
      // grids from before colours existed, or from loaders that know nothing of them
      const colored = await colorUncoloredPlans(maintenance);
      if (colored) log(`[db] coloured the grids of ${colored} plan(s)`);
      await reportDurability(maintenance, log);
      await reportFirstRun(maintenance, log);
    } finally {
      await maintenance.end({ timeout: 5 });
    }
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}
