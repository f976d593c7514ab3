/**
 * The incident suites' scratch database: `wangge_bench_incidents`, created empty on BENCH_DATABASE_URL's
 * server or in a private cluster of their own (.wangge/bench-incidents-pg, so they never wait on the
 * other suites' cluster), migrated and seeded with the reference data, dropped when the run ends.
 */
import type { Sql } from 'postgres';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../server/src/db/cluster.ts';
import { openSql } from '../../server/src/db/connect.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { seedIncidentReference } from '../../server/src/features/incidents/incident-reference.seed.ts';
import { withDb } from '../../server/test/templates.ts';

const NAME = 'wangge_bench_incidents';
const POOL = 12;

/** An open scratch database; `close` drops it (and stops the private cluster). */
export interface ScratchDatabase {
  sql: Sql;
  url: string;
  close: () => Promise<void>;
}

/** Creates the scratch database afresh (a leftover of a killed run is dropped first); other suites name their own database and cluster. */
export async function openScratchDatabase(log: (m: string) => void, { name = NAME, dir = '.wangge/bench-incidents-pg' } = {}): Promise<ScratchDatabase> {
  let cluster: EmbeddedCluster | undefined;
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    cluster = await startEmbeddedCluster({ dir, database: 'postgres', log });
    process.once('exit', cluster.stop);
    adminUrl = cluster.url;
  }
  const admin = openSql(withDb(adminUrl, 'postgres'), 1);
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = withDb(adminUrl, name);
  // the bench's own statements (making a million cases) run long: no statement timeout on its connections
  const sql = openSql(url, POOL, { statementTimeoutMs: 0 });
  await migrate(sql);
  await seedIncidentReference(sql);
  log(`[bench] scratch database ${name} ready${cluster ? ` (private cluster ${dir})` : ''}`);
  return {
    sql,
    url,
    close: async () => {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      cluster?.stop();
    },
  };
}
