/** `npm run bench [tiles] [plans] [city] [firstload]`: tiles and grid lookups through the HTTP server versus the same SQL run directly; planning (issue 4). */
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import type { Sql } from 'postgres';
import { createRandom } from '../data/seed/random.ts';
import { createApp } from '../server/src/app.ts';
import { readConfig } from '../server/src/config.ts';
import { planDate } from '../server/src/features/grids/grids.domain.ts';
import { ensureTown, openBenchDatabase, type BenchDatabase } from './database.ts';
import { runFirstload } from './firstload/firstload.ts';
import { HEATMAP_SUITES, runHeatmap, type HeatmapSuite } from './heatmap/run-heatmap.ts';
import { INCIDENT_SUITES, runIncidents, type IncidentSuite } from './incidents/run-incidents.ts';
import { PATROL_SUITES, runPatrols, type PatrolSuite } from './patrols/run-patrols.ts';
import { runCity } from './plans/city.ts';
import { runPlans } from './plans/run.ts';
import { describeMachine, probesTable, resultsMarkdown, resultsTable } from './report.ts';
import { replaceSection } from './sections.ts';
import { benchSessionCookie } from './signed-in.ts';
import { benchLookups, benchOverhead, benchTiles } from './suites.ts';
import { tileSet, type BBox } from './tile-set.ts';

const ZOOMS = [12, 13, 14, 15, 16];
const SUITES = ['tiles', 'plans', 'city', 'firstload', ...INCIDENT_SUITES, ...HEATMAP_SUITES, ...PATROL_SUITES] as const;
type Suite = (typeof SUITES)[number];

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      households: { type: 'string', default: '200000' },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '4' },
      seconds: { type: 'string', default: '6' },
      requests: { type: 'string', default: '6000' },
      rounds: { type: 'string', default: '3' },
      regenerate: { type: 'boolean', default: false },
      out: { type: 'string', default: join(import.meta.dirname, 'RESULTS.md') },
      'plan-runs': { type: 'string', default: '3' },
      'edit-runs': { type: 'string', default: '40' },
      'firstload-runs': { type: 'string', default: '5' },
      against: { type: 'string' },
      'heatmap-cases': { type: 'string', default: '200000' },
      'heatmap-requests': { type: 'string', default: '100' },
      'incident-cases': { type: 'string', default: '1000000' },
      'intake-seconds': { type: 'string', default: '30' },
      'intake-concurrency': { type: 'string', default: '8' },
      'list-requests': { type: 'string', default: '80' },
      'ingest-seconds': { type: 'string', default: '30' },
      'ingest-concurrency': { type: 'string', default: '8' },
      'ingest-batch': { type: 'string', default: '200' },
      'osmand-seconds': { type: 'string', default: '60' },
      'coverage-runs': { type: 'string', default: '3' },
      'replay-requests': { type: 'string', default: '50' },
    },
  });
  const unknown = positionals.filter((p) => !(SUITES as readonly string[]).includes(p));
  if (unknown.length) throw new RangeError(`unknown suite ${unknown.join(', ')}; suites: ${SUITES.join(', ')}`);
  const suites = (positionals.length ? positionals : SUITES) as readonly Suite[];
  const incidents = { cases: Number(values['incident-cases']), intakeSeconds: Number(values['intake-seconds']), intakeConcurrency: Number(values['intake-concurrency']), listRequests: Number(values['list-requests']) };
  if (!Object.values(incidents).every((v) => Number.isInteger(v) && v > 0)) throw new RangeError('--incident-cases, --intake-seconds, --intake-concurrency and --list-requests must be positive integers');
  const patrols = {
    ingestSeconds: Number(values['ingest-seconds']), ingestConcurrency: Number(values['ingest-concurrency']), ingestBatch: Number(values['ingest-batch']),
    osmandSeconds: Number(values['osmand-seconds']), coverageRuns: Number(values['coverage-runs']), replayRequests: Number(values['replay-requests']),
  };
  if (!Object.values(patrols).every((v) => Number.isInteger(v) && v > 0) || patrols.ingestBatch > 1000) {
    throw new RangeError('--ingest-seconds, --ingest-concurrency, --osmand-seconds, --coverage-runs and --replay-requests must be positive integers, --ingest-batch 1 to 1000');
  }
  const households = Number(values.households);
  if (!Number.isInteger(households) || households < 200_000) throw new RangeError('--households must be an integer of at least 200000');
  const planRuns = Number(values['plan-runs']);
  const editRuns = Number(values['edit-runs']);
  if (!(Number.isInteger(planRuns) && planRuns >= 1 && Number.isInteger(editRuns) && editRuns >= 5)) throw new RangeError('--plan-runs must be ≥ 1 and --edit-runs ≥ 5');
  const heatmap = { cases: Number(values['heatmap-cases']), requests: Number(values['heatmap-requests']) };
  if (!(Number.isInteger(heatmap.cases) && heatmap.cases >= 0 && Number.isInteger(heatmap.requests) && heatmap.requests >= 20)) {
    throw new RangeError('--heatmap-cases must be a whole number (0: the cases already there) and --heatmap-requests at least 20');
  }
  return { ...values, suites, incidents, patrols, heatmap, planRuns, editRuns, households, concurrency: Number(values.concurrency), seconds: Number(values.seconds), requests: Number(values.requests), rounds: Number(values.rounds) };
}

async function townExtent(sql: Sql): Promise<BBox> {
  const [r] = await sql<{ b: number[] }[]>`
    select array[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] as b
    from (select ST_Extent(geom) as e from jurisdiction where level = 'county' and code = '990101') x`;
  return r!.b as BBox;
}

// PostGIS scatters the lookup points inside the county, reproducibly (seeded)
async function lookupPoints(sql: Sql, n: number): Promise<[number, number][]> {
  const rows = await sql<{ lon: number; lat: number }[]>`
    select ST_X(p.geom) as lon, ST_Y(p.geom) as lat
    from jurisdiction j, ST_Dump(ST_GeneratePoints(j.geom, ${n}, 42)) p
    where j.level = 'county' and j.code = '990101'`;
  return rows.map((r) => [Number(r.lon.toFixed(7)), Number(r.lat.toFixed(7))]);
}

async function listening(server: ServerType): Promise<number> {
  if (!server.listening) await new Promise((r) => server.once('listening', r));
  return (server.address() as AddressInfo).port;
}

type Options = ReturnType<typeof options>;

/** Writes one suite's section of RESULTS.md, keeping the other suites' figures. */
function writeSection(out: string, name: Suite, body: string) {
  writeFileSync(out, replaceSection(existsSync(out) ? readFileSync(out, 'utf8') : '', name, body));
}

async function runTiles(opts: Options, db: BenchDatabase, loadBefore: number, log: (m: string) => void) {
  const server = serve({ fetch: createApp({ sql: db.sql, config: { ...readConfig(), tileCacheBytes: 0 } }).fetch, port: 0, hostname: '127.0.0.1' });
  const cachedServer = serve({ fetch: createApp({ sql: db.sql }).fetch, port: 0, hostname: '127.0.0.1' });
  try {
    const town = await ensureTown(db.sql, opts.households, opts.seed, opts.regenerate, log);
    if (town.seconds !== null) log(`[bench] generated in ${town.seconds.toFixed(1)} s`);
    const port = await listening(server);
    const cachedPort = await listening(cachedServer);
    const ctx = { sql: db.sql, port, cachedPort, date: planDate(new Date()), cookie: await benchSessionCookie(db.sql), log, rounds: opts.rounds, load: { concurrency: opts.concurrency, maxRequests: opts.requests, maxSeconds: opts.seconds } };
    const tiles = tileSet(await townExtent(db.sql), ZOOMS, 400, createRandom(`bench-tiles/${opts.seed}`));
    const results = [...(await benchTiles(ctx, tiles)), await benchLookups(ctx, await lookupPoints(db.sql, 2_000))];
    const probes = await benchOverhead(ctx);
    const machine = await describeMachine(db.sql, loadBefore);
    const command = `npm run bench -- tiles --households ${opts.households} --concurrency ${opts.concurrency} --seconds ${opts.seconds} --requests ${opts.requests} --rounds ${opts.rounds}`;
    console.log(`\n${resultsTable(results)}\n\n${probesTable(probes)}\n`);
    writeSection(opts.out, 'tiles', resultsMarkdown(machine, town, opts.households, opts.concurrency, { results, probes }, command));
    log(`[bench] wrote the tiles section of ${opts.out}`);
  } finally {
    server.close();
    cachedServer.close();
  }
}

async function main() {
  const opts = options();
  const loadBefore = loadavg()[0] ?? 0;
  const log = (m: string) => console.log(m);
  // the first-load suite runs its own servers on the demo, in a cluster of its own
  if (opts.suites.includes('firstload')) {
    writeSection(opts.out, 'firstload', await runFirstload({ runs: Number(opts['firstload-runs']), against: opts.against, log }, loadBefore));
    log(`[bench] wrote the firstload section of ${opts.out}`);
    if (opts.suites.length === 1) return;
  }
  // the incident suites run in a scratch database of their own cluster, made and dropped each run
  const incidentSuites = opts.suites.filter((s): s is IncidentSuite => (INCIDENT_SUITES as readonly string[]).includes(s));
  if (incidentSuites.length) {
    await runIncidents({ ...opts.incidents, suites: incidentSuites, rounds: opts.rounds, log, write: (name, body) => writeSection(opts.out, name, body) });
    if (incidentSuites.length === opts.suites.length) return;
  }
  // so do the patrol suites (a town of 2,000 grids and a day of a million fixes)
  const patrolSuites = opts.suites.filter((s): s is PatrolSuite => (PATROL_SUITES as readonly string[]).includes(s));
  if (patrolSuites.length) {
    await runPatrols({ ...opts.patrols, suites: patrolSuites, log, write: (name, body) => writeSection(opts.out, name, body) });
    if (incidentSuites.length + patrolSuites.length === opts.suites.length) return;
  }
  const db = await openBenchDatabase(log);
  try {
    if (opts.suites.includes('tiles')) await runTiles(opts, db, loadBefore, log);
    if (opts.suites.includes('plans')) {
      const body = await runPlans({ sql: db.sql, log, planRuns: opts.planRuns, editRuns: opts.editRuns, loadBefore: loadavg()[0] ?? 0 });
      writeSection(opts.out, 'plans', body);
      log(`[bench] wrote the plans section of ${opts.out}`);
    }
    const heatmapSuites = opts.suites.filter((s): s is HeatmapSuite => (HEATMAP_SUITES as readonly string[]).includes(s));
    if (heatmapSuites.length) {
      await runHeatmap(db, { ...opts.heatmap, suites: heatmapSuites, seed: Number(opts.seed), regenerate: opts.regenerate, rounds: opts.rounds, log,
        write: (name, body) => writeSection(opts.out, name, body) });
      log(`[bench] wrote the ${heatmapSuites.join(' and ')} section of ${opts.out}`);
    }
    if (opts.suites.includes('city')) {
      writeSection(opts.out, 'city', await runCity({ sql: db.sql, log, planRuns: opts.planRuns, editRuns: opts.editRuns, loadBefore: loadavg()[0] ?? 0 }));
      log(`[bench] wrote the city section of ${opts.out}`);
    }
  } finally {
    await db.close();
  }
}

await main();
