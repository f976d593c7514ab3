/**
 * `npm run bench -- firstload [--against REV] [--firstload-runs N]`: the first load on a phone connection (issue 10 §7),
 * this working tree and optionally an older revision, each with its own server and database of the demo.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedCluster } from '../../server/src/db/cluster.ts';
import { ensureDatabase, openSql } from '../../server/src/db/connect.ts';
import { describeMachine } from '../report.ts';
import { currentCheckout, revisionCheckout, startServer, builtFiles, type Checkout, type RunningServer } from './apps.ts';
import { chromiumVersion, CONDITIONS, measureOnce } from './browser.ts';
import { buildTable, comparisonTable, figures, summarizeRun, type RunSummary } from './report.ts';

export interface FirstloadOptions {
  runs: number;
  /** A git revision to measure beside the working tree (the figures before a change). */
  against?: string;
  /** Who signs in; the demo's grid leader by default, the phone user of issue 10. */
  user?: { username: string; password: string };
  log: (m: string) => void;
}

const DEMO_USER = { username: 'leader.furun1', password: 'Wangge!2026' };
const WORK = join(import.meta.dirname, '..', '..', '.wangge', 'firstload');

const dbUrl = (clusterUrl: string, name: string) => {
  const u = new URL(clusterUrl);
  u.pathname = `/${name}`;
  return u.href;
};

// Each checkout runs on its own database (its own migrations), in a private cluster: the bench's
// big-town cluster may be busy with another suite and is not needed here.
async function startServers(checkouts: readonly Checkout[], clusterUrl: string, log: (m: string) => void): Promise<RunningServer[]> {
  const servers: RunningServer[] = [];
  try {
    for (const c of checkouts) {
      const name = `firstload_${c === checkouts.at(-1) ? 'now' : c.rev}`;
      await ensureDatabase(clusterUrl, name);
      servers.push(await startServer(c, dbUrl(clusterUrl, name), log));
    }
    return servers;
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  }
}

function conditions(opts: FirstloadOptions, chromium: string): string {
  const c = CONDITIONS;
  return `Chromium ${chromium}, headless (WebGL on SwiftShader), ${c.viewport.width} × ${c.viewport.height} at ${c.deviceScaleFactor}×, touch; ` +
    `network emulated through CDP (Network.emulateNetworkConditions): ${c.downKbps / 1000} Mbps down, ${c.upKbps} kbps up, ${c.latencyMs} ms latency; ` +
    `CPU slowed ${c.cpuSlowdown}× (Emulation.setCPUThrottlingRate); a new browser per run (cold cache); signed in as \`${(opts.user ?? DEMO_USER).username}\` of the demo; ` +
    `${opts.runs} runs of each checkout, interleaved; medians, the range in brackets.`;
}

const NOTE =
  'Map idle counts from the submit: a client that loads all of its code before the sign-in form (one bundle) has less ' +
  'left to fetch after it, so compare navigation → map idle for the whole wait. Most of what remains after the submit ' +
  "is MapLibre's own work on this GPU-less machine (WebGL programs compiled by SwiftShader, labels drawn with local " +
  'fonts), under the 4× CPU slowdown.';

/** Runs the suite and returns the markdown of its RESULTS.md section. */
export async function runFirstload(opts: FirstloadOptions, loadBefore: number): Promise<string> {
  mkdirSync(WORK, { recursive: true });
  opts.log('[bench] firstload: building the client(s)');
  const checkouts = [...(opts.against ? [revisionCheckout(opts.against, WORK)] : []), currentCheckout(WORK)];
  const cluster = await startEmbeddedCluster({ dir: join(WORK, 'pg'), database: 'postgres', log: opts.log });
  process.once('exit', cluster.stop);
  // the machine's description asks PostGIS its version: the current checkout's database has it
  const sql = openSql(dbUrl(cluster.url, 'firstload_now'), 1);
  try {
    const servers = await startServers(checkouts, cluster.url, opts.log);
    const runs: RunSummary[][] = checkouts.map(() => []);
    try {
      for (let i = 0; i < opts.runs; i++) {
        for (const [k, c] of checkouts.entries()) {
          const r = summarizeRun(await measureOnce(servers[k]!.baseUrl, opts.user ?? DEMO_USER));
          runs[k]!.push(r);
          opts.log(`[bench] firstload ${c.label} run ${i + 1}: sign-in ${(r.signInMs / 1000).toFixed(2)} s, map idle ${(r.mapIdleMs / 1000).toFixed(2)} s, ${(r.mapWire / 1000).toFixed(0)} kB`);
        }
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
    const cols = checkouts.map((c, k) => figures(c.label, c.rev, runs[k]!, builtFiles(c.dist)));
    const machine = await describeMachine(sql, loadBefore);
    const command = `npm run bench -- firstload --firstload-runs ${opts.runs}${opts.against ? ` --against ${opts.against}` : ''}`;
    const table = comparisonTable(cols);
    console.log(`\n${table}\n`);
    return [
      '## First load on a phone connection (issue 10 §7)',
      '',
      `Measured ${machine.date} on ${machine.cpu} (${machine.cores} cores, ${machine.ramGiB} GiB), Node ${machine.node}; load average ${machine.loadBefore.toFixed(2)} when the run began. \`${command}\`.`,
      '',
      conditions(opts, await chromiumVersion()),
      '',
      table,
      '',
      NOTE,
      '',
      'The built client (sizes of the files as `vite build` writes them; the server sends the brotli or gzip copy when the browser accepts it):',
      '',
      ...cols.flatMap((c) => [buildTable(c), '']),
    ].join('\n');
  } finally {
    await sql.end({ timeout: 5 });
    cluster.stop();
  }
}
