import { describe, expect, it } from 'vitest';
import type { InputFeature } from './geojson.domain.ts';
import { shiftProblem } from './imports.domain.ts';
import { buildingKind, footprintHouseholds, readHouseholds } from './imports.households.ts';
import { householdOptions } from './imports.schema.ts';

const feature = (properties: Record<string, unknown>, index = 0): InputFeature => ({ index, geometry: { type: 'Polygon', coordinates: [] }, properties });
const opts = (q: Record<string, string>) => householdOptions.parse(q);

describe('buildingKind', () => {
  it('takes our own kinds, then Tilezen kind_detail and OSM building values', () => {
    expect(buildingKind({ kind: 'public' })).toEqual({ kind: 'public', assumed: null });
    expect(buildingKind({ kind: 'building', kind_detail: 'apartments' })).toEqual({ kind: 'residential', assumed: null });
    expect(buildingKind({ building: 'Office' })).toEqual({ kind: 'commercial', assumed: null });
    expect(buildingKind({})).toEqual({ kind: 'residential', assumed: null });
  });
  it('takes generic and unknown values as residential and says which', () => {
    expect(buildingKind({ kind: 'building' })).toEqual({ kind: 'residential', assumed: 'kind=building' });
    expect(buildingKind({ building: 'yes' })).toEqual({ kind: 'residential', assumed: 'building=yes' });
  });
});

describe('readHouseholds', () => {
  it('reads the households property as given, floors from the named property or the default (estimated)', () => {
    expect(readHouseholds(feature({ households: '12', 'building:levels': 7 }), 'residential', opts({ floorsProperty: 'building:levels' })))
      .toEqual({ ok: true, values: { households: 12, householdsEstimated: false, floors: 7, floorsEstimated: false } });
    expect(readHouseholds(feature({ households: 3 }), 'residential', opts({ defaultFloors: '5' })))
      .toEqual({ ok: true, values: { households: 3, householdsEstimated: false, floors: 5, floorsEstimated: true } });
    expect(readHouseholds(feature({}), 'residential', opts({}))).toMatchObject({ ok: false, problems: [], missing: 'households' });
    expect(readHouseholds(feature({ households: 'x' }), 'residential', opts({}))).toMatchObject({ ok: false, problems: [{ field: 'properties.households' }] });
  });
  it('derives from population ÷ household size, rounding, and refuses absurd results', () => {
    expect(readHouseholds(feature({ pop: '26.2' }), 'other', opts({ households: 'population', populationProperty: 'pop', householdSize: '2.62' })))
      .toMatchObject({ ok: true, values: { households: 10, householdsEstimated: true } });
    expect(readHouseholds(feature({ population: 100_000 }), 'residential', opts({ households: 'population', householdSize: '1' })))
      .toMatchObject({ ok: false, problems: [{ code: 'too_many_households' }] });
  });
  it('leaves footprint households to be measured for homes only; others get none', () => {
    const o = opts({ households: 'footprint' });
    expect(readHouseholds(feature({ floors: 6 }), 'residential', o)).toMatchObject({ ok: true, values: { households: null, floors: 6 } });
    expect(readHouseholds(feature({ floors: 6 }), 'public', o)).toMatchObject({ ok: true, values: { households: 0, householdsEstimated: true } });
    expect(readHouseholds(feature({}), 'mixed', o)).toMatchObject({ ok: false, missing: 'floors' });
    const geometry = { type: 'Polygon', coordinates: [[[116.3, 40], [116.31, 40], [116.31, 40.01], [116.3, 40]]] };
    const row = { index: 0, geometry, props: { households: null, householdsEstimated: true, floors: 6, floorsEstimated: false } };
    const measured = footprintHouseholds([row], new Map([[0, 1000]]), 120);
    expect(measured.rows[0]!.props.households).toBe(50);
    // a derivation over the cap names the building and where it is
    expect(footprintHouseholds([row], new Map([[0, 1_000_000]]), 120).problems).toEqual([expect.objectContaining({
      code: 'too_many_households', params: { households: 50_000, max: 10_000 }, location: [116.3, 40] })]);
  });
});

describe('shiftProblem against boundaries and other data', () => {
  const base = { sample: 60, gcjOffsetM: 476 };
  it('flags data that lies inside the boundaries only once converted', () => {
    const p = shiftProblem({ ...base, rule: 'inside', against: 'the boundaries of 310115', asIs: 0.45, gcj02: 1, bd09: 0.3 });
    expect(p).toMatchObject({ code: 'crs_shift', params: { crs: 'gcj02', offsetM: 476 } });
    expect(p!.message).toMatch(/about 476 m off the boundaries of 310115: only 45% of the sampled features lie inside as given/);
  });
  it('stays quiet when nearly all lie inside as given, or the conversion does not fit either', () => {
    expect(shiftProblem({ ...base, rule: 'inside', asIs: 0.95, gcj02: 1, bd09: 0.9 })).toBeNull();
    expect(shiftProblem({ ...base, rule: 'inside', asIs: 0.5, gcj02: 0.8, bd09: 0.4 })).toBeNull();
  });
  it('flags data that collides with other base data only as given', () => {
    expect(shiftProblem({ ...base, rule: 'avoid', asIs: 0.4, gcj02: 1, bd09: 0.6 })!.message).toMatch(/stay clear of it as given/);
    expect(shiftProblem({ ...base, rule: 'avoid', asIs: 0.9, gcj02: 1, bd09: 0.9 })).toBeNull();
  });
});
