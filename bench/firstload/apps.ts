/** The checkouts the first-load bench compares: this working tree and, optionally, an older revision; each built and served privately. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');

/** A checkout under test: its source tree and the client built from it. */
export interface Checkout {
  label: string;
  /** The commit (or 'working tree'). */
  rev: string;
  root: string;
  dist: string;
}

/** One built file of the client: its size as served without compression, gzip -9 and brotli (max quality). */
export interface BuiltFile {
  name: string;
  bytes: number;
  gzip: number;
  brotli: number;
}

function run(cmd: string, args: string[], cwd: string): string {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${res.stdout}\n${res.stderr}`);
  return res.stdout.trim();
}

function build(root: string, dist: string) {
  run(join(BIN, 'vite'), ['build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], root);
}

/** This working tree (with uncommitted changes), its client built into `work`, not into dist/. */
export function currentCheckout(work: string): Checkout {
  const dist = join(work, 'dist-current');
  build(ROOT, dist);
  return { label: 'now', rev: `${run('git', ['rev-parse', '--short', 'HEAD'], ROOT)} + working tree`, root: ROOT, dist };
}

/** An older revision exported from git into `work` (sharing this tree's node_modules), its client built there. */
export function revisionCheckout(rev: string, work: string): Checkout {
  const sha = run('git', ['rev-parse', '--short', `${rev}^{commit}`], ROOT);
  const root = join(work, `rev-${sha}`);
  if (!existsSync(join(root, 'package.json'))) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const archive = spawnSync('git', ['archive', sha], { cwd: ROOT, maxBuffer: 1 << 30 });
    if (archive.status !== 0) throw new Error(`git archive ${sha} failed: ${archive.stderr.toString()}`);
    const untar = spawnSync('tar', ['-x', '-C', root], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr.toString()}`);
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  }
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'index.html'))) build(root, dist);
  return { label: 'before', rev: sha, root, dist };
}

/** The client's files (index.html and assets/), each with its compressed sizes. */
export function builtFiles(dist: string): BuiltFile[] {
  const names = ['index.html', ...readdirSync(join(dist, 'assets')).map((f) => `assets/${f}`)];
  return names
    .filter((n) => !/\.(gz|br)$/.test(n) && statSync(join(dist, n)).isFile())
    .map((name) => {
      const body = readFileSync(join(dist, name));
      return { name, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length, brotli: brotliCompressSync(body).length };
    });
}

/** The line serve.ts prints once it listens, followed by its port. */
export const LISTENING = '[firstload] listening on port ';

/** A checkout's server, running. */
export interface RunningServer {
  baseUrl: string;
  stop: () => Promise<void>;
}

/** Starts a checkout's server (bench/firstload/serve.ts) on `databaseUrl`, which it migrates and loads the demo into. */
export async function startServer(checkout: Checkout, databaseUrl: string, log: (m: string) => void): Promise<RunningServer> {
  let output = '';
  const child = spawn(join(BIN, 'tsx'), [join(import.meta.dirname, 'serve.ts')], {
    cwd: checkout.root,
    env: { ...process.env, DATABASE_URL: databaseUrl, WANGGE_DEMO: 'on', TIANDITU_KEY: '', WANGGE_BASEMAP_URL: '', FIRSTLOAD_ROOT: checkout.root, FIRSTLOAD_DIST: checkout.dist },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  log(`[bench] firstload: starting the ${checkout.label} server (${checkout.rev}); the first start loads the demo`);
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the ${checkout.label} server exited (${child.exitCode}):\n${output}`);
    const port = output.split(LISTENING)[1]?.match(/^\d+/)?.[0];
    if (port) return { baseUrl: `http://127.0.0.1:${port}`, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`the ${checkout.label} server did not start listening:\n${output}`);
}
