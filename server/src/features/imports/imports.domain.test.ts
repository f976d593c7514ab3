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
    expect(r.problems.map((p) => [p.index, p.field, p.code, p.message])).toEqual([
      [1, 'properties.households', 'missing_property', 'missing'],
      [2, 'properties.households', 'invalid_property', 'must be a whole number from 0 to 10000'],
      [2, 'properties.floors', 'invalid_property', 'must be a whole number from 1 to 200'],
      [3, 'id', 'duplicate', 'Duplicate id b1: feature 0 has it too'],
    ]);
    // what is wrong, for clients to say: the property, the rule it breaks and what the file has
    expect(r.problems[1]!.params).toEqual({ property: 'households', reason: 'whole_number', min: 0, max: 10_000, value: '"many"' });
    expect(r.problems[2]!.params).toEqual({ property: 'floors', reason: 'whole_number', min: 1, max: 200, value: '0' });
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
    expect(r.problems.map((p) => [p.index, p.field, p.code])).toEqual([
      [2, 'properties.level', 'invalid_property'], [3, 'properties.code', 'invalid_property'], [4, 'code', 'duplicate'],
    ]);
    expect(r.problems[0]!.params).toMatchObject({ property: 'level', reason: 'level_mismatch', digits: 12, level: 'community', given: 'town' });
    expect(r.problems[1]!.params).toEqual({ property: 'code', reason: 'division_code', value: '"1101"' });
  });

  it('says for each bad property the rule it breaks, in params clients can word', () => {
    const params = (kind: 'buildings' | 'jurisdictions', properties: Record<string, unknown>) =>
      parseImport(kind, fc([{ geometry: sq(116.3, 40), properties }]), { jurisdiction: '110108010', crs: 'wgs84' }).problems.map((p) => [p.code, p.params]);
    expect(params('buildings', { households: 1, name: ' ', address: 'x'.repeat(301), id: { a: 1 } })).toEqual([
      ['invalid_property', { property: 'name', reason: 'text_required', value: '" "' }],
      ['invalid_property', { property: 'address', reason: 'text_too_long', max: 300, value: expect.stringMatching(/^"x+"$/) }],
      ['invalid_property', { property: 'id', reason: 'text_or_number', value: '{…}' }],
    ]);
    expect(params('jurisdictions', { code: '110108010001', name: 7, level: 'city' })).toEqual([
      ['invalid_property', { property: 'name', reason: 'text', value: '7' }],
      ['invalid_property', { property: 'level', reason: 'one_of', options: 'county, town, community', value: '"city"' }],
    ]);
    expect(params('jurisdictions', { code: '110108010001', name: '社区', household_min: 300, household_max: '200' })).toEqual([
      ['invalid_property', { property: 'household_max', reason: 'not_below', other: 'household_min', value: '"200"' }],
    ]);
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
