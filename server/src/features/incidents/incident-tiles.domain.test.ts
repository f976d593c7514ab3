import { describe, expect, it } from 'vitest';
import { carriesCells, cellShift, morton, tileKeyOf, tileKeyRange, unmorton, windowDays } from './incident-tiles.domain.ts';

/** The tile holding lon/lat at zoom z, by the usual Web-Mercator formula (independent of the domain's code). */
function tileAt(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
}

describe('Morton codes', () => {
  it('interleave x into the even bits and y into the odd ones, and come apart again', () => {
    expect(morton(1, 0)).toBe(1n);
    expect(morton(0, 1)).toBe(2n);
    expect(morton(3, 5)).toBe(0b100111n);
    for (const [x, y] of [[0, 0], [1, 2], [855, 420], [2 ** 26 - 1, 2 ** 26 - 1], [12345678, 7654321]] as const) expect(unmorton(morton(x, y))).toEqual({ x, y });
  });
});

describe('tile keys', () => {
  const points = [[120.68, 30.68], [116.3975, 39.9087], [-73.9857, 40.7484], [151.2093, -33.8688], [0.0001, 0.0001], [-179.9, 84.9]] as const;
  it('put every point inside the key range of each tile that holds it, and outside its neighbours\'', () => {
    for (const [lon, lat] of points) {
      const k = tileKeyOf(lon, lat);
      for (let z = 0; z <= 22; z++) {
        const t = tileAt(lon, lat, z);
        const { lo, hi } = tileKeyRange(t);
        expect(k >= lo && k < hi, `${lon},${lat} z${z}`).toBe(true);
        if (t.x + 1 < 2 ** z) {
          const next = tileKeyRange({ z, x: t.x + 1, y: t.y });
          expect(k >= next.lo && k < next.hi).toBe(false);
        }
      }
    }
  });

  it('give the cell (1/32 of the tile) a case falls in at each zoom by a shift', () => {
    for (const [lon, lat] of points) {
      for (const z of [10, 12, 14]) {
        const t = tileAt(lon, lat, z);
        const px = tileAt(lon, lat, z + 5);
        const cell = tileKeyOf(lon, lat) >> BigInt(cellShift(z));
        expect(unmorton(cell)).toEqual({ x: px.x, y: px.y });
        expect(Math.floor(px.x / 32) === t.x && Math.floor(px.y / 32) === t.y).toBe(true);
      }
    }
  });

  it('clamp latitudes beyond Web Mercator to its edge', () => {
    expect(unmorton(tileKeyOf(10, 89.9)).y).toBe(0);
    expect(unmorton(tileKeyOf(10, -89.9)).y).toBe(2 ** 26 - 1);
  });
});

describe('windows and zooms', () => {
  it('lists the UTC days a window touches, its end excluded', () => {
    expect(windowDays(new Date('2026-06-01T00:00:00Z'), new Date('2026-06-03T00:00:00Z'))).toEqual([20605, 20606]);
    expect(windowDays(new Date('2026-05-31T16:00:00Z'), new Date('2026-06-01T16:00:00Z'))).toEqual([20604, 20605]);
    expect(windowDays(new Date('2026-06-01T10:00:00Z'), new Date('2026-06-01T11:00:00Z'))).toEqual([20605]);
  });
  it('draws cells up to z14 and cases above', () => {
    expect(carriesCells(10)).toBe(true);
    expect(carriesCells(14)).toBe(true);
    expect(carriesCells(15)).toBe(false);
  });
});
