import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ensurePostgres, type PgInstall } from './pg-binaries.ts';

/** A running private PostgreSQL cluster. */
export interface EmbeddedCluster {
  url: string;
  dataDir: string;
  port: number;
  stop: () => void;
}

export interface ClusterOptions {
  /** Folder that holds the cluster (data/, socket/, credentials); default `.wangge/pg` in the project. */
  dir?: string;
  database?: string;
  /** Trade durability for speed (tests): fsync, full-page writes and synchronous commit off. */
  ephemeral?: boolean;
  log?: (msg: string) => void;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

const isRoot = process.getuid?.() === 0;

function postgresUser(): RunAs {
  if (!isRoot) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('Running as root: PostgreSQL refuses to run as root and there is no "postgres" system user to run it as.');
  }
}

/** True when the postgres user (as root) can traverse to `dir`; root creates and chowns the rest. */
function reachableBy(who: RunAs, dir: string): boolean {
  if (who.uid === undefined) return true;
  let probe = dirname(dir);
  while (!existsSync(probe)) probe = dirname(probe);
  const r = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', probe]);
  return r.status === 0;
}

/** Picks the cluster folder: the project's own unless the postgres user cannot reach it. */
export function clusterDir(requested: string, who: RunAs, log: (m: string) => void): string {
  const dir = resolve(requested);
  if (reachableBy(who, dir)) return dir;
  const hash = createHash('sha1').update(dir).digest('hex').slice(0, 10);
  const fallback = join(tmpdir(), `wangge-${hash}`, 'pg');
  log(`[db] ${dir} is not reachable by the postgres user (a 700 home?); using ${fallback} instead`);
  return fallback;
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

function sh(pg: PgInstall, who: RunAs, bin: string, args: string[], opts: SpawnSyncOptions = {}) {
  const res = spawnSync(join(pg.bindir, bin), args, { encoding: 'utf8', ...who, ...opts });
  return { status: res.status, out: `${res.stdout ?? ''}${res.stderr ?? ''}`.trim() };
}

function mkdirFor(path: string, who: RunAs, mode = 0o700) {
  // parents stay traversable (0755) so the postgres user can reach the leaf
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  mkdirSync(path, { recursive: true, mode });
  if (who.uid !== undefined && who.gid !== undefined) chownSync(path, who.uid, who.gid);
  chmodSync(path, mode);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function initCluster(pg: PgInstall, who: RunAs, base: string, dataDir: string, log: (m: string) => void) {
  log(`[db] creating a private PostgreSQL ${pg.major} cluster in ${dataDir}`);
  const password = randomBytes(18).toString('base64url');
  const pwfile = join(base, 'pwfile');
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (who.uid !== undefined && who.gid !== undefined) chownSync(pwfile, who.uid, who.gid);
  mkdirFor(dataDir, who);
  const r = sh(pg, who, 'initdb', ['-D', dataDir, '-U', 'wangge', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-locale']);
  rmSync(pwfile, { force: true });
  if (r.status !== 0) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`initdb failed:\n${r.out}`);
  }
  writeFileSync(join(base, 'credentials'), password, { mode: 0o600 });
}

/**
 * Claims the cluster folder for this process before anything else happens in it (initdb takes
 * seconds), so a concurrent reaper or starter sees a live owner; refuses a folder another live
 * Wangge process holds.
 */
function claim(base: string, dataDir: string) {
  const ownerFile = join(base, 'owner.pid');
  const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : NaN;
  if (Number.isFinite(owner) && owner !== process.pid && pidAlive(owner)) {
    throw new Error(`The cluster in ${dataDir} is in use by another Wangge process (pid ${owner}). Stop it first.`);
  }
  writeFileSync(ownerFile, String(process.pid));
}

/** Stops a postmaster left running by a crashed Wangge process (stale cluster recovery). */
function recoverStale(pg: PgInstall, who: RunAs, dataDir: string, log: (m: string) => void) {
  const status = sh(pg, who, 'pg_ctl', ['status', '-D', dataDir]);
  if (status.status === 0) {
    log('[db] found a cluster left running by a previous crash; stopping it');
    sh(pg, who, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30']);
  }
}

/** Boots (creating on first run) a private PostgreSQL + PostGIS cluster on 127.0.0.1 and a free port. */
export async function startEmbeddedCluster(opts: ClusterOptions = {}): Promise<EmbeddedCluster> {
  const log = opts.log ?? console.log;
  const pg = ensurePostgres(log);
  const who = postgresUser();
  const base = clusterDir(opts.dir ?? '.wangge/pg', who, log);
  mkdirFor(base, who);
  const dataDir = join(base, 'data');
  const sockDir = join(base, 'socket');
  mkdirFor(sockDir, who);
  claim(base, dataDir);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) initCluster(pg, who, base, dataDir, log);
  recoverStale(pg, who, dataDir, log);

  const port = await freePort();
  // a 2xx means the write is on disk: synchronous commit, fsync and full-page writes stay on, except
  // for throw-away test clusters, whose data nobody needs after a crash
  const settings = [
    `-p ${port}`, `-k ${sockDir}`, "-c listen_addresses=127.0.0.1",
    '-c max_connections=200', '-c shared_buffers=256MB', '-c work_mem=32MB',
    ...(opts.ephemeral ? ['-c fsync=off', '-c full_page_writes=off', '-c synchronous_commit=off'] : []),
  ].join(' ');
  const started = sh(pg, who, 'pg_ctl', ['start', '-D', dataDir, '-l', join(base, 'postgres.log'), '-w', '-t', '60', '-o', settings]);
  if (started.status !== 0) {
    const tail = existsSync(join(base, 'postgres.log')) ? readFileSync(join(base, 'postgres.log'), 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(`PostgreSQL did not start (${started.out}).\n${tail}`);
  }

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    sh(pg, who, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30']);
    rmSync(join(base, 'owner.pid'), { force: true });
  };
  const password = readFileSync(join(base, 'credentials'), 'utf8').trim();
  const database = opts.database ?? 'wangge';
  const url = `postgres://wangge:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return { url, dataDir, port, stop };
}

/** Stops and removes throw-away clusters under `parent` whose owning process is gone (killed test runs). */
export function reapOrphanClusters(parent: string): number {
  if (!existsSync(parent)) return 0;
  const pg = ensurePostgres(() => {});
  const who = postgresUser();
  let reaped = 0;
  for (const name of readdirSync(parent)) {
    const base = join(resolve(parent), name);
    const ownerFile = join(base, 'owner.pid');
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : NaN;
    if (Number.isFinite(owner) && pidAlive(owner)) continue;
    // a folder named after a live process (test-pg/<pid>) is being set up right now
    if (/^\d+$/.test(name) && pidAlive(Number(name))) continue;
    if (existsSync(join(base, 'data', 'postmaster.pid'))) {
      sh(pg, who, 'pg_ctl', ['stop', '-D', join(base, 'data'), '-m', 'immediate', '-w', '-t', '30']);
    }
    rmSync(base, { recursive: true, force: true });
    reaped++;
  }
  return reaped;
}
