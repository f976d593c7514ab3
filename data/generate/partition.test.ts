import { describe, expect, it } from 'vitest';
import { createRandom } from '../seed/random.ts';
import { balance, bandOrder, COMMUNITY_MAX, COMMUNITY_MIN, groupCommunities, guillotine, rangeSum } from './partition.ts';

function matrix(rows: number, cols: number, f: (r: number, c: number) => number) {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => f(r, c)));
}

describe('guillotine', () => {
  const rule = { max: 500, target: 350, cellWidth: 60, cellHeight: 45 };

  it('covers every plot exactly once with pieces under the maximum', () => {
    const w = matrix(5, 4, (r, c) => 60 + ((r * 7 + c * 13) % 50));
    const pieces = guillotine(w, { r0: 0, r1: 5, c0: 0, c1: 4 }, rule);
    const hits = matrix(5, 4, () => 0);
    for (const p of pieces) for (let r = p.r0; r < p.r1; r++) for (let c = p.c0; c < p.c1; c++) hits[r]![c]! += 1;
    expect(hits.flat().every((h) => h === 1)).toBe(true);
    expect(pieces.every((p) => rangeSum(w, p) <= 500)).toBe(true);
    expect(pieces.reduce((s, p) => s + rangeSum(w, p), 0)).toBe(rangeSum(w, { r0: 0, r1: 5, c0: 0, c1: 4 }));
  });

  it('never leaves a piece without households', () => {
    // the south half is a park and a school
    const w = matrix(6, 3, (r) => (r < 3 ? 120 : 0));
    const pieces = guillotine(w, { r0: 0, r1: 6, c0: 0, c1: 3 }, rule);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => rangeSum(w, p) > 0)).toBe(true);
  });

  it('keeps a single oversized plot whole (a building is never split)', () => {
    expect(guillotine([[900]], { r0: 0, r1: 1, c0: 0, c1: 1 }, rule)).toEqual([{ r0: 0, r1: 1, c0: 0, c1: 1 }]);
  });
});

describe('communities', () => {
  it('visits a band so that consecutive blocks share an edge', () => {
    for (const band of bandOrder(5, 4)) {
      for (let k = 1; k < band.length; k++) {
        const [[r0, c0], [r1, c1]] = [band[k - 1]!, band[k]!];
        expect(Math.abs(r0 - r1) + Math.abs(c0 - c1)).toBe(1);
      }
    }
    expect(bandOrder(5, 4).flat()).toHaveLength(20);
  });

  it('groups consecutive blocks into communities mostly within the band', () => {
    const bands = bandOrder(8, 7).map((b) => b.map(([r, c]) => 600 + ((r * 31 + c * 17) % 700)));
    const groups = groupCommunities(bands, (h) => h, createRandom(2));
    const sizes = groups.map((g) => g.reduce((s, h) => s + h, 0));
    expect(sizes.reduce((s, h) => s + h, 0)).toBe(bands.flat().reduce((s, h) => s + h, 0));
    const within = sizes.filter((s) => s >= COMMUNITY_MIN * 0.75 && s <= COMMUNITY_MAX * 1.15);
    expect(within.length).toBe(sizes.length);
  });

  it('splits an overlong run where the halves are most even', () => {
    expect(balance([1000, 1000, 1000, 1000], (h) => h, 3000)).toEqual([[1000, 1000], [1000, 1000]]);
    expect(balance([1000, 500], (h) => h, 3000)).toEqual([[1000, 500]]);
  });
});
