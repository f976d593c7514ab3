import { describe, expect, it } from 'vitest';
import { buildingKind, estimateBuilding, layoutDwellings, parseLevels, type Footprint } from './estimate.ts';

const fp = (over: Partial<Footprint>): Footprint => ({
  tags: { building: 'yes' }, areaM2: 700, longSideM: 60, shortSideM: 12, inResidentialCompound: false, ...over,
});

describe('buildingKind', () => {
  it('uses the building tag, and calls untyped buildings in a compound residential', () => {
    expect(buildingKind('apartments', false)).toBe('residential');
    expect(buildingKind('dormitory', false)).toBe('residential');
    expect(buildingKind('yes', true)).toBe('residential');
    expect(buildingKind('yes', false)).toBe('other');
    expect(buildingKind('school', true)).toBe('public');
    expect(buildingKind('office', false)).toBe('commercial');
  });
});

describe('estimateBuilding', () => {
  it('trusts building:levels and marks the floors as not estimated', () => {
    const e = estimateBuilding(fp({ tags: { building: 'residential', 'building:levels': '5' }, areaM2: 764 }));
    expect(e).toMatchObject({ kind: 'residential', floors: 5, floorsEstimated: false });
    expect(e.households).toBe(Math.round((764 * 5 * 0.75) / 90));
  });

  it('gives slab blocks 6 floors, towers 12–18, small houses 2–3', () => {
    expect(estimateBuilding(fp({ tags: { building: 'residential' } })).floors).toBe(6);
    const tower = estimateBuilding(fp({ tags: { building: 'residential' }, areaM2: 900, longSideM: 32, shortSideM: 28 }));
    expect(tower.floors).toBeGreaterThanOrEqual(12);
    expect(tower.floors).toBeLessThanOrEqual(18);
    const bigTower = estimateBuilding(fp({ tags: { building: 'residential' }, areaM2: 1550, longSideM: 42, shortSideM: 37 }));
    expect(bigTower.floors).toBeGreaterThan(tower.floors);
    const house = estimateBuilding(fp({ tags: { building: 'house' }, areaM2: 197, longSideM: 16, shortSideM: 12 }));
    expect(house.floors).toBeGreaterThanOrEqual(2);
    expect(house.floors).toBeLessThanOrEqual(3);
    expect(house.floorsEstimated).toBe(true);
  });

  it('gives non-residential buildings no households', () => {
    expect(estimateBuilding(fp({ tags: { building: 'university' }, areaM2: 3000 })).households).toBe(0);
  });

  it('counts one entrance per ~20 m of slab', () => {
    expect(estimateBuilding(fp({ tags: { building: 'residential' }, longSideM: 60 })).entrances).toBe(3);
  });
});

describe('parseLevels', () => {
  it('reads plain, listed and fractional values and rejects nonsense', () => {
    expect(parseLevels('14')).toBe(14);
    expect(parseLevels('6;7')).toBe(6);
    expect(parseLevels('5.5')).toBe(6);
    expect(parseLevels('abc')).toBeUndefined();
    expect(parseLevels('0')).toBeUndefined();
    expect(parseLevels(undefined)).toBeUndefined();
  });
});

describe('layoutDwellings', () => {
  it('places every household once, within its entrances and floors', () => {
    for (const [h, e, f] of [[36, 3, 6], [1, 1, 1], [37, 3, 6], [200, 2, 18], [5, 4, 6]] as const) {
      const rooms = layoutDwellings(h, e, f);
      expect(rooms).toHaveLength(h);
      expect(new Set(rooms.map((r) => `${r.entrance}-${r.room}`)).size).toBe(h);
      expect(rooms.every((r) => r.entrance >= 1 && r.entrance <= e && r.floor >= 1 && r.floor <= f)).toBe(true);
    }
  });
});
