import { describe, expect, it } from 'vitest';
import { blockHouseholds, denverCommunity, multiPolygonEwkt } from './denver.ts';

describe('Denver blocks', () => {
  it('writes polygons and multipolygons as one EWKT MultiPolygon', () => {
    const square = [[[0, 0], [1, 0], [1, 1], [0, 0]]];
    expect(multiPolygonEwkt({ type: 'Polygon', coordinates: square })).toBe('SRID=4326;MULTIPOLYGON(((0 0,1 0,1 1,0 0)))');
    expect(multiPolygonEwkt({ type: 'MultiPolygon', coordinates: [square, square] })).toBe('SRID=4326;MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((0 0,1 0,1 1,0 0)))');
  });

  it('turns population into households at 2.5 people each', () => {
    expect(blockHouseholds(0)).toBe(0);
    expect(blockHouseholds(1)).toBe(0);
    expect(blockHouseholds(2)).toBe(1);
    expect(blockHouseholds(250)).toBe(100);
  });

  it('loads the six tracts of the subset as one community grouped by tract', () => {
    const d = denverCommunity();
    expect(d.buildings).toHaveLength(488);
    expect(new Set(d.buildings.map((b) => b.group)).size).toBe(6);
    expect(d.buildings.reduce((s, b) => s + b.households, 0)).toBeGreaterThan(10_000);
    expect(d.buildings.every((b) => b.ewkt.startsWith('SRID=4326;MULTIPOLYGON((('))).toBe(true);
  });
});
