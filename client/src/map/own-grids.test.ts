import { featureFilter, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { otherGridFilter, ownGridFilter, ownGridLayers, ownGridsBbox } from './own-grids.ts';

const feature = (properties: Record<string, unknown>) => ({ type: 3 as const, properties, geometry: [] });
const matches = (filter: Parameters<typeof featureFilter>[0], code: unknown) => featureFilter(filter).filter({ zoom: 15 }, feature({ code }));

describe('own grids', () => {
  it('match the granted codes (numeric or text in the tiles) and veil every other grid', () => {
    const codes = ['110108010031002', '110108010031003'];
    expect(matches(ownGridFilter(codes), '110108010031002')).toBe(true);
    expect(matches(ownGridFilter(codes), 110108010031003)).toBe(true);
    expect(matches(ownGridFilter(codes), '110108010031001')).toBe(false);
    expect(matches(otherGridFilter(codes), '110108010031001')).toBe(true);
    expect(matches(otherGridFilter(codes), '110108010031002')).toBe(false);
  });

  it('mark nothing and veil nothing for a user without grid grants', () => {
    expect(matches(ownGridFilter([]), '110108010031002')).toBe(false);
    expect(matches(otherGridFilter([]), '110108010031002')).toBe(false);
  });

  it('are valid MapLibre layers: a veil and a dashed outline on a casing', () => {
    const { veil, outline } = ownGridLayers('grids', ['110108010031002']);
    const style = {
      version: 8 as const, sources: { grids: { type: 'vector' as const, tiles: ['http://x/{z}/{x}/{y}'] } }, layers: [veil, ...outline],
    };
    expect(validateStyleMin(style)).toEqual([]);
    expect(outline.map((l) => l.type)).toEqual(['line', 'line']);
    expect((outline[1]!.paint as Record<string, unknown>)['line-dasharray']).toBeDefined();
  });

  it('are framed together: the union of their boxes, none for no grids', () => {
    expect(ownGridsBbox([{ bbox: [116.3, 40, 116.31, 40.01] }, { bbox: [116.32, 39.99, 116.33, 40.005] }])).toEqual([116.3, 39.99, 116.33, 40.01]);
    expect(ownGridsBbox([])).toBeNull();
  });
});
