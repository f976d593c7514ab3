import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from 'postgres';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSyntheticCommunity } from '../../../test/synthetic-community.ts';
import { proposePartitions, type ProposedGrid } from './autoplan.service.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
});
afterAll(() => db.drop());

/** Independent PostGIS check of a set of grids against their community. */
async function check(sql: Sql, communityId: number, grids: ProposedGrid[]) {
  const json = JSON.stringify(grids.map((g, i) => ({ i, geom: g.geom })));
  const [r] = await sql`
    with g as (
      select (e->>'i')::int as i, ST_SetSRID(ST_GeomFromGeoJSON(e->'geom'), 4326) as geom
      from jsonb_array_elements(${json}::text::jsonb) e
    ), j as (select geom, 111320.0 ^ 2 * cos(radians(ST_Y(ST_Centroid(geom)))) as m2 from jurisdiction where id = ${communityId})
    -- planar areas scaled to m²: geography areas of boundary-long 1e-9° slivers are noise
    select
      (select ST_Area(ST_SymDifference(ST_Union(g.geom), j.geom)) * j.m2 from g, j group by j.geom, j.m2) as symdiff,
      (select coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom))), 0) * (select m2 from j) from g a join g b on a.i < b.i and ST_Intersects(a.geom, b.geom)) as overlap,
      (select count(*)::int from g where not ST_IsValid(g.geom)) as invalid,
      (select count(*)::int from building b, j where ST_Intersects(j.geom, b.anchor)) as buildings,
      (select count(*)::int from building b join j on ST_Intersects(j.geom, b.anchor)
         where (select count(*) from g where ST_Intersects(g.geom, b.anchor)) <> 1) as not_once,
      (select coalesce(json_agg(x.hh order by x.i), '[]') from (
         select g.i, coalesce(sum(b.households), 0)::int as hh from g left join building b on ST_Intersects(g.geom, b.anchor)
         group by g.i) x) as households`;
  return r!;
}

function expectValid(r: Awaited<ReturnType<typeof check>>, grids: ProposedGrid[], band: { min: number; max: number }) {
  expect(r.symdiff).toBeLessThan(1); // floating-point slivers only
  expect(r.overlap).toBeLessThan(0.1); // total over all pairs; validation ignores pieces under 1 m²
  expect(r.invalid).toBe(0);
  expect(r.not_once).toBe(0); // every building in exactly one grid
  expect(r.households).toEqual(grids.map((g) => g.households)); // what we report is what PostGIS counts
  for (const g of grids) {
    if (!g.oversize) {
      expect(g.households).toBeGreaterThanOrEqual(band.min);
      expect(g.households).toBeLessThanOrEqual(band.max);
    }
  }
}

describe('proposePartitions', () => {
  it('gives three valid alternatives for the largest demo community', async () => {
    const [c] = await db.sql`select id from jurisdiction where code = '110108010019'`;
    const communityId = Number(c!.id);
    const band = { min: 200, max: 500 };
    const r = await proposePartitions(db.sql, { communityId, band, alternatives: 3, validate: true });
    expect(r.alternatives).toHaveLength(3);
    for (const a of r.alternatives) {
      expectValid(await check(db.sql, communityId, a.grids), a.grids, band);
      expect(a.metrics.grids).toBe(a.grids.length);
      expect(a.metrics.inBand).toBe(a.grids.length);
      // a parcel in pieces would make its grid non-contiguous (this community has one such parcel)
      expect(a.metrics.validation).toMatchObject({ nonContiguous: 0, splitBuildings: 0, unassignedBuildings: 0, inBand: a.grids.length });
    }
  });

  it('tiles a synthetic street-grid community and cuts mostly along its streets', async () => {
    const j = await createSyntheticCommunity(db.sql, { blocks: 6, perBlock: 10, maxHouseholds: 9, compoundEvery: 4 });
    const band = { min: 200, max: 400 };
    const r = await proposePartitions(db.sql, { communityId: j.communityId, band, alternatives: 4, seed: 5 });
    expect(r.alternatives.length).toBeGreaterThanOrEqual(3);
    for (const a of r.alternatives) expectValid(await check(db.sql, j.communityId, a.grids), a.grids, band);
    const streets = r.alternatives.find((a) => a.label.startsWith('streets'))!;
    expect(streets.metrics.streetShare).toBeGreaterThan(0.8);
    expect(r.alternatives.every((a) => a.metrics.streetsAvailable)).toBe(true);
    // the same community without its roads: the planner says it had no streets to follow
    await db.sql`delete from road where ST_Intersects(geom, (select geom from jurisdiction where id = ${j.communityId}))`;
    await db.sql`delete from parcel_state where community_id = ${j.communityId}`;
    const bare = await proposePartitions(db.sql, { communityId: j.communityId, band, alternatives: 2, seed: 5 });
    expect(bare.alternatives.length).toBeGreaterThan(0);
    expect(bare.alternatives.every((a) => !a.metrics.streetsAvailable)).toBe(true);
    // no street to follow: the first objective is the shortest boundary, and the others still differ from it
    expect(bare.alternatives.map((a) => a.label.split('-')[0])).toContain('compact');
    expect(bare.alternatives.some((a) => a.label.startsWith('streets'))).toBe(false);
  });

  it('measures the street share as validation does, also along roads that follow building outlines', async () => {
    const j = await createSyntheticCommunity(db.sql, { blocks: 4, perBlock: 10, maxHouseholds: 9, lon: 121.5, lat: 31.2 });
    // OSM often draws a lane on a building's wall: one along the south walls of every building row
    await db.sql`
      insert into road (region_code, name, class, geom)
      select ${j.regionCode}, '沿墙路', 'residential', ST_MakeLine(ST_MakePoint(ST_XMin(r.e) - 0.0003, ST_YMin(r.e)), ST_MakePoint(ST_XMax(r.e) + 0.0003, ST_YMin(r.e)))
      from (select ST_Extent(geom)::geometry as e from building where community_id = ${j.communityId}
            group by round(ST_YMin(geom)::numeric, 6)) r`;
    const band = { min: 150, max: 300 };
    const r = await proposePartitions(db.sql, { communityId: j.communityId, band, alternatives: 3, seed: 3, validate: true });
    expect(r.alternatives.length).toBeGreaterThanOrEqual(2);
    for (const a of r.alternatives) {
      expect(a.metrics.streetsAvailable).toBe(true);
      // one notion of "along a street": what the planner reports is what validation measures (to rounding)
      expect(a.metrics.streetShare, a.label).not.toBeNull();
      expect(Math.abs(a.metrics.streetShare! - a.metrics.validation!.streetShare!), a.label).toBeLessThan(0.01);
    }
  });

  it('flags a building above the band as its own grid', async () => {
    const j = await createSyntheticCommunity(db.sql, { blocks: 3, perBlock: 5, maxHouseholds: 9 });
    const [b] = await db.sql`update building set households = 800 where id = (select min(id) from building where community_id = ${j.communityId}) returning id`;
    const band = { min: 50, max: 150 };
    const r = await proposePartitions(db.sql, { communityId: j.communityId, band, alternatives: 1 });
    const grids = r.alternatives[0]!.grids;
    const big = grids.filter((g) => g.oversize);
    expect(big).toHaveLength(1);
    expect(big[0]).toMatchObject({ households: 800, buildings: 1 });
    expectValid(await check(db.sql, j.communityId, grids), grids, band);
    expect(b).toBeDefined();
  });

  it('balances a workload index of households, residents and special groups when weights are given', async () => {
    const [c] = await db.sql`select id from jurisdiction where code = '110108010024'`;
    const communityId = Number(c!.id);
    const band = { min: 200, max: 500 };
    const r = await proposePartitions(db.sql, { communityId, band, alternatives: 2, weights: { households: 1, residents: 0.5, specialGroups: 2 }, validate: true });
    expect(r.alternatives.length).toBeGreaterThanOrEqual(1);
    for (const a of r.alternatives) {
      expectValid(await check(db.sql, communityId, a.grids), a.grids, band);
      expect(a.grids.every((g) => g.residents > 0)).toBe(true);
      expect(a.metrics.validation!.workloadCv).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses a bad band and unknown communities', async () => {
    const [c] = await db.sql`select id from jurisdiction where code = '110108010024'`;
    await expect(proposePartitions(db.sql, { communityId: Number(c!.id), band: { min: 500, max: 200 }, alternatives: 3 }))
      .rejects.toMatchObject({ status: 400, code: 'invalid_band' });
    await expect(proposePartitions(db.sql, { communityId: 999_999, band: { min: 200, max: 500 }, alternatives: 3 }))
      .rejects.toMatchObject({ status: 404, code: 'community_not_found' });
  });
});
