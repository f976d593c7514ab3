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

/** Default limit on one statement of a request (WANGGE_STATEMENT_TIMEOUT_MS). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

/** WANGGE_STATEMENT_TIMEOUT_MS as milliseconds (0 = no limit); a value that is not a whole number is an error. */
export function statementTimeoutFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.WANGGE_STATEMENT_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_STATEMENT_TIMEOUT_MS;
  if (!/^\d+$/.test(raw)) throw new Error(`WANGGE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds (0 = no limit), not "${raw}"`);
  return Number(raw);
}

/**
 * Connection pool options shared by the app, tests and benchmarks. With `statementTimeoutMs` the
 * server itself cancels any statement running longer, so a request the client gave up on does not
 * keep a query (and a connection) busy.
 */
export function openSql(url: string, max = 10, { statementTimeoutMs }: { statementTimeoutMs?: number } = {}): Sql {
  // jit off: PostGIS functions carry high planner costs, so spatial queries cross jit_above_cost and
  // spend 0.5–3 s compiling code for a query that runs in milliseconds (measured on plan validation)
  const connection: Record<string, string> = { application_name: 'wangge', jit: 'off' };
  if (statementTimeoutMs) connection.statement_timeout = String(statementTimeoutMs);
  return postgres(url, { max, onnotice: () => {}, connection });
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

/**
 * Uses DATABASE_URL when set; otherwise boots the private embedded cluster. The pool answers requests,
 * so its statements are limited by WANGGE_STATEMENT_TIMEOUT_MS (maintenance opens its own pool on `url`).
 */
export async function openDatabase(opts: ClusterOptions = {}): Promise<Database> {
  const fromEnv = process.env.DATABASE_URL;
  const statementTimeoutMs = statementTimeoutFromEnv();
  if (fromEnv) {
    const sql = openSql(fromEnv, 10, { statementTimeoutMs });
    return { sql, url: fromEnv, embedded: false, close: () => sql.end(), stopClusterSync: () => {} };
  }
  const cluster = await startEmbeddedCluster(opts);
  try {
    await ensureDatabase(cluster.url, opts.database ?? 'wangge');
  } catch (err) {
    cluster.stop();
    throw err;
  }
  const sql = openSql(cluster.url, 10, { statementTimeoutMs });
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
