import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from 'postgres';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSyntheticCommunity } from '../../../test/synthetic-community.ts';
import { ensureParcels, parcelOfBuilding, parcelsFor } from './parcels.repo.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
});
afterAll(() => db.drop());

/**
 * Independent PostGIS check: gaps and overlaps in m², buildings cut by their own parcel. Areas are
 * planar degrees² scaled to m² at the community's latitude: geography areas of 1e-9° slivers that
 * run around a whole boundary come out as tens of m² of rounding noise.
 */
async function tiling(sql: Sql, communityId: number) {
  const [r] = await sql`
    with k as (select 111320.0 ^ 2 * cos(radians(ST_Y(ST_Centroid(geom)))) as m2 from jurisdiction where id = ${communityId})
    select
      (select ST_Area(ST_Difference(j.geom, ST_Union(p.geom))) * k.m2 from parcel p where p.community_id = j.id) as gap,
      (select ST_Area(ST_Difference(ST_Union(p.geom), j.geom)) * k.m2 from parcel p where p.community_id = j.id) as outside,
      (select coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom))), 0) * k.m2 from parcel a
         join parcel b on a.id < b.id and ST_Intersects(a.geom, b.geom)
         where a.community_id = j.id and b.community_id = j.id) as overlap,
      (select coalesce(sum(ST_Area(ST_Difference(ST_Intersection(b.geom, j.geom), p.geom))), 0) * k.m2
         from parcel p join building b on b.id = p.building_id where p.community_id = j.id) as cut,
      (select count(*)::int from building b where ST_Intersects(j.geom, b.anchor)) as buildings,
      (select count(distinct building_id)::int from parcel p where p.community_id = j.id) as with_parcel,
      ST_Area(j.geom::geography) as area
    from jurisdiction j, k where j.id = ${communityId}`;
  return r!;
}

describe('building parcels', () => {
  it('tile a demo community, one parcel per building, buildings whole', async () => {
    const [c] = await db.sql`select id from jurisdiction where code = '110108010024'`;
    const id = Number(c!.id);
    const res = await ensureParcels(db.sql, id);
    expect(res.recomputed).toBe(true);
    const t = await tiling(db.sql, id);
    // floating-point slivers only: under 1 m² over a 25 ha community
    expect(t.gap).toBeLessThan(1);
    expect(t.outside).toBeLessThan(1);
    expect(t.overlap).toBeLessThan(0.01);
    expect(t.cut).toBeLessThan(0.01);
    expect(t.with_parcel).toBe(t.buildings);
    const parcels = await parcelsFor(db.sql, id);
    const perBuilding = new Map<number, number>();
    for (const p of parcels) if (p.buildingId !== null) perBuilding.set(p.buildingId, (perBuilding.get(p.buildingId) ?? 0) + 1);
    expect([...perBuilding.values()].every((n) => n === 1)).toBe(true);
  });

  it('recomputes only when buildings, roads or the boundary change', async () => {
    const [c] = await db.sql`select id from jurisdiction where code = '110108010031'`;
    const id = Number(c!.id);
    const first = await ensureParcels(db.sql, id);
    const again = await ensureParcels(db.sql, id);
    expect(again).toMatchObject({ recomputed: false, baseKey: first.baseKey, parcels: first.parcels });
    await db.sql`update building set households = households + 1 where community_id = ${id}`;
    expect((await ensureParcels(db.sql, id)).recomputed).toBe(false);
    const [b] = await db.sql`select id from building where community_id = ${id} order by id limit 1`;
    await db.sql`update building set geom = ST_Multi(ST_Translate(geom, 0.00001, 0)) where id = ${b!.id}`;
    const moved = await ensureParcels(db.sql, id);
    expect(moved.recomputed).toBe(true);
    expect(moved.baseKey).not.toBe(first.baseKey);
  });

  it('runs concurrently without duplicating parcels', async () => {
    const [c] = await db.sql`select id from jurisdiction where code = '110108010021'`;
    const id = Number(c!.id);
    const results = await Promise.all([ensureParcels(db.sql, id), ensureParcels(db.sql, id), ensureParcels(db.sql, id)]);
    expect(results.filter((r) => r.recomputed)).toHaveLength(1);
    const [n] = await db.sql`select count(*)::int as n, count(distinct building_id)::int as b from parcel where community_id = ${id} and building_id is not null`;
    expect(n!.n).toBe(n!.b);
  });

  it('cuts blocks along streets and keeps buildingless blocks as parcels without a building', async () => {
    const j = await createSyntheticCommunity(db.sql, { blocks: 3, perBlock: 5, maxHouseholds: 9 });
    await db.sql`delete from building where community_id = ${j.communityId} and ST_X(anchor) < (select ST_XMin(geom) + 0.0012 from jurisdiction where id = ${j.communityId})`;
    const res = await ensureParcels(db.sql, j.communityId);
    expect(res.blocks).toBe(9);
    const parcels = await parcelsFor(db.sql, j.communityId);
    expect(parcels.filter((p) => p.buildingId === null)).toHaveLength(3);
    expect(parcels.filter((p) => p.buildingId !== null)).toHaveLength(30);
    const t = await tiling(db.sql, j.communityId);
    expect(t.gap + t.outside + t.overlap + t.cut).toBeLessThan(0.01);
    const [b] = await db.sql`select id from building where community_id = ${j.communityId} order by id limit 1`;
    const parcel = await parcelOfBuilding(db.sql, Number(b!.id));
    expect(parcel).toMatchObject({ communityId: j.communityId, geom: { type: 'MultiPolygon' } });
  });

  it('refuses unknown ids and jurisdictions that are not communities', async () => {
    await expect(ensureParcels(db.sql, 999_999)).rejects.toMatchObject({ status: 404, code: 'community_not_found' });
    const [t] = await db.sql`select id from jurisdiction where level = 'town' limit 1`;
    await expect(ensureParcels(db.sql, Number(t!.id))).rejects.toMatchObject({ status: 400, code: 'not_a_community' });
  });
});
