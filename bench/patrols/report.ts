/** The patrol suites' sections of RESULTS.md, each beside its raw baseline, with issue 12's targets. */
import { machineLine } from '../incidents/report.ts';
import type { Town } from '../incidents/town.ts';
import type { Machine } from '../report.ts';
import { median, type CoverageResult } from './coverage.ts';
import type { PatrolDay } from './dataset.ts';
import type { BatchResult, OsmandResult } from './ingest.ts';
import type { ReplayResult } from './replay.ts';

/** Issue 12's targets (the single fix's latency has none: its p99 is reported). */
export const PATROL_TARGETS = { fixesPerSecond: 10_000, coverageSeconds: 10, replayP95Ms: 200 };

const f0 = (n: number) => Math.round(n).toLocaleString('en');
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const verdict = (met: boolean) => `**${met ? 'met' : 'missed'}**`;
const fence = (command: string) => ['```', command, '```'];

function townLine(town: Town, extra: string): string {
  return `- **Town:** the synthetic 合成区 (990101) at 658,500 households: ${town.towns} street offices, ${town.communities} communities, ` +
    `${f0(town.grids)} grids in a published plan, with its buildings and roads (cut into street pieces of ≤ 25 m)${extra}, in a scratch database dropped afterwards`;
}

/** The ingest section: (a) batches through the server against COPY, (b) one fix's latency against a single INSERT. */
export function ingestMarkdown(m: Machine, town: Town, a: BatchResult, b: OsmandResult, command: string): string {
  const fixesPerSecond = a.server.perSecond * a.batch;
  return [
    '## Patrol ingestion (issue 12)',
    '',
    machineLine(m),
    townLine(town, ''),
    `- **(a) Batches:** ${a.concurrency} clients in a worker thread, keep-alive, each POSTing the next ${a.batch} fixes of one of ${a.patrols} open web-app ` +
    'patrols (one per grid leader, API key; fixes 5 s apart along a walk in the worker\'s grid) to `POST /api/patrols/:id/fixes` as soon as the last ' +
    'was answered, after a 3 s warm-up. Each request is checked (zod), its patrol read, and its fixes screened by hygiene and written by the fix ' +
    'writer in one transaction per batch of requests (the fixes, the patrols\' totals, the worker\'s current position) before it is answered.',
    `- **COPY:** the very same rows (every fix the clients sent, warm-up included) under devices and patrols of their own, ${a.copy.streams} COPY ` +
    'streams at once into gps_fix (nothing else: no patrol totals, no positions).',
    '',
    '| path | seconds | fixes | fixes/s | requests/s | p50 ms | p95 ms | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    `| POST /api/patrols/:id/fixes | ${f1(a.server.seconds)} | ${f0(a.server.requests * a.batch)} | **${f0(fixesPerSecond)}** | ${f0(a.server.perSecond)} | ` +
    `${f1(a.server.p50)} | ${f1(a.server.p95)} | ${a.server.errors} |`,
    `| raw COPY | ${f1(a.copy.seconds)} | ${f0(a.copy.rows)} | ${f0(a.copy.perSecond)} | – | – | – | 0 |`,
    '',
    `Stored ${f0(a.answered.stored)} (set aside by hygiene ${f0(a.answered.setAside)}), duplicates ${f0(a.answered.duplicates)}, refused ${f0(a.answered.refused)}. ` +
    `Server ÷ COPY: **${f2(a.copy.perSecond / fixesPerSecond)}×** the time per fix. Target ≥ ${f0(PATROL_TARGETS.fixesPerSecond)} fixes/s: ${verdict(fixesPerSecond >= PATROL_TARGETS.fixesPerSecond)}.`,
    '',
    `- **(b) One fix:** ${f0(b.devices)} Traccar Client phones, each bound to a grid leader by \`POST /api/devices\` (an admin's API key), each reporting ` +
    `every ${f0(b.devices / b.perSecond)} s: \`GET /gps/osmand?id=…&timestamp=…&lat=…&lon=…&speed=…&bearing=…&altitude=…&accuracy=…&batt=…\` as the app ` +
    `sends it, ${f0(b.perSecond)} requests/s spread evenly, open loop (a slow answer holds nothing back; latency counted from when a request was due). ` +
    'One round of every phone first (each opens its patrol), then the measured run. Answered 200 once the fix is committed.',
    '- **INSERT:** a single-row INSERT of a fix into gps_fix (autocommit) at the same pace.',
    '',
    '| path | seconds | requests | p50 ms | p95 ms | p99 ms | max ms | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    `| GET /gps/osmand | ${f1(b.server.seconds)} | ${f0(b.server.sent)} | ${f2(b.server.p50)} | ${f2(b.server.p95)} | **${f2(b.server.p99)}** | ${f1(b.server.max)} | ${b.server.errors} |`,
    `| single-row INSERT | ${f1(b.raw.seconds)} | ${f0(b.raw.sent)} | ${f2(b.raw.p50)} | ${f2(b.raw.p95)} | ${f2(b.raw.p99)} | ${f1(b.raw.max)} | ${b.raw.errors} |`,
    '',
    `p99 server ÷ INSERT: **${f2(b.server.p99 / b.raw.p99)}×** (p50 ${f2(b.server.p50 / b.raw.p50)}×). The client fell at most ${f1(b.server.maxLagMs)} ms behind its schedule.`,
    '',
    ...fence(command),
  ].join('\n');
}

/** The coverage section. */
export function coverageMarkdown(m: Machine, town: Town, d: PatrolDay, c: CoverageResult, command: string): string {
  const mid = median(c.runs.map((r) => r.ms));
  const base = median(c.baseline);
  const steps = Object.keys(c.runs[0]!.steps);
  return [
    '## Patrol coverage of a day (issue 12)',
    '',
    machineLine(m),
    townLine(town, `; ${f0(c.found.buildingsTotal)} buildings and ${f1(c.found.streetTotalM / 1000)} km of street in the grids`),
    `- **Day:** ${d.day} (Beijing): ${f0(d.patrols)} patrols × ${f0((d.fixes - d.replay.fixes) / d.patrols)} fixes (5 s apart, walking, each in its worker's grid; ` +
    `${f0(d.gridsWalked)} grids have a patrol, the others none) and one worker's 8-hour day (${f0(d.replay.fixes)} fixes): ${f0(d.fixes)} fixes, ` +
    `written by one COPY in ${f1(d.seconds)} s with their devices and patrols.`,
    '- **Computation:** the coverage service\'s `computeDay` (coverage-compute.repo.ts) for every grid in force: chunks of each patrol\'s walk, time and ' +
    'distance inside each grid, buildings within 50 m, street pieces within 20 m, the day\'s rows replaced and the last visits moved forward.',
    '- **Baseline:** the day\'s kept fixes counted per grid in force with `ST_Intersects` (no time, distance, buildings or streets).',
    '',
    `| run | computation s | ${steps.join(' ms | ')} ms | baseline s |`,
    `|---|---:|${steps.map(() => '---:').join('|')}|---:|`,
    ...c.runs.map((r, i) => `| ${i + 1} | ${f2(r.ms / 1000)} | ${steps.map((s) => f0(r.steps[s] ?? 0)).join(' | ')} | ${f2((c.baseline[i] ?? NaN) / 1000)} |`),
    '',
    `Found: ${f0(c.found.patrolled)} of ${f0(c.grids)} grids patrolled, ${f0(c.found.buildingsPassed)} of ${f0(c.found.buildingsTotal)} buildings passed, ` +
    `${f1(c.found.streetWalkedM / 1000)} of ${f1(c.found.streetTotalM / 1000)} km of street walked, ${f0(c.workerGridRows)} worker × grid rows; the baseline ` +
    `found fixes in ${f0(c.baselineGrids)} grids. Median: **${f2(mid / 1000)} s** against ${f2(base / 1000)} s for the baseline ` +
    `(**${f2(mid / base)}×**). Target ≤ ${PATROL_TARGETS.coverageSeconds} s: ${verdict(mid <= PATROL_TARGETS.coverageSeconds * 1000)}.`,
    '',
    'The baseline is the slower because it asks the grids\' index once for every fix of the day (a million probes); the computation first ' +
    'joins each patrol\'s fixes into lines of at most 5 minutes (about 19,000 here) and asks once per line (bench/README.md has its plan).',
    '',
    ...fence(command),
  ].join('\n');
}

/** The replay section. */
export function replayMarkdown(m: Machine, d: PatrolDay, r: ReplayResult, requests: number, command: string): string {
  return [
    '## Track replay of a day (issue 12)',
    '',
    machineLine(m),
    `- **Data:** the coverage suite's day (${d.day}, ${f0(d.fixes)} fixes in gps_fix); the patrol replayed is one worker's 8 hours, ${f0(r.fixes)} fixes.`,
    `- **Server:** \`GET /api/patrols/:id/track\` as the county's commander (signed in; patrols.view over the worker; gzip accepted as a browser does; ` +
    `each read audited): the patrol and scope checks, its fixes, the line simplified for display and its stops, as JSON. ${requests} requests one at a ` +
    'time, after 5 untimed ones, alternating with the raw select.',
    '- **Raw:** `select fixed_at, ST_X(geom), ST_Y(geom), accuracy, speed, kept from gps_fix where patrol_id = … order by fixed_at`.',
    '',
    '| path | requests | p50 ms | p95 ms | mean bytes |',
    '|---|---:|---:|---:|---:|',
    `| GET /api/patrols/:id/track | ${r.server.requests} | ${f1(r.server.p50)} | **${f1(r.server.p95)}** | ${f0(r.server.meanBytes)} (gzip) |`,
    `| raw select | ${r.raw.requests} | ${f1(r.raw.p50)} | ${f1(r.raw.p95)} | – |`,
    '',
    `p95 server ÷ raw: **${f2(r.server.p95 / r.raw.p95)}×**. Target p95 ≤ ${PATROL_TARGETS.replayP95Ms} ms: ${verdict(r.server.p95 <= PATROL_TARGETS.replayP95Ms)}.`,
    '',
    ...fence(command),
  ].join('\n');
}
