import { describe, expect, it } from 'vitest';
import { buildBackdrop } from './backdrop.ts';

describe('buildBackdrop', () => {
  it('is the same picture for the same seed and a different one for another', () => {
    expect(buildBackdrop(800, 500)).toEqual(buildBackdrop(800, 500));
    expect(buildBackdrop(800, 500, 1).blocks).not.toEqual(buildBackdrop(800, 500, 2).blocks);
  });
  it('covers the canvas with streets and blocks, a few of them highlighted grids', () => {
    const b = buildBackdrop(1600, 1000);
    expect(b.blocks.length).toBeGreaterThan(60);
    expect(b.roads.some((r) => r.major)).toBe(true);
    const tones = new Set(b.blocks.map((x) => x.tone));
    expect([...tones].sort()).toEqual([0, 1, 2, 3]);
    for (const block of b.blocks) {
      const coords = block.points.split(' ').map((p) => p.split(',').map(Number));
      expect(coords).toHaveLength(4);
      for (const [x, y] of coords) {
        expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
        expect(x).toBeGreaterThan(-100);
        expect(x).toBeLessThan(1600 + 300); // the last street may run past the edge, as on a real map
      }
    }
  });
});
