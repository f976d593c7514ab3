import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../server/test/db.ts';
import { buildCommunity, communityData, COMMUNITY_DEFAULTS } from './community.ts';
import { kmeansK, kmeansPartition } from './kmeans.ts';
import { loadCommunity, type LoadedCommunity } from './load.ts';

let db: TestDatabase;
let loaded: LoadedCommunity;

beforeAll(async () => {
  db = await createTestDatabase();
  loaded = await loadCommunity(db.sql, communityData(buildCommunity(COMMUNITY_DEFAULTS)));
});
afterAll(() => db.drop());

describe('benchmark community and the k-means baseline', () => {
  it('loads the community with its households, residents and a 50-grid plan that tiles it', async () => {
    const [r] = await db.sql<{ buildings: number; households: number; grids: number; residents: number; uncovered: number }[]>`
      select (select count(*)::int from building where community_id = ${loaded.communityId}) as buildings,
             (select count(*)::int from household h join building b on b.id = h.building_id where b.community_id = ${loaded.communityId}) as households,
             (select count(*)::int from resident where region_code = '990201') as residents,
             (select count(*)::int from grid where plan_id = ${loaded.planId}) as grids,
             (select ST_Area(ST_SymDifference(j.geom, (select ST_Union(geom) from grid where plan_id = ${loaded.planId}))::geography)
              from jurisdiction j where j.id = ${loaded.communityId}) as uncovered`;
    expect(r).toMatchObject({ buildings: 2_000, households: 10_000, grids: 50 });
    expect(r!.residents).toBeGreaterThan(10_000);
    expect(r!.uncovered).toBeLessThan(1);
  });

  it('reloads in place: a second load replaces the first', async () => {
    loaded = await loadCommunity(db.sql, communityData(buildCommunity(COMMUNITY_DEFAULTS)));
    const [r] = await db.sql<{ n: number }[]>`select count(*)::int as n from building where region_code = '990201'`;
    expect(r!.n).toBe(2_000);
  });

  it('makes k grids that tile the community and hold every building anchor once', async () => {
    const grids = await kmeansPartition(db.sql, loaded.communityId, kmeansK(10_000));
    expect(grids).toHaveLength(29);
    const [r] = await db.sql<{ diff: number; overlap: number; anchors: number[] }[]>`
      with g as (select ST_SetSRID(ST_GeomFromGeoJSON(x), 4326) as geom, i from jsonb_array_elements_text(${db.sql.json(grids.map((x) => JSON.stringify(x.geom)))}) with ordinality t(x, i))
      select (select ST_Area(ST_SymDifference(j.geom, (select ST_Union(geom) from g))::geography) from jurisdiction j where j.id = ${loaded.communityId}) as diff,
             (select coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0) from g a join g b on a.i < b.i and ST_Intersects(a.geom, b.geom)) as overlap,
             (select array_agg(n) from (select count(g.i)::int as n from building b left join g on ST_Intersects(g.geom, b.anchor)
               where b.community_id = ${loaded.communityId} and b.households > 0 group by b.id) c) as anchors`;
    expect(r!.diff).toBeLessThan(1);
    expect(r!.overlap).toBeLessThan(1);
    expect(r!.anchors.every((n) => n === 1)).toBe(true);
  });
});
