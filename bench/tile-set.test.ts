import { describe, expect, it } from 'vitest';
import { createRandom } from '../data/seed/random.ts';
import { tileOf, tileSet, tilesCovering, type BBox } from './tile-set.ts';

const town: BBox = [120.083, 30.235, 120.117, 30.265];

describe('tile set', () => {
  it('finds the tile of a point like the slippy-map formula', () => {
    expect(tileOf(0, 0, 1)).toEqual({ x: 1, y: 1 });
    // the tile's corners (inverse formula) enclose the point
    const { x, y } = tileOf(120.1, 30.25, 14);
    const lon = (tx: number) => (tx / 2 ** 14) * 360 - 180;
    const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / 2 ** 14))) * 180) / Math.PI;
    expect(lon(x)).toBeLessThanOrEqual(120.1);
    expect(lon(x + 1)).toBeGreaterThan(120.1);
    expect(lat(y)).toBeGreaterThanOrEqual(30.25);
    expect(lat(y + 1)).toBeLessThan(30.25);
  });

  it('covers the box at each zoom, four times as many tiles per zoom step (give or take the edges)', () => {
    const z14 = tilesCovering(town, 14);
    const z16 = tilesCovering(town, 16);
    expect(z14.length).toBeGreaterThan(1);
    expect(z16.length).toBeGreaterThan(z14.length * 8);
    expect(z16.every((t) => t.z === 16)).toBe(true);
  });

  it('samples at most perZoom tiles per zoom, the same ones for the same seed', () => {
    const set = tileSet(town, [12, 13, 14, 15, 16], 10, createRandom(1));
    expect(set.filter((t) => t.z === 16)).toHaveLength(10);
    expect(new Set(set.map((t) => `${t.z}/${t.x}/${t.y}`)).size).toBe(set.length);
    expect(tileSet(town, [12, 13, 14, 15, 16], 10, createRandom(1))).toEqual(set);
  });
});
