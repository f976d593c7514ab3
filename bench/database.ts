/** The benchmark's own database: BENCH_DATABASE_URL, or a private cluster in .wangge/bench-pg, holding the synthetic town. */
import type { Sql } from 'postgres';
import { DEFAULTS, generateSyntheticTown } from '../data/generate/generate.ts';
import { datasetName } from '../data/generate/region.ts';
import { startEmbeddedCluster } from '../server/src/db/cluster.ts';
import { ensureDatabase, openSql } from '../server/src/db/connect.ts';
import { migrate } from '../server/src/db/migrate.ts';

/** An open benchmark database. */
export interface BenchDatabase {
  sql: Sql;
  embedded: boolean;
  close: () => Promise<void>;
}

/** How the town came to be: generated now (with its timing) or reused from an earlier run. */
export interface TownState {
  generated: boolean;
  seconds: number | null;
  counts: Record<string, number>;
}

const POOL = 10;

/** Opens (and migrates) the benchmark database; never the app's own cluster or DATABASE_URL. */
export async function openBenchDatabase(log: (m: string) => void): Promise<BenchDatabase> {
  const fromEnv = process.env.BENCH_DATABASE_URL;
  if (fromEnv) {
    const sql = openSql(fromEnv, POOL);
    await migrate(sql);
    return { sql, embedded: false, close: () => sql.end({ timeout: 5 }) };
  }
  const cluster = await startEmbeddedCluster({ dir: '.wangge/bench-pg', database: 'wangge_bench', log });
  process.once('exit', cluster.stop);
  await ensureDatabase(cluster.url, 'wangge_bench');
  const sql = openSql(cluster.url, POOL);
  await migrate(sql);
  return {
    sql,
    embedded: true,
    close: async () => {
      await sql.end({ timeout: 5 });
      cluster.stop();
    },
  };
}

/** Makes sure the synthetic town of this size and seed is loaded, generating it when absent, different or asked to. */
export async function ensureTown(sql: Sql, households: number, seed: string, regenerate: boolean, log: (m: string) => void): Promise<TownState> {
  const [ds] = await sql<{ details: { households?: number; seed?: string; counts?: Record<string, number> } }[]>`
    select details from dataset where name = ${datasetName(DEFAULTS.region)}`;
  if (!regenerate && ds?.details.households === households && ds.details.seed === seed && ds.details.counts) {
    log(`[bench] reusing the synthetic town of ${households.toLocaleString('en')} households (pass --regenerate to rebuild and time it)`);
    return { generated: false, seconds: null, counts: ds.details.counts };
  }
  log(`[bench] generating a synthetic town of ${households.toLocaleString('en')} households`);
  const started = performance.now();
  const summary = await generateSyntheticTown(sql, { ...DEFAULTS, households, seed, replace: Boolean(ds) });
  return { generated: true, seconds: (performance.now() - started) / 1000, counts: summary.counts };
}
