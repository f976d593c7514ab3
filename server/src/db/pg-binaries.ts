import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { aptInstall, canApt } from './system-packages.ts';

/** A located PostgreSQL installation with PostGIS and pgRouting availability. */
export interface PgInstall {
  bindir: string;
  sharedir: string;
  major: number;
  hasPostgis: boolean;
  hasPgrouting: boolean;
}

/** Raised when PostgreSQL, PostGIS or pgRouting is missing and cannot be installed here. */
export class MissingPostgresError extends Error {
  constructor(what: string) {
    super(
      `${what}\n` +
        'Wangge needs PostgreSQL (14+) with PostGIS 3 and pgRouting 3. Install them, or point DATABASE_URL at a server that has them:\n' +
        '  Debian/Ubuntu:  sudo apt-get install postgresql postgresql-postgis postgresql-pgrouting   (or postgresql-<major>-postgis-3 postgresql-<major>-pgrouting)\n' +
        '  macOS:          brew install postgresql@16 postgis pgrouting\n' +
        '  Docker:         docker compose up -d db   then  DATABASE_URL=postgres://wangge:wangge@127.0.0.1:5432/wangge npm start',
    );
    this.name = 'MissingPostgresError';
  }
}

function run(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function candidateBindirs(): string[] {
  const dirs: string[] = [];
  if (process.env.PG_BINDIR) dirs.push(process.env.PG_BINDIR);
  const fromConfig = run('pg_config', ['--bindir']);
  if (fromConfig) dirs.push(fromConfig);
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  for (const brew of ['/opt/homebrew/bin', '/usr/local/bin', '/usr/bin']) dirs.push(brew);
  const fromPath = run('sh', ['-c', 'command -v initdb']);
  if (fromPath) dirs.push(fromPath.replace(/\/initdb$/, ''));
  return dirs;
}

function sharedirFor(bindir: string, major: number): string {
  const pgConfig = join(bindir, 'pg_config');
  const fromConfig = existsSync(pgConfig) ? run(pgConfig, ['--sharedir']) : undefined;
  if (fromConfig && existsSync(join(fromConfig, 'extension'))) return fromConfig;
  return `/usr/share/postgresql/${major}`;
}

/** Finds initdb/pg_ctl/postgres and checks whether the PostGIS extension is installed. */
export function findPostgres(): PgInstall | undefined {
  for (const bindir of candidateBindirs()) {
    if (!existsSync(join(bindir, 'initdb')) || !existsSync(join(bindir, 'pg_ctl'))) continue;
    const version = run(join(bindir, 'postgres'), ['--version']) ?? '';
    const major = Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1] ?? NaN);
    if (!Number.isFinite(major)) continue;
    const sharedir = sharedirFor(bindir, major);
    const hasPostgis = existsSync(join(sharedir, 'extension', 'postgis.control'));
    const hasPgrouting = existsSync(join(sharedir, 'extension', 'pgrouting.control'));
    return { bindir, sharedir, major, hasPostgis, hasPgrouting };
  }
  return undefined;
}

/** The Debian packages a machine lacks for `found` (PostgreSQL, PostGIS, pgRouting); empty when complete. */
export function missingPackages(found: PgInstall | undefined): string[] {
  if (!found) return ['postgresql', 'postgresql-postgis', 'postgresql-pgrouting'];
  return [
    ...(found.hasPostgis ? [] : [`postgresql-${found.major}-postgis-3`]),
    ...(found.hasPgrouting ? [] : [`postgresql-${found.major}-pgrouting`]),
  ];
}

function whatIsMissing(found: PgInstall | undefined): string {
  if (!found) return 'PostgreSQL was not found.';
  const lacking = [...(found.hasPostgis ? [] : ['PostGIS']), ...(found.hasPgrouting ? [] : ['pgRouting'])];
  return `PostgreSQL ${found.major} is installed but ${lacking.join(' and ')} ${lacking.length > 1 ? 'are' : 'is'} not (${missingPackages(found).join(' ')}).`;
}

/** Finds PostgreSQL + PostGIS + pgRouting; on Debian/Ubuntu as root installs what is missing with apt-get. */
export function ensurePostgres(log: (msg: string) => void = console.log): PgInstall {
  let found = findPostgres();
  const pkgs = missingPackages(found);
  if (found && pkgs.length === 0) return found;
  if (!canApt()) throw new MissingPostgresError(whatIsMissing(found));
  const ok = aptInstall(pkgs, log, 'PostgreSQL/PostGIS/pgRouting missing');
  found = findPostgres();
  if (!ok || !found || missingPackages(found).length > 0) {
    throw new MissingPostgresError(`apt-get install ${pkgs.join(' ')} did not succeed.`);
  }
  return found;
}
