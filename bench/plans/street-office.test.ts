import { describe, expect, it } from 'vitest';
import { buildCommunity } from './community.ts';
import { communityOf, OFFICE_LAYOUT, OFFICE_OPTIONS, streetOfficeData } from './street-office.ts';

const inside = (a: { x0: number; x1: number; y0: number; y1: number }, b: typeof a) => a.x0 >= b.x0 && a.x1 <= b.x1 && a.y0 >= b.y0 && a.y1 <= b.y1;

describe('the 600-grid street office', () => {
  const model = buildCommunity(OFFICE_OPTIONS);
  const gridCommunity = communityOf(model, model.grids);

  it('has 600 grids in 12 communities of 6 × 5 blocks, each between one and two grids a block', () => {
    expect(model.grids).toHaveLength(600);
    const n = OFFICE_LAYOUT.cols * OFFICE_LAYOUT.rows;
    const counts = Array.from({ length: n }, (_, k) => gridCommunity.filter((c) => c === k).length);
    expect(counts).toHaveLength(12);
    for (const c of counts) {
      expect(c).toBeGreaterThanOrEqual(30);
      expect(c).toBeLessThanOrEqual(60);
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(600);
  });

  it('puts every building in the community of the grid that holds it', () => {
    const data = streetOfficeData(model);
    expect(data.communities).toHaveLength(12);
    model.buildings.forEach((b, i) => {
      const g = model.grids.findIndex((r) => inside(b.rect, r));
      expect(data.buildings[i]!.community).toBe(gridCommunity[g]);
    });
    expect(data.region).toBe('990251');
  });
});
