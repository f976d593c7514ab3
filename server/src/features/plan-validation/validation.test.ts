import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createBuilding, createGrid, createJurisdictions, createPlan, square } from '../../../test/factories.ts';
import { createValidationRepo, type PlanValidation } from './validation.repo.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

type Polygon = { type: 'Polygon'; coordinates: number[][][] };
const rect = (w: number, s: number, e: number, n: number): Polygon => ({
  type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
});
const wkt = (w: number, s: number, e: number, n: number) => `MULTIPOLYGON(((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s})))`;

let nextLon = 100;
/** A fresh 0.01° community (~850 m × 1.1 km) at its own place, with a west and an east half as grids. */
async function community(band?: [number, number]) {
  const lon = (nextLon += 0.1);
  const lat = 30;
  const j = await createJurisdictions(db.sql, { wkt: square(lon, lat, 0.01), ...(band ? { band } : {}) });
  const building = (w: number, s: number, households: number, size = 0.0002) =>
    createBuilding(db.sql, { regionCode: j.regionCode, wkt: square(w, s, size), households });
  const west = rect(lon, lat, lon + 0.005, lat + 0.01);
  const east = rect(lon + 0.005, lat, lon + 0.01, lat + 0.01);
  return { ...j, lon, lat, building, west, east };
}

const validate = (jurisdictionId: number, grids: { code: string; geom: object; justification?: string | null }[]) =>
  createValidationRepo(db.sql).validateGridSet({ jurisdictionId, grids: grids as never });

const allKinds = (v: PlanValidation) => v.problems.map((p) => p.kind);
/** Problem kinds other than the band (tests of other rules leave grids empty). */
const kinds = (v: PlanValidation) => allKinds(v).filter((k) => k !== 'out_of_band');

describe('validateGridSet', () => {
  it('finds no problem in a community tiled by two in-band grids', async () => {
    const c = await community();
    await c.building(c.lon + 0.001, c.lat + 0.001, 300);
    await c.building(c.lon + 0.007, c.lat + 0.001, 250);
    const v = await validate(c.communityId, [{ code: 'A', geom: c.west }, { code: 'B', geom: c.east }]);
    expect(v.problems).toEqual([]);
    expect(v.publishable).toBe(true);
    expect(v.grids.map((g) => [g.code, g.households, g.buildings, g.bandStatus, g.parts, g.communityId]))
      .toEqual([['A', 300, 1, 'in', 1, c.communityId], ['B', 250, 1, 'in', 1, c.communityId]]);
    expect(v.summary).toMatchObject({ grids: 2, inBand: 2, households: 550, hardProblems: 0, gapAreaM2: 0, overlapAreaM2: 0 });
    // a 0.005° × 0.01° rectangle: 4πA/P² ≈ 0.63 (a 1:2.6 rectangle in metres)
    const [areaM2, perimM] = await db.sql`select ST_Area(ST_GeomFromGeoJSON(${JSON.stringify(c.west)})::geography) as a,
      ST_Perimeter(ST_GeomFromGeoJSON(${JSON.stringify(c.west)})::geography) as p`.then(([r]) => [Number(r!.a), Number(r!.p)]);
    expect(v.grids[0]!.areaM2).toBeCloseTo(areaM2!, 0);
    expect(v.grids[0]!.polsbyPopper).toBeCloseTo((4 * Math.PI * areaM2!) / perimM! ** 2, 2);
    expect(v.summary.workloadCv).toBeCloseTo(25 / 275, 3);
  });

  it('reports a gap with its area and the building in it as unassigned', async () => {
    const c = await community();
    const lost = await c.building(c.lon + 0.0045, c.lat + 0.005, 40, 0.0001);
    const a = rect(c.lon, c.lat, c.lon + 0.004, c.lat + 0.01);
    const v = await validate(c.communityId, [{ code: 'A', geom: a }, { code: 'B', geom: c.east }]);
    const [gap] = await db.sql`select ST_Area(ST_Difference(j.geom, ST_Union(ST_GeomFromGeoJSON(${JSON.stringify(a)}),
      ST_GeomFromGeoJSON(${JSON.stringify(c.east)})))::geography) as m2 from jurisdiction j where j.id = ${c.communityId}`;
    expect(allKinds(v)).toEqual(['gap', 'unassigned_building', 'out_of_band', 'out_of_band']);
    expect(v.problems[0]).toMatchObject({ severity: 'hard', communityId: c.communityId });
    expect(v.problems[0]!.areaM2).toBeCloseTo(Number(gap!.m2), 0);
    expect(v.problems[0]!.geom).toMatchObject({ type: 'Polygon' });
    expect(v.problems[1]).toMatchObject({ buildingIds: [lost], households: 40, severity: 'hard' });
    expect(v.summary).toMatchObject({ unassignedBuildings: 1, hardProblems: 2 });
    expect(v.publishable).toBe(false);
  });

  it('reports overlapping grids as a pair with the shared area', async () => {
    const c = await community([1, 500]);
    const a = rect(c.lon, c.lat, c.lon + 0.006, c.lat + 0.01);
    const v = await validate(c.communityId, [{ code: 'B', geom: c.east }, { code: 'A', geom: a }]);
    const [ov] = await db.sql`select ST_Area(ST_Intersection(ST_GeomFromGeoJSON(${JSON.stringify(a)}),
      ST_GeomFromGeoJSON(${JSON.stringify(c.east)}))::geography) as m2`;
    expect(kinds(v)).toEqual(['overlap']);
    expect(v.problems[0]).toMatchObject({ id: 'overlap:A:B', gridCodes: ['A', 'B'], severity: 'hard' });
    expect(v.problems[0]!.areaM2).toBeCloseTo(Number(ov!.m2), 0);
    expect(v.summary.overlapAreaM2).toBeCloseTo(Number(ov!.m2), 0);
    expect(v.publishable).toBe(false);
  });

  it('reports a building cut by a grid boundary, counted once where its anchor lies', async () => {
    const c = await community([1, 500]);
    const cut = await createBuilding(db.sql, { regionCode: c.regionCode, wkt: wkt(c.lon + 0.0046, c.lat + 0.001, c.lon + 0.0056, c.lat + 0.0012), households: 30 });
    const v = await validate(c.communityId, [{ code: 'A', geom: c.west }, { code: 'B', geom: c.east }]);
    expect(kinds(v)).toEqual(['split_building']);
    expect(v.problems[0]).toMatchObject({ buildingIds: [cut], gridCodes: ['B', 'A'], households: 30 });
    expect(v.grids.map((g) => g.households)).toEqual([0, 30]);
    expect(v.summary.splitBuildings).toBe(1);
    expect(v.publishable).toBe(false);
  });

  it('flags a compound spread over two grids as soft', async () => {
    const c = await community([1, 500]);
    const [k] = await db.sql`insert into compound (region_code, name, geom)
      values (${c.regionCode}, '小区', ST_GeomFromText(${wkt(c.lon + 0.004, c.lat + 0.001, c.lon + 0.006, c.lat + 0.002)}, 4326)) returning id`;
    const one = await c.building(c.lon + 0.0042, c.lat + 0.0012, 10);
    const two = await c.building(c.lon + 0.0052, c.lat + 0.0012, 20);
    await db.sql`update building set compound_id = ${k!.id} where id in ${db.sql([one, two])}`;
    const v = await validate(c.communityId, [{ code: 'A', geom: c.west }, { code: 'B', geom: c.east }]);
    expect(v.problems).toMatchObject([{ kind: 'split_compound', severity: 'soft', compoundId: Number(k!.id), gridCodes: ['A', 'B'], households: 30 }]);
    expect(v.summary.splitCompounds).toBe(1);
    expect(v.publishable).toBe(true);
  });

  it('counts the parts of a grid whose polygons touch only at a corner', async () => {
    const c = await community([1, 500]);
    const { lon, lat } = c;
    const checker = (sw: boolean) => ({
      type: 'MultiPolygon',
      coordinates: sw
        ? [rect(lon, lat, lon + 0.005, lat + 0.005).coordinates, rect(lon + 0.005, lat + 0.005, lon + 0.01, lat + 0.01).coordinates]
        : [rect(lon + 0.005, lat, lon + 0.01, lat + 0.005).coordinates, rect(lon, lat + 0.005, lon + 0.005, lat + 0.01).coordinates],
    });
    const v = await validate(c.communityId, [{ code: 'A', geom: checker(true) }, { code: 'B', geom: checker(false) }]);
    expect(v.grids.map((g) => g.parts)).toEqual([2, 2]);
    expect(v.problems.filter((p) => p.kind !== 'out_of_band').map((p) => [p.kind, p.severity, p.gridCodes])).toEqual([['non_contiguous', 'soft', ['A']], ['non_contiguous', 'soft', ['B']]]);
    expect(v.summary.nonContiguous).toBe(2);
  });

  it('asks for a justification of an out-of-band grid and accepts one', async () => {
    const c = await community();
    await c.building(c.lon + 0.001, c.lat + 0.001, 120);
    await c.building(c.lon + 0.007, c.lat + 0.001, 600);
    await c.building(c.lon + 0.008, c.lat + 0.001, 20);
    const bare = await validate(c.communityId, [{ code: 'A', geom: c.west }, { code: 'B', geom: c.east }]);
    expect(bare.grids.map((g) => g.bandStatus)).toEqual(['under', 'over']);
    // B holds a building over the band but also another with households: no exemption
    expect(bare.problems.map((p) => [p.kind, p.severity, p.gridCodes[0]])).toEqual([
      ['out_of_band', 'justify', 'B'], ['out_of_band', 'justify', 'A'], ['oversize_building', 'soft', 'B'],
    ]);
    expect(bare.summary).toMatchObject({ outOfBand: 2, unjustified: 2 });
    expect(bare.publishable).toBe(false);
    const justified = await validate(c.communityId, [
      { code: 'A', geom: c.west, justification: '校园，住户少' }, { code: 'B', geom: c.east, justification: '高层' },
    ]);
    expect(justified.problems.map((p) => p.severity)).toEqual(['soft', 'soft', 'soft']);
    expect(justified.grids[0]!.justification).toBe('校园，住户少');
    expect(justified.summary.unjustified).toBe(0);
    expect(justified.publishable).toBe(true);
  });

  it('flags a grid of one oversize building without asking for a justification', async () => {
    const c = await community();
    const big = await c.building(c.lon + 0.007, c.lat + 0.001, 800);
    await c.building(c.lon + 0.001, c.lat + 0.001, 300);
    const v = await validate(c.communityId, [{ code: 'A', geom: c.west }, { code: 'B', geom: c.east }]);
    expect(v.grids[1]).toMatchObject({ bandStatus: 'over', oversize: true, households: 800 });
    expect(v.problems).toMatchObject([{ kind: 'oversize_building', severity: 'soft', buildingIds: [big], gridCodes: ['B'] }]);
    expect(v.summary).toMatchObject({ outOfBand: 1, unjustified: 0 });
    expect(v.publishable).toBe(true);
  });

  it('weighs residents and special groups into the workload when asked', async () => {
    const c = await community();
    await createBuilding(db.sql, { regionCode: c.regionCode, wkt: square(c.lon + 0.001, c.lat + 0.001, 0.0002), households: 250,
      residents: [['elderly_alone'], [], ['disabled', 'low_income']] });
    const repo = createValidationRepo(db.sql);
    const v = await repo.validateGridSet({ jurisdictionId: c.communityId, grids: [{ code: 'A', geom: c.west }, { code: 'B', geom: c.east }],
      weights: { residents: 2, specialGroups: 10 } });
    expect(v.weights).toEqual({ households: 1, residents: 2, specialGroups: 10, incidents: 0 });
    expect(v.grids[0]).toMatchObject({ households: 250, residents: 3, specialGroups: 2, workload: 250 + 6 + 20 });
  });

  it('reports a self-intersecting grid and a grid reaching outside its community as hard problems', async () => {
    const c = await community([1, 500]);
    const bowtie = { type: 'Polygon', coordinates: [[[c.lon, c.lat], [c.lon + 0.005, c.lat + 0.01], [c.lon + 0.005, c.lat], [c.lon, c.lat + 0.01], [c.lon, c.lat]]] };
    const wide = rect(c.lon + 0.005, c.lat, c.lon + 0.012, c.lat + 0.01);
    const v = await validate(c.communityId, [{ code: 'A', geom: bowtie }, { code: 'B', geom: wide }]);
    expect(kinds(v)).toContain('invalid_geometry');
    expect(v.problems.find((p) => p.kind === 'outside')).toMatchObject({ gridCodes: ['B'], severity: 'hard' });
    expect(v.grids[0]!.valid).toBe(false);
  });

  it('reports a polygon with no area as invalid and still says where it is', async () => {
    const c = await community([1, 500]);
    const flat = { type: 'Polygon', coordinates: [[[c.lon, c.lat + 0.005], [c.lon + 0.004, c.lat + 0.005], [c.lon + 0.008, c.lat + 0.005], [c.lon, c.lat + 0.005]]] };
    const v = await validate(c.communityId, [{ code: 'A', geom: flat }, { code: 'B', geom: c.east }]);
    expect(v.problems.find((p) => p.kind === 'invalid_geometry')).toMatchObject({ gridCodes: ['A'], severity: 'hard' });
    expect(v.grids[0]).toMatchObject({ valid: false, areaM2: 0, bbox: [c.lon, c.lat + 0.005, c.lon + 0.008, c.lat + 0.005] });
    expect(v.grids[0]!.point.every(Number.isFinite)).toBe(true);
  });

  it('refuses malformed input with a 400 and a stable code', async () => {
    const c = await community();
    const repo = createValidationRepo(db.sql);
    await expect(repo.validateGridSet({ jurisdictionId: c.communityId, grids: [{ code: 'A', geom: { type: 'Polygon', coordinates: [[[0, 0], [1, 1]]] } }] }))
      .rejects.toMatchObject({ status: 400, code: 'invalid_grids' });
    await expect(repo.validateGridSet({ jurisdictionId: c.communityId, grids: [{ code: 'A', geom: c.west }, { code: 'A', geom: c.east }] }))
      .rejects.toMatchObject({ status: 400, code: 'invalid_grids' });
    await expect(repo.validateGridSet({ jurisdictionId: 99_999_999, grids: [] })).rejects.toMatchObject({ status: 404 });
  });
});

describe('validatePlan', () => {
  it('validates the stored grids of a plan, restricted to a scope', async () => {
    const c = await community();
    await c.building(c.lon + 0.001, c.lat + 0.001, 300);
    const plan = await createPlan(db.sql, { jurisdictionId: c.townId, regionCode: c.regionCode, status: 'draft', validFrom: '2025-01-01' });
    const g = { planId: plan, communityId: c.communityId, communityCode: c.communityCode, regionCode: c.regionCode };
    await createGrid(db.sql, { ...g, wkt: wkt(c.lon, c.lat, c.lon + 0.005, c.lat + 0.01), seqNo: 1 });
    await createGrid(db.sql, { ...g, wkt: wkt(c.lon + 0.005, c.lat, c.lon + 0.009, c.lat + 0.01), seqNo: 2 });
    await db.sql`update grid set justification = '空地' where plan_id = ${plan} and code = ${`${c.communityCode}002`}`;
    const repo = createValidationRepo(db.sql);
    const v = await repo.validatePlan(plan, { scopeId: c.communityId });
    expect(v.grids.map((g) => [g.code, g.households, g.name, g.justification])).toEqual([
      [`${c.communityCode}001`, 300, '网格001', null], [`${c.communityCode}002`, 0, '网格002', '空地'],
    ]);
    expect(allKinds(v)).toEqual(['gap', 'out_of_band']);
    expect(v.problems[1]).toMatchObject({ severity: 'soft' });
    expect((await repo.validatePlan(plan)).grids).toHaveLength(2);
    await expect(repo.validatePlan(99_999_999)).rejects.toMatchObject({ status: 404, code: 'plan_not_found' });
  });
});
