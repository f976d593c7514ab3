/** The incidents-tiles and incidents-stats sections of RESULTS.md. */
import type { Machine } from '../report.ts';
import type { HeatmapLine, Timings } from './measure-heatmap.ts';

/** Targets of issue 11: a heatmap tile p95 ≤ 100 ms at z10–z17, a month of a street office's indicators ≤ 300 ms. */
export const HEATMAP_TARGETS = { tileP95: 100, statsP95: 300 };

/** What was measured on: the county and street office, how many cases, and whether they were made in this run. */
export interface HeatmapDataset {
  county: string;
  town: string;
  cases: number;
  /** Seconds it took to make the synthetic cases in this run, or null when reused or not made. */
  made: number | null;
  start: Date;
  end: Date;
}

const f0 = (n: number) => Math.round(n).toLocaleString('en');
const f1 = (n: number) => n.toFixed(1);
const pair = (t: Timings) => `${f1(t.p50)} / **${f1(t.p95)}**`;

function header(title: string, m: Machine, d: HeatmapDataset): string {
  const made = d.made !== null ? `made in this run in ${f1(d.made)} s` : 'made by an earlier run or already there';
  return `## ${title}

- **Date:** ${m.date}
- **Machine:** ${m.cores} cores (${m.cpu}), ${m.ramGiB} GiB RAM; Node ${m.node}; PostgreSQL ${m.postgres}, PostGIS ${m.postgis};
  1-minute load average ${m.loadBefore.toFixed(2)} when the run began
- **Dataset:** ${f0(d.cases)} cases of county ${d.county} reported ${d.start.toISOString().slice(0, 10)} – ${d.end.toISOString().slice(0, 10)} (${made})`;
}

/** The tiles section: per zoom, the server and the same call directly, with the textbook query beside. */
export function tilesMarkdown(m: Machine, d: HeatmapDataset, lines: readonly HeatmapLine[], command: string): string {
  const worst = Math.max(...lines.map((l) => l.server.p95));
  return `${header('Incident heatmap tiles (issue 11)', m, d)}

Each zoom: ${lines[0]?.server.n ?? 0} tiles, each the tile holding a sampled case (people look where cases are), over a random 30-day
window of the year, as the county's grid leader (bench-leader, scope the county; bench/signed-in.ts). "server" is
\`GET /tiles/incidents/:z/:x/:y.mvt\` through the real HTTP server on 127.0.0.1 with the session cookie, one request at a time;
"raw SQL" is the same repository call (\`createIncidentTilesRepo(sql).cells\` up to z14, \`.points\` above) run directly;
the two alternate which goes first. "textbook SQL" (one request in ten) is the query without migration 015: every case of the
window in the tile found by the GiST and BRIN indexes, ST_Transform'ed and ST_SnapToGrid'ed (cells) or clipped (cases).
Latencies in ms, p50 / **p95**; server/raw is the ratio of the p95s. Target: p95 ≤ ${HEATMAP_TARGETS.tileP95} ms at every zoom.

| zoom | server p50 / p95 | raw SQL p50 / p95 | server/raw (p95) | textbook SQL p50 / p95 | textbook/raw (p95) | mean bytes | target |
|---|---:|---:|---:|---:|---:|---:|---|
${lines.map((l) => `| ${l.name} | ${pair(l.server)} | ${pair(l.raw)} | ${(l.server.p95 / l.raw.p95).toFixed(2)}× | ${l.baseline ? pair(l.baseline) : '–'} | ${l.baseline ? `${(l.baseline.p95 / l.raw.p95).toFixed(1)}×` : '–'} | ${f0(l.server.meanBytes)} | ${l.server.p95 <= HEATMAP_TARGETS.tileP95 ? 'met' : 'missed'} |`).join('\n')}

Slowest zoom at p95 through the server: ${f1(worst)} ms (${worst <= HEATMAP_TARGETS.tileP95 ? 'met' : 'missed'}).

\`\`\`
${command}
\`\`\`
`;
}

/** The indicators section: a street office's month through the server, directly, and a bare count beside. */
export function statsMarkdown(m: Machine, d: HeatmapDataset, line: HeatmapLine & { months: number }, command: string): string {
  return `${header('Incident indicators (issue 11)', m, d)}

\`GET /api/incidents/stats?jurisdiction=${d.town}&from=&to=\` for each of the ${line.months} full local months of the data, ${line.server.n / Math.max(1, line.months)} times each,
grouped by community (the default below a street office): counts, rates, top categories, the handling time on the working-day
calendar, overdue now and the daily series. "server" is through the HTTP server signed in; "raw SQL" is the service call
(\`createIncidentStatsService(sql).stats\`, its two statements) run directly; "bare count" is the least any indicator needs,
\`count(*)\` by community of the month's cases of the street office. Latencies in ms, p50 / **p95**. Target: p95 ≤ ${HEATMAP_TARGETS.statsP95} ms.

| measurement | server p50 / p95 | raw SQL p50 / p95 | server/raw (p95) | bare count p50 / p95 | raw/bare (p95) | target |
|---|---:|---:|---:|---:|---:|---|
| ${line.name} | ${pair(line.server)} | ${pair(line.raw)} | ${(line.server.p95 / line.raw.p95).toFixed(2)}× | ${line.baseline ? pair(line.baseline) : '–'} | ${line.baseline ? `${(line.raw.p95 / line.baseline.p95).toFixed(1)}×` : '–'} | ${line.server.p95 <= HEATMAP_TARGETS.statsP95 ? 'met' : 'missed'} |

\`\`\`
${command}
\`\`\`
`;
}
