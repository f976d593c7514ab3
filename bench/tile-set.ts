/** The fixed set of tiles a benchmark requests: every tile over the town at each zoom, sampled where there are many. */
import type { Random } from '../data/seed/random.ts';

export interface Tile {
  z: number;
  x: number;
  y: number;
}

/** [minLon, minLat, maxLon, maxLat] in WGS-84. */
export type BBox = [number, number, number, number];

/** The Web-Mercator tile holding a point at zoom z. */
export function tileOf(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** Every tile at zoom z that touches the box, row by row. */
export function tilesCovering([w, s, e, n]: BBox, z: number): Tile[] {
  const nw = tileOf(w, n, z);
  const se = tileOf(e, s, z);
  const tiles: Tile[] = [];
  for (let y = nw.y; y <= se.y; y++) for (let x = nw.x; x <= se.x; x++) tiles.push({ z, x, y });
  return tiles;
}

function shuffle<T>(items: T[], rng: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Tiles over the box at each zoom, at most `perZoom` of them (a seeded sample), in a seeded
 * random order so consecutive requests do not walk neighbouring pages of the index.
 */
export function tileSet(bbox: BBox, zooms: readonly number[], perZoom: number, rng: Random): Tile[] {
  const picked = zooms.flatMap((z) => shuffle(tilesCovering(bbox, z), rng).slice(0, perZoom));
  return shuffle(picked, rng);
}
