/** The measurements: tiles per layer and point → grid lookups, each through HTTP and as raw SQL. */
import type { Sql } from 'postgres';
import { createGridsRepo } from '../server/src/features/grids/grids.repo.ts';
import { createTilesRepo } from '../server/src/features/tiles/tiles.repo.ts';
import { TILE_LAYERS, type TileLayer } from '../server/src/features/tiles/tiles.domain.ts';
import { httpLoad } from './http-load.ts';
import { runLoad, type LoadOptions, type Stats } from './measure.ts';
import type { Tile } from './tile-set.ts';

/** One line of the results: the same work through the server (anonymous and signed in) and as raw SQL. */
export interface Comparison {
  name: string;
  detail: string;
  /** Anonymous: no cookie. */
  server: Stats;
  /** With a signed-in user's session cookie, as the map sends its requests. */
  signedIn: Stats;
  raw: Stats;
  /** Tiles only: the default server with its in-memory tile cache, warm, signed in. */
  cached?: Stats;
}

/** A single-path measurement that explains where the server's time goes. */
export interface Probe {
  name: string;
  stats: Stats;
}

export interface SuiteContext {
  sql: Sql;
  /** A server with the tile cache off, so every tile runs its SQL: the fair match for raw SQL. */
  port: number;
  /** The default server, tile cache on. */
  cachedPort: number;
  /** The plan date the server uses today, so the raw grid tiles are the very same query. */
  date: string;
  /** The Cookie header of a signed-in user (bench/signed-in.ts). */
  cookie: string;
  load: LoadOptions;
  /** Each comparison is split into this many alternating rounds; the best round of each side counts. */
  rounds: number;
  log: (m: string) => void;
}

/** The round with the highest throughput: on a shared machine, background work only ever slows a round down. */
export function best(rounds: readonly Stats[]): Stats {
  return rounds.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
}

// Warm-up first (one bounded pass of each path); then short rounds rotating which of the three
// paths (anonymous, signed in, raw SQL) goes first, so a burst of background load cannot favour one.
async function compare(ctx: SuiteContext, paths: string[], ok: number[], raw: (i: number) => Promise<number>) {
  const warm = { ...ctx.load, maxRequests: Math.min(paths.length, ctx.load.maxRequests), maxSeconds: Math.min(3, ctx.load.maxSeconds) };
  const signedIn = { cookie: ctx.cookie };
  await runLoad(raw, warm);
  await httpLoad({ port: ctx.port, paths, ok, load: warm });
  await httpLoad({ port: ctx.port, paths, ok, load: warm, headers: signedIn });
  const round = { ...ctx.load, maxRequests: Math.ceil(ctx.load.maxRequests / ctx.rounds), maxSeconds: ctx.load.maxSeconds / ctx.rounds };
  const out = { server: [] as Stats[], signedIn: [] as Stats[], raw: [] as Stats[] };
  const steps = [
    () => httpLoad({ port: ctx.port, paths, ok, load: round }).then((st) => out.server.push(st)),
    () => httpLoad({ port: ctx.port, paths, ok, load: round, headers: signedIn }).then((st) => out.signedIn.push(st)),
    () => runLoad(raw, round).then((st) => out.raw.push(st)),
  ];
  for (let k = 0; k < ctx.rounds; k++) {
    for (let j = 0; j < steps.length; j++) await steps[(k + j) % steps.length]!();
  }
  return { server: best(out.server), signedIn: best(out.signedIn), raw: best(out.raw) };
}

/** The warm-cache figure, signed in: after one pass every tile of the set is in the server's cache. */
async function cachedRun(ctx: SuiteContext, paths: string[]): Promise<Stats> {
  const ok = [200, 204];
  const headers = { cookie: ctx.cookie };
  await httpLoad({ port: ctx.cachedPort, paths, ok, load: { ...ctx.load, maxRequests: paths.length }, headers });
  const round = { ...ctx.load, maxRequests: Math.ceil(ctx.load.maxRequests / ctx.rounds), maxSeconds: ctx.load.maxSeconds / ctx.rounds };
  const rounds: Stats[] = [];
  for (let k = 0; k < ctx.rounds; k++) rounds.push(await httpLoad({ port: ctx.cachedPort, paths, ok, load: round, headers }));
  return best(rounds);
}

/** Tiles of every layer, over the layer's zooms within the set. */
export async function benchTiles(ctx: SuiteContext, tiles: readonly Tile[]): Promise<Comparison[]> {
  const repo = createTilesRepo(ctx.sql);
  const results: Comparison[] = [];
  for (const layer of Object.keys(TILE_LAYERS) as TileLayer[]) {
    const set = tiles.filter((t) => t.z >= TILE_LAYERS[layer].minzoom);
    const zooms = [...new Set(set.map((t) => t.z))].sort((a, b) => a - b);
    ctx.log(`[bench] tiles/${layer}: ${set.length} tiles at z${zooms[0]}–z${zooms.at(-1)}`);
    const paths = set.map((t) => `/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`);
    const raw = async (i: number) => (await repo.tile(layer, set[i % set.length]!, ctx.date)).length;
    const detail = `${set.length} tiles z${zooms[0]}–${zooms.at(-1)}`;
    results.push({ name: `tiles: ${layer}`, detail, ...(await compare(ctx, paths, [200, 204], raw)), cached: await cachedRun(ctx, paths) });
  }
  return results;
}

/** GET /api/grids/at versus the repository's lookup, over the same seeded points. */
export async function benchLookups(ctx: SuiteContext, points: readonly [number, number][]): Promise<Comparison> {
  const repo = createGridsRepo(ctx.sql);
  const paths = points.map(([lon, lat]) => `/api/grids/at?lon=${lon}&lat=${lat}`);
  const raw = async (i: number) => {
    const [lon, lat] = points[i % points.length]!;
    return (await repo.at(lon, lat, ctx.date)) ? 1 : 0;
  };
  ctx.log(`[bench] grids/at: ${points.length} points`);
  return { name: 'grids/at lookup', detail: `${points.length} seeded points`, ...(await compare(ctx, paths, [200, 404], raw)) };
}

/** The fixed costs under every request: an HTTP round trip that touches no table, and a PostgreSQL round trip that does no work. */
export async function benchOverhead(ctx: SuiteContext): Promise<Probe[]> {
  const floor = { port: ctx.port, paths: ['/api/no-such-route'], ok: [404] };
  const signedIn = { ...floor, headers: { cookie: ctx.cookie } };
  await httpLoad({ ...floor, load: { ...ctx.load, maxSeconds: 1 } });
  const round = { ...ctx.load, maxRequests: Math.ceil(ctx.load.maxRequests / ctx.rounds), maxSeconds: ctx.load.maxSeconds / ctx.rounds };
  const http: Stats[] = [];
  const httpSignedIn: Stats[] = [];
  const db: Stats[] = [];
  for (let k = 0; k < ctx.rounds; k++) {
    http.push(await httpLoad({ ...floor, load: round }));
    httpSignedIn.push(await httpLoad({ ...signedIn, load: round }));
    db.push(await runLoad(() => ctx.sql`select 1`.then(() => 0), round));
  }
  return [
    { name: 'HTTP round trip, no SQL (unknown route → 404)', stats: best(http) },
    { name: 'the same, signed in (session cookie)', stats: best(httpSignedIn) },
    { name: 'PostgreSQL round trip, no work (select 1 through postgres.js)', stats: best(db) },
  ];
}
