/** The incident suites' sections of RESULTS.md: intake rate and list latency, each beside the repository's bare SQL. */
import type { Machine } from '../report.ts';
import type { IntakeResult } from './intake.ts';
import type { ListComparison } from './list.ts';
import type { Town } from './town.ts';

/** Issue 11's targets. */
export const INCIDENT_TARGETS = { reportsPerSecond: 500, listP95Ms: 200 };

const f0 = (n: number) => Math.round(n).toLocaleString('en');
const f1 = (n: number) => n.toFixed(1);

/** The machine line of a section: cores, versions and the load when the run began. */
export function machineLine(m: Machine): string {
  return `- **Machine:** ${m.cores} cores (${m.cpu}), ${m.ramGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres}, PostGIS ${m.postgis}; ` +
    `1-minute load average ${m.loadBefore.toFixed(2)} when the run began (other work shares the machine); ${m.date}`;
}

function townLine(town: Town, cases: number, seconds: number | null): string {
  return `- **Dataset:** the synthetic town 合成区 (990101: ${town.towns} street offices, ${town.communities} communities, ${f0(town.grids)} grids, ` +
    `${town.departments} departments) with ${f0(cases)} synthetic cases over the year before the run` +
    `${seconds === null ? '' : `, made by generate_series in ${f1(seconds)} s`}, in a scratch database dropped afterwards`;
}

/** The intake section. */
export function intakeMarkdown(m: Machine, town: Town, cases: number, r: IntakeResult, concurrency: number, command: string): string {
  const met = r.server.perSecond >= INCIDENT_TARGETS.reportsPerSecond;
  return [
    '## Incident intake (issue 11)',
    '',
    machineLine(m),
    townLine(town, r.before, null),
    `- **Load:** ${concurrency} clients in a worker thread, keep-alive, each POSTing the next of ${f0(r.reports)} seeded reports (points inside the county, ` +
    'random event categories) as soon as its last one was answered, for the time below; each report is placed in its grid of the plan in force, ' +
    'gets its due time on the working-day calendar, is written with its timeline line and follower, checked for open duplicates within 50 m and audited.',
    `- **Bare SQL:** the repository's statement the server writes a report with (the case, its timeline line and follower in one INSERT … WITH), for the same rows, place and due time looked up beforehand.`,
    '',
    '| path | seconds | reports | reports/s | p50 ms | p95 ms | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    `| POST /api/incidents (API key) | ${f1(r.server.seconds)} | ${f0(r.server.requests)} | **${f0(r.server.perSecond)}** | ${f1(r.server.p50)} | ${f1(r.server.p95)} | ${r.server.errors} |`,
    `| bare INSERT (repository) | ${f1(r.raw.seconds)} | ${f0(r.raw.requests)} | ${f0(r.raw.perSecond)} | ${f1(r.raw.p50)} | ${f1(r.raw.p95)} | ${r.raw.errors} |`,
    '',
    `Server ÷ bare: **${(r.raw.perSecond / r.server.perSecond).toFixed(2)}×** the time per report. Target ≥ ${INCIDENT_TARGETS.reportsPerSecond} reports/s: **${met ? 'met' : 'missed'}**.`,
    '',
    '```',
    command,
    '```',
  ].join('\n');
}

/** The list section. */
export function listMarkdown(m: Machine, town: Town, cases: number, seconds: number | null, results: readonly ListComparison[], command: string): string {
  const worst = Math.max(...results.map((r) => r.server.p95));
  return [
    '## Incident list (issue 11)',
    '',
    machineLine(m),
    townLine(town, cases, seconds),
    '- **Caller:** the county\'s commander, signed in (every case in scope). One request at a time, 40 seeded variants of each question ' +
    '(community, street office, grid, category, month) in turn; the route (validation, scope, page query and total, each case\'s allowed actions, JSON) ' +
    'against the repository\'s `list` with the same parsed filters (its page query and its count). Rounds alternate; the round with the lower p95 counts.',
    '',
    '| question | cases found (mean; the list counts up to 10,000) | server p50 / p95 ms | bare p50 / p95 ms | p95 ratio | target p95 ≤ 200 ms |',
    '|---|---:|---:|---:|---:|---|',
    ...results.map((r) => `| ${r.name} | ${f0(r.meanTotal)} | ${f1(r.server.p50)} / **${f1(r.server.p95)}** | ${f1(r.raw.p50)} / ${f1(r.raw.p95)} | ` +
      `${(r.server.p95 / r.raw.p95).toFixed(2)}× | ${r.server.p95 <= INCIDENT_TARGETS.listP95Ms ? 'met' : 'missed'}${r.server.errors + r.raw.errors ? ` (${r.server.errors + r.raw.errors} errors)` : ''} |`),
    '',
    `Slowest p95 through the server: **${f1(worst)} ms** (target ≤ ${INCIDENT_TARGETS.listP95Ms} ms: ${worst <= INCIDENT_TARGETS.listP95Ms ? 'met' : 'missed'}).`,
    '',
    '```',
    command,
    '```',
  ].join('\n');
}
