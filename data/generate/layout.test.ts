import { describe, expect, it } from 'vitest';
import { createRandom } from '../seed/random.ts';
import { apportion, layoutRegion, splitEvenly, TOWN_HOUSEHOLDS } from './layout.ts';

const area = (r: { x0: number; x1: number; y0: number; y1: number }) => (r.x1 - r.x0) * (r.y1 - r.y0);

describe('layoutRegion', () => {
  it('splits totals exactly', () => {
    expect(splitEvenly(10, 3)).toEqual([4, 3, 3]);
    const shares = apportion(1000, [1, 2.5, 0.3, 7]);
    expect(shares.reduce((s, x) => s + x, 0)).toBe(1000);
    expect(shares[3]).toBeGreaterThan(shares[1]!);
  });

  it('makes ~50k-household towns whose blocks tile them and hold exactly the requested households', () => {
    const layout = layoutRegion(230_000, createRandom(5));
    expect(layout.towns).toHaveLength(Math.round(230_000 / TOWN_HOUSEHOLDS));
    expect(layout.towns.reduce((s, t) => s + t.target, 0)).toBe(230_000);
    for (const town of layout.towns) {
      expect(town.blocks.reduce((s, b) => s + b.target, 0)).toBe(town.target);
      expect(town.blocks.reduce((s, b) => s + area(b.rect), 0)).toBeCloseTo(area(town.rect), 3);
      expect(town.rect.x1).toBeLessThanOrEqual(layout.width);
      expect(town.rect.y1).toBeLessThanOrEqual(layout.height);
    }
  });

  it('stacks towns in a column without gaps', () => {
    const { towns } = layoutRegion(500_000, createRandom(1));
    for (const t of towns) {
      const above = towns.find((o) => o.rect.x0 === t.rect.x0 && o.rect.y1 > t.rect.y0 - 1e-9 && o.rect.y1 < t.rect.y0 + 1e-9);
      if (t.rect.y0 > 0) expect(above).toBeDefined();
    }
  });

  it('is deterministic for a seed and changes with it', () => {
    expect(layoutRegion(120_000, createRandom(3))).toEqual(layoutRegion(120_000, createRandom(3)));
    expect(layoutRegion(120_000, createRandom(4))).not.toEqual(layoutRegion(120_000, createRandom(3)));
  });
});
