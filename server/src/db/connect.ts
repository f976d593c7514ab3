import postgres, { type Sql } from 'postgres';
import { startEmbeddedCluster, type ClusterOptions } from './cluster.ts';

/** An open database and how to close it (and its embedded cluster, if any). */
export interface Database {
  sql: Sql;
  url: string;
  embedded: boolean;
  close: () => Promise<void>;
  /** Synchronous stop of the embedded cluster, for process 'exit' handlers. */
  stopClusterSync: () => void;
}

/** Connection pool options shared by the app, tests and benchmarks. */
export function openSql(url: string, max = 10): Sql {
  // jit off: PostGIS functions carry high planner costs, so spatial queries cross jit_above_cost and
  // spend 0.5–3 s compiling code for a query that runs in milliseconds (measured on plan validation)
  return postgres(url, { max, onnotice: () => {}, connection: { application_name: 'wangge', jit: 'off' } });
}

/** Creates a database on the server behind `adminUrl` unless it exists, and enables PostGIS in it. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = openSql(adminUrl.replace(/\/[^/?]*(\?|$)/, '/postgres$1'), 1);
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
}

/** Uses DATABASE_URL when set; otherwise boots the private embedded cluster. */
export async function openDatabase(opts: ClusterOptions = {}): Promise<Database> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    const sql = openSql(fromEnv);
    return { sql, url: fromEnv, embedded: false, close: () => sql.end(), stopClusterSync: () => {} };
  }
  const cluster = await startEmbeddedCluster(opts);
  try {
    await ensureDatabase(cluster.url, opts.database ?? 'wangge');
  } catch (err) {
    cluster.stop();
    throw err;
  }
  const sql = openSql(cluster.url);
  return {
    sql,
    url: cluster.url,
    embedded: true,
    stopClusterSync: cluster.stop,
    close: async () => {
      await sql.end({ timeout: 5 });
      cluster.stop();
    },
  };
}
