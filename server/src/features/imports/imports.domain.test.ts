import { describe, expect, it } from 'vitest';
import { parseImport, sampleRows, shiftProblem } from './imports.domain.ts';

const sq = (x: number, y: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]]] });
const fc = (features: { geometry: unknown; properties: unknown }[]) => JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) });

describe('parseImport', () => {
  it('reads buildings, accepting numeric text and reporting missing and wrong-typed properties', () => {
    const r = parseImport('buildings', fc([
      { geometry: sq(116.3, 40), properties: { households: '120', floors: 6, compound: '富润家园', id: 'b1' } },
      { geometry: sq(116.3, 40), properties: { floors: 6, id: 'b2' } },
      { geometry: sq(116.3, 40), properties: { households: 'many', floors: 0, id: 'b3' } },
      { geometry: sq(116.3, 40), properties: { households: 10, id: 'b1' } },
    ]), { jurisdiction: '110108010', crs: 'wgs84' });
    expect(r.rows.map((x) => x.props)).toEqual([
      { osmId: 'b1', name: null, address: null, kind: 'residential', floors: 6, floorsEstimated: false, households: 120, householdsEstimated: false, compound: '富润家园' },
      { osmId: 'b1', name: null, address: null, kind: 'residential', floors: null, floorsEstimated: false, households: 10, householdsEstimated: false, compound: null },
    ]);
    expect(r.problems.map((p) => [p.index, p.field, p.message])).toEqual([
      [1, 'properties.households', 'missing'],
      [2, 'properties.households', 'expected a whole number'],
      [2, 'properties.floors', 'must be ≥ 1'],
      [3, 'id', 'Duplicate id b1: feature 0 has it too'],
    ]);
    expect(r.problems[0]!.location).toEqual([116.3, 40]);
  });

  it('derives jurisdiction levels from codes and keeps them under the import target', () => {
    const r = parseImport('jurisdictions', fc([
      { geometry: sq(116.3, 40), properties: { code: '110108010', name: '学院路街道' } },
      { geometry: sq(116.3, 40), properties: { code: 110108010031, name: '富润社区' } },
      { geometry: sq(116.3, 40), properties: { code: '110108011001', name: '别处', level: 'town' } },
      { geometry: sq(116.3, 40), properties: { code: '1101', name: '短' } },
      { geometry: sq(116.3, 40), properties: { code: '110108010031', name: '重复' } },
    ]), { jurisdiction: '110108010', crs: 'wgs84' });
    expect(r.rows.map((x) => x.props as { level: string; code: string }).map((p) => [p.level, p.code])).toEqual([
      ['town', '110108010'], ['community', '110108010031'], ['community', '110108010031'],
    ]);
    expect(r.problems.map((p) => [p.index, p.field])).toEqual([[2, 'properties.level'], [3, 'properties.code'], [4, 'code']]);
  });

  it('takes road classes from class or highway and converts GCJ-02 input', () => {
    const r = parseImport('roads', fc([{ geometry: { type: 'LineString', coordinates: [[116.3, 40], [116.31, 40]] }, properties: { highway: 'primary', name: '学院路' } }]),
      { jurisdiction: '110108010', crs: 'gcj02' });
    expect(r.rows[0]!.props).toEqual({ osmId: null, name: '学院路', class: 'primary' });
    expect((r.rows[0]!.geometry.coordinates as number[][])[0]![0]).toBeLessThan(116.3);
  });
});

describe('shiftProblem', () => {
  const base = { sample: 50, gcjOffsetM: 512 };
  it('flags data that only matches after undoing GCJ-02 and names the offset', () => {
    const p = shiftProblem({ ...base, asIs: 0.02, gcj02: 0.9, bd09: 0.1 }, [116.3, 40]);
    expect(p).toMatchObject({ index: null, field: 'crs', location: [116.3, 40] });
    expect(p!.message).toMatch(/512 m.*GCJ02.*crs=gcj02/);
  });
  it('stays quiet when the data already matches, matches nothing, or the sample is tiny', () => {
    expect(shiftProblem({ ...base, asIs: 0.9, gcj02: 0.05, bd09: 0 })).toBeNull();
    expect(shiftProblem({ ...base, asIs: 0, gcj02: 0.1, bd09: 0 })).toBeNull();
    expect(shiftProblem({ ...base, sample: 2, asIs: 0, gcj02: 1, bd09: 0 })).toBeNull();
  });
  it('prefers BD-09 when that fits better', () => {
    expect(shiftProblem({ ...base, asIs: 0, gcj02: 0.2, bd09: 0.8 })!.message).toMatch(/crs=bd09/);
  });
  it('samples evenly', () => {
    expect(sampleRows([1, 2, 3, 4, 5, 6], 3)).toEqual([1, 3, 5]);
    expect(sampleRows([1, 2], 3)).toEqual([1, 2]);
  });
});
