/**
 * The incident heatmap's tile arithmetic (pure). Each case stores `tile_key`: the Morton code (x and y bits
 * interleaved) of its Web-Mercator position at level 26 (migration 015, incident_tile_key). A tile at zoom z is
 * then one contiguous range of keys, and a heatmap cell (a 1/32 × 1/32 square of the tile) is the key shifted
 * right, so PostgreSQL finds and groups a tile's cases with integer arithmetic on one index.
 */
import type { TileCoord } from '../tiles/tiles.domain.ts';

/** Bits per axis of `tile_key` (level 26: ~0.6 m at the equator); must match incident_tile_key in migration 015. */
export const KEY_LEVEL = 26;
/** Up to this zoom a tile carries cells (count and top category per cell); above it, the cases themselves. */
export const CELL_MAX_ZOOM = 14;
/** Cells across a tile: 32 × 32 at most, so a tile never carries more than 1,024 features at low zoom. */
export const CELLS_PER_TILE_BITS = 5;
/** The MVT extent (4096 units across a tile). */
export const EXTENT = 4096;
/** Cases one high-zoom tile carries at most (beyond, the newest first; z15+ tiles hold far fewer at 1M a year). */
export const MAX_POINTS = 5_000;

const DAY_MS = 86_400_000;

/** Spreads the bits of a non-negative integer below 2^26 to the even positions. */
function spread(v: number): bigint {
  let x = BigInt(v);
  x = (x | (x << 16n)) & 0x0000ffff0000ffffn;
  x = (x | (x << 8n)) & 0x00ff00ff00ff00ffn;
  x = (x | (x << 4n)) & 0x0f0f0f0f0f0f0f0fn;
  x = (x | (x << 2n)) & 0x3333333333333333n;
  x = (x | (x << 1n)) & 0x5555555555555555n;
  return x;
}

/** Gathers the even bits back (the inverse of spread). */
function gather(k: bigint): number {
  let x = k & 0x5555555555555555n;
  x = (x | (x >> 1n)) & 0x3333333333333333n;
  x = (x | (x >> 2n)) & 0x0f0f0f0f0f0f0f0fn;
  x = (x | (x >> 4n)) & 0x00ff00ff00ff00ffn;
  x = (x | (x >> 8n)) & 0x0000ffff0000ffffn;
  x = (x | (x >> 16n)) & 0x00000000ffffffffn;
  return Number(x);
}

/** The Morton code of (x, y): x in the even bits, y in the odd ones. */
export function morton(x: number, y: number): bigint {
  return spread(x) | (spread(y) << 1n);
}

/** The (x, y) of a Morton code. */
export function unmorton(k: bigint): { x: number; y: number } {
  return { x: gather(k), y: gather(k >> 1n) };
}

/** The level-26 key of a lon/lat (as incident_tile_key computes it in SQL), for tests and checks. */
export function tileKeyOf(lon: number, lat: number): bigint {
  const n = 2 ** KEY_LEVEL;
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, Math.floor(v)));
  const phi = (Math.max(-85.0511287798, Math.min(85.0511287798, lat)) * Math.PI) / 180;
  const x = clamp(((lon + 180) / 360) * n);
  const y = clamp(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n);
  return morton(x, y);
}

/** The keys of the cases inside a tile: [lo, hi). */
export function tileKeyRange({ z, x, y }: TileCoord): { lo: bigint; hi: bigint } {
  const shift = BigInt(2 * (KEY_LEVEL - z));
  const base = morton(x, y);
  return { lo: base << shift, hi: (base + 1n) << shift };
}

/** How far to shift a key right to get its cell's Morton code at this zoom (cells are 1/32 of the tile). */
export function cellShift(z: number): number {
  return 2 * (KEY_LEVEL - z - CELLS_PER_TILE_BITS);
}

/** Whether a tile at this zoom carries cells (true) or points (false). */
export function carriesCells(z: number): boolean {
  return z <= CELL_MAX_ZOOM;
}

/** Day numbers (UTC days since 1970-01-01, as incident.reported_day) that a window [from, to) touches. */
export function windowDays(from: Date, to: Date): number[] {
  const first = Math.floor(from.getTime() / DAY_MS);
  const last = Math.floor((to.getTime() - 1) / DAY_MS);
  const days: number[] = [];
  for (let d = first; d <= last; d++) days.push(d);
  return days;
}
