import { describe, expect, it } from 'vitest';
import { createRandom } from '../seed/random.ts';
import { buildBlock, chooseHousing, M2_PER_HOUSEHOLD, serpentine } from './blocks.ts';

const block = { x0: 0, y0: 0, x1: 240, y1: 210 };
const inside = (a: { x0: number; y0: number; x1: number; y1: number }, b: typeof a) => a.x0 >= b.x0 && a.y0 >= b.y0 && a.x1 <= b.x1 && a.y1 <= b.y1;

describe('buildBlock', () => {
  it('holds exactly the target households in whole buildings inside their plots', () => {
    for (const target of [0, 150, 700, 1200, 2000]) {
      const content = buildBlock(block, target, createRandom(`b${target}`));
      expect(content.households.flat().reduce((s, h) => s + h, 0)).toBe(target);
      for (const plot of content.plots.flat()) {
        if (plot.building) expect(inside(plot.building.rect, plot.rect)).toBe(true);
      }
    }
  });

  it('gives residential buildings 6–30 floors and households from footprint × floors / 90 m² (the last one may be part-filled)', () => {
    const content = buildBlock(block, 900, createRandom(9));
    const homes = content.plots.flat().filter((p) => p.use === 'residential').map((p) => p.building!);
    expect(homes.length).toBeGreaterThan(3);
    for (const b of homes) {
      expect(b.floors).toBeGreaterThanOrEqual(6);
      expect(b.floors).toBeLessThanOrEqual(30);
      const estimate = Math.floor(((b.rect.x1 - b.rect.x0) * (b.rect.y1 - b.rect.y0) * b.floors) / M2_PER_HOUSEHOLD);
      expect(b.households).toBeLessThanOrEqual(estimate);
    }
    expect(homes.filter((b) => b.households < Math.floor(((b.rect.x1 - b.rect.x0) * (b.rect.y1 - b.rect.y0) * b.floors) / M2_PER_HOUSEHOLD))).toHaveLength(1);
  });

  it('uses denser housing for denser targets', () => {
    expect(chooseHousing(block, 300, createRandom(1)).name).not.toBe('high');
    expect(chooseHousing(block, 2500, createRandom(1)).name).toBe('high');
  });

  it('fills plots in a snake so neighbours in the order are neighbours on the ground', () => {
    const order = serpentine(3, 4, false);
    expect(order).toHaveLength(12);
    for (let k = 1; k < order.length; k++) {
      expect(Math.abs(order[k]![0] - order[k - 1]![0]) + Math.abs(order[k]![1] - order[k - 1]![1])).toBe(1);
    }
  });
});
