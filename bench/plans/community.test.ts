import { describe, expect, it } from 'vitest';
import { buildCommunity, COMMUNITY_DEFAULTS } from './community.ts';

const area = (r: { x0: number; x1: number; y0: number; y1: number }) => (r.x1 - r.x0) * (r.y1 - r.y0);
const inside = (a: { x0: number; x1: number; y0: number; y1: number }, b: typeof a) => a.x0 >= b.x0 && a.x1 <= b.x1 && a.y0 >= b.y0 && a.y1 <= b.y1;

describe('buildCommunity', () => {
  const model = buildCommunity();

  it('has exactly the buildings and households asked for', () => {
    expect(model.buildings).toHaveLength(COMMUNITY_DEFAULTS.buildings);
    expect(model.buildings.reduce((s, b) => s + b.households, 0)).toBe(COMMUNITY_DEFAULTS.households);
    expect(model.buildings.every((b) => (b.kind === 'residential') === b.households > 0)).toBe(true);
  });

  it('tiles the community with the starting grids, and every building lies wholly inside one grid', () => {
    expect(model.grids).toHaveLength(COMMUNITY_DEFAULTS.grids);
    expect(model.grids.reduce((s, g) => s + area(g), 0)).toBeCloseTo(model.width * model.height, 3);
    for (const b of model.buildings) expect(model.grids.filter((g) => inside(b.rect, g))).toHaveLength(1);
  });

  it('puts buildings of a compound inside its rectangle and spreads block totals around the band', () => {
    for (const b of model.buildings) if (b.compound !== null) expect(inside(b.rect, model.compounds[b.compound]!.rect)).toBe(true);
    expect(model.compounds.length).toBeGreaterThan(5);
    const perGrid = model.grids.map((g) => model.buildings.filter((b) => inside(b.rect, g)).reduce((s, b) => s + b.households, 0));
    expect(Math.max(...perGrid)).toBeGreaterThan(Math.min(...perGrid) * 2);
  });

  it('is deterministic and changes with the seed', () => {
    expect(buildCommunity()).toEqual(model);
    expect(buildCommunity({ ...COMMUNITY_DEFAULTS, seed: 'other' }).buildings[0]).not.toEqual(model.buildings[0]);
  });

  it('refuses a starting plan it cannot make from the blocks', () => {
    expect(() => buildCommunity({ ...COMMUNITY_DEFAULTS, grids: 10 })).toThrow(RangeError);
    expect(() => buildCommunity({ ...COMMUNITY_DEFAULTS, households: 100 })).toThrow(RangeError);
  });
});
