/**
 * The heatmap's and the indicators' latencies: each request through the HTTP server (signed in) and the same
 * repository call run directly (raw SQL), one after the other in alternating order, plus a textbook baseline
 * (what the query would be without migration 015: ST_Transform and ST_SnapToGrid per case over the GiST and
 * BRIN indexes) for the tiles and a bare count per community for the indicators.
 */
import type { Sql } from 'postgres';
import type { Random } from '../../data/seed/random.ts';
import { createIncidentStatsService } from '../../server/src/features/incidents/incident-stats.service.ts';
import { carriesCells } from '../../server/src/features/incidents/incident-tiles.domain.ts';
import { createIncidentTilesRepo } from '../../server/src/features/incidents/incident-tiles.repo.ts';
import type { IncidentScope } from '../../server/src/features/incidents/incidents.repo.ts';
import type { HttpClient } from '../http-client.ts';
import { percentile } from '../measure.ts';
import { tileOf } from '../tile-set.ts';

const DAY = 86_400_000;

/** Latencies of one path (ms, ascending) and the mean bytes it answered. */
export interface Timings {
  p50: number;
  p95: number;
  n: number;
  meanBytes: number;
}

/** One zoom's (or the indicators') figures: through the server, the same call directly, and the baseline. */
export interface HeatmapLine {
  name: string;
  server: Timings;
  raw: Timings;
  baseline: Timings | null;
}

/** What the measurements need: the database, the server's port and a signed-in client, whose scope, and the data's year. */
export interface HeatmapContext {
  sql: Sql;
  client: HttpClient;
  scope: IncidentScope;
  /** The county the scope covers and the street office measured for the indicators. */
  county: string;
  town: string;
  /** The data's first and last instant: windows are drawn inside it. */
  start: Date;
  end: Date;
  /** Positions of sampled cases: a tile is the one holding one of them, as people look where cases are. */
  points: readonly [number, number][];
  rng: Random;
  log: (m: string) => void;
}

function timings(ms: number[], bytes: number[]): Timings {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), n: ms.length, meanBytes: bytes.reduce((s, b) => s + b, 0) / Math.max(1, bytes.length) };
}

/** Runs both, `aFirst` deciding the order, and gives their results as [a, b]. */
async function both<T>(aFirst: boolean, a: () => Promise<T>, b: () => Promise<T>): Promise<[T, T]> {
  if (aFirst) {
    const x = await a();
    return [x, await b()];
  }
  const y = await b();
  return [await a(), y];
}

async function timed(run: () => Promise<number>): Promise<[number, number]> {
  const t = performance.now();
  const bytes = await run();
  return [performance.now() - t, bytes];
}

/** A random 30-day window inside the data's year. */
function window(ctx: HeatmapContext): { from: Date; to: Date } {
  const span = ctx.end.getTime() - ctx.start.getTime() - 30 * DAY;
  const from = new Date(ctx.start.getTime() + Math.floor(ctx.rng.next() * Math.max(0, span) / 60_000) * 60_000);
  return { from, to: new Date(from.getTime() + 30 * DAY) };
}

/** The query without migration 015's key and index: transform and snap (cells) or clip (cases) every case of the window in the tile. */
async function textbookTile(sql: Sql, t: { z: number; x: number; y: number }, w: { from: Date; to: Date }, county: string): Promise<number> {
  const cells = carriesCells(t.z);
  const [r] = await sql`
    with b as (select ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}) as b3857, ST_Transform(ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}), 4326) as b4326),
    f as (
      select ${cells ? sql`ST_SnapToGrid(ST_Transform(i.geom, 3857), (ST_XMax(b.b3857) - ST_XMin(b.b3857)) / 32)` : sql`ST_Transform(i.geom, 3857)`} as g,
             i.category_code, i.id, i.status
      from incident i, b
      where i.reported_at >= ${w.from} and i.reported_at < ${w.to} and i.geom && b.b4326 and i.community_code like ${`${county}%`}),
    g as (${cells
      ? sql`select count(*)::int as count, mode() within group (order by category_code) as category, ST_AsMVTGeom(g, b.b3857) as geom from f, b group by g, b.b3857`
      : sql`select id, category_code as category, status, ST_AsMVTGeom(g, b.b3857) as geom from f, b`})
    select ST_AsMVT(g, 'incidents', 4096, 'geom') as mvt from g where geom is not null`;
  return (r?.mvt as Uint8Array | null)?.length ?? 0;
}

/** Tiles at each zoom: the tile of a sampled case, in a random 30-day window; server and raw SQL alternate which goes first. */
export async function benchHeatmapTiles(ctx: HeatmapContext, zooms: readonly number[], perZoom: number): Promise<HeatmapLine[]> {
  const repo = createIncidentTilesRepo(ctx.sql);
  const lines: HeatmapLine[] = [];
  for (const z of zooms) {
    const server: number[][] = [[], []];
    const raw: number[][] = [[], []];
    const base: number[][] = [[], []];
    const requests = Array.from({ length: perZoom }, () => {
      const [lon, lat] = ctx.points[Math.floor(ctx.rng.next() * ctx.points.length)]!;
      return { t: { z, ...tileOf(lon, lat, z) }, w: window(ctx) };
    });
    // a warm-up pass over a few of them (the first queries read the index pages in)
    for (const { t, w } of requests.slice(0, 5)) await (carriesCells(z) ? repo.cells(t, ctx.scope, w) : repo.points(t, ctx.scope, w, ctx.end));
    for (const [i, { t, w }] of requests.entries()) {
      const path = `/tiles/incidents/${t.z}/${t.x}/${t.y}.mvt?from=${encodeURIComponent(w.from.toISOString())}&to=${encodeURIComponent(w.to.toISOString())}`;
      const viaServer = () => timed(() => ctx.client.get(path, [200, 204]));
      const viaRaw = () => timed(async () => (carriesCells(z) ? await repo.cells(t, ctx.scope, w) : await repo.points(t, ctx.scope, w, ctx.end)).length);
      const [a, b] = await both(i % 2 === 0, viaServer, viaRaw);
      server[0]!.push(a[0]); server[1]!.push(a[1]); raw[0]!.push(b[0]); raw[1]!.push(b[1]);
      // the textbook query takes seconds at low zoom over a million cases: one request in ten
      if (i % 10 === 0) {
        const [ms, bytes] = await timed(() => textbookTile(ctx.sql, t, w, ctx.county));
        base[0]!.push(ms); base[1]!.push(bytes);
      }
    }
    const line = { name: `z${z}`, server: timings(server[0]!, server[1]!), raw: timings(raw[0]!, raw[1]!), baseline: timings(base[0]!, base[1]!) };
    ctx.log(`[bench] incidents-tiles z${z}: server p95 ${line.server.p95.toFixed(1)} ms, raw p95 ${line.raw.p95.toFixed(1)} ms, textbook p95 ${line.baseline.p95.toFixed(1)} ms`);
    lines.push(line);
  }
  return lines;
}

/** Local (Beijing) month starts from the data's first full month to its last. */
function months(start: Date, end: Date): { from: Date; to: Date; label: string }[] {
  const out = [];
  const local = new Date(start.getTime() + 8 * 3_600_000);
  for (let y = local.getUTCFullYear(), m = local.getUTCMonth() + 1; ; m++) {
    const from = new Date(Date.UTC(y, m, 1) - 8 * 3_600_000);
    const to = new Date(Date.UTC(y, m + 1, 1) - 8 * 3_600_000);
    if (to.getTime() > end.getTime()) break;
    out.push({ from, to, label: from.toISOString().slice(0, 7) });
  }
  return out;
}

/** A month of the street office's indicators (grouped by community), every full month of the data, `rounds` times each. */
export async function benchHeatmapStats(ctx: HeatmapContext, rounds: number): Promise<HeatmapLine & { months: number }> {
  const service = createIncidentStatsService(ctx.sql);
  const list = months(ctx.start, ctx.end);
  const s: number[][] = [[], []];
  const r: number[][] = [[], []];
  const b: number[][] = [[], []];
  await service.stats(ctx.scope, { jurisdiction: ctx.town, ...list[0]! }, ctx.end);
  for (let k = 0; k < rounds; k++) {
    for (const [i, m] of list.entries()) {
      const path = `/api/incidents/stats?jurisdiction=${ctx.town}&from=${encodeURIComponent(m.from.toISOString())}&to=${encodeURIComponent(m.to.toISOString())}`;
      const viaServer = () => timed(() => ctx.client.get(path));
      const viaRaw = () => timed(async () => JSON.stringify(await service.stats(ctx.scope, { jurisdiction: ctx.town, ...m }, ctx.end)).length);
      const [a, c] = await both((i + k) % 2 === 0, viaServer, viaRaw);
      s[0]!.push(a[0]); s[1]!.push(a[1]); r[0]!.push(c[0]); r[1]!.push(c[1]);
      const [ms] = await timed(async () => (await ctx.sql`select community_code, count(*)::int from incident
        where town_code = ${ctx.town} and reported_at >= ${m.from} and reported_at < ${m.to} group by 1`).length);
      b[0]!.push(ms); b[1]!.push(0);
    }
  }
  const line = { name: `${ctx.town}, a month by community`, server: timings(s[0]!, s[1]!), raw: timings(r[0]!, r[1]!), baseline: timings(b[0]!, b[1]!), months: list.length };
  ctx.log(`[bench] incidents-stats: server p95 ${line.server.p95.toFixed(1)} ms, raw p95 ${line.raw.p95.toFixed(1)} ms, bare count p95 ${line.baseline.p95.toFixed(1)} ms`);
  return line;
}

/** Sampled case positions of the county (seeded: the same rows each run on the same data). */
export async function samplePoints(sql: Sql, county: string, n: number): Promise<[number, number][]> {
  const rows = await sql<{ lon: number; lat: number }[]>`
    select ST_X(geom) as lon, ST_Y(geom) as lat from incident tablesample bernoulli (1) repeatable (42)
    where county_code = ${county} limit ${n}`;
  return rows.map((p) => [Number(p.lon), Number(p.lat)]);
}

/** A window of the data's days for the window drawing (oldest and newest report of the county). */
export async function dataSpan(sql: Sql, county: string): Promise<{ start: Date; end: Date; cases: number }> {
  const [r] = await sql<{ start: Date; end: Date; n: number }[]>`
    select min(reported_at) as start, max(reported_at) as end, count(*)::int as n from incident where county_code = ${county}`;
  return { start: r!.start, end: r!.end, cases: r!.n };
}
