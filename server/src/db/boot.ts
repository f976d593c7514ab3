import { loadDemoAccounts } from '../../../data/seed/accounts.ts';
import { loadHaidianDemo } from '../../../data/seed/haidian.ts';
import { openDatabase, type Database } from './connect.ts';
import { migrate } from './migrate.ts';

/** Opens the database (embedded unless DATABASE_URL), migrates it and loads the demo district once. */
export async function bootDatabase(log: (m: string) => void = console.log): Promise<Database> {
  const db = await openDatabase({ log });
  // a crash between here and listen must not leave the embedded cluster running
  process.once('exit', db.stopClusterSync);
  try {
    log(`[db] ${db.embedded ? 'embedded cluster' : 'DATABASE_URL'} ready`);
    const applied = await migrate(db.sql);
    if (applied.length) log(`[db] applied migrations: ${applied.join(', ')}`);
    if (process.env.WANGGE_DEMO !== 'off') {
      await loadHaidianDemo(db.sql, { log });
      await loadDemoAccounts(db.sql, { log });
    }
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}
