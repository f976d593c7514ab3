import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from 'postgres';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSyntheticCommunity } from '../../../test/synthetic-community.ts';
import { ensureParcels, parcelOfBuilding, parcelsFor } from './parcels.repo.ts';
import { measureBorders } from './unit-graph.repo.ts';

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

describe('parcel borders', () => {
  it('are stored with the parcels, as a fresh measure finds them, and go when the parcels are recomputed', async () => {
    const [c] = await db.sql`select id from jurisdiction where code = '110108010024'`;
    const id = Number(c!.id);
    await ensureParcels(db.sql, id);
    const stored = await db.sql`
      select a, b, exact, round(length_m::numeric, 3)::float8 as length, round(street_m::numeric, 3)::float8 as street
      from parcel_adjacency where community_id = ${id} order by a, b`;
    expect(stored.length).toBeGreaterThan(50);
    // every parcel with a neighbour at all has one stored: none is left out of the graph
    const [lonely] = await db.sql`
      select count(*)::int as n from parcel p where p.community_id = ${id}
        and not exists (select 1 from parcel_adjacency x where x.a = p.id or x.b = p.id)
        and exists (select 1 from parcel q where q.community_id = ${id} and q.id <> p.id and ST_Intersects(q.geom, p.geom)
                    and ST_Length(ST_CollectionExtract(ST_Intersection(q.geom, p.geom), 2)::geography) > 1)`;
    expect(lonely!.n).toBe(0);
    const fresh = await db.sql.begin(async (tx) => {
      await tx`
        create temp table t_unit on commit drop as
        select row_number() over (order by p.id)::int as id, p.id as parcel_id, p.community_id, p.block_no, b.compound_id, p.geom
        from parcel p left join building b on b.id = p.building_id where p.community_id = ${id}`;
      await tx`create index on t_unit using gist (geom)`;
      const rows = await measureBorders(tx, 'all');
      const parcel = new Map((await tx`select id, parcel_id from t_unit`).map((r) => [Number(r.id), Number(r.parcel_id)]));
      return rows.map((r) => ({ a: parcel.get(r.a)!, b: parcel.get(r.b)!, exact: r.exact, length: Math.round(r.length * 1000) / 1000, street: Math.round(r.street * 1000) / 1000 }));
    });
    expect(stored.map((r) => ({ a: Number(r.a), b: Number(r.b), exact: r.exact, length: r.length, street: r.street })))
      .toEqual(fresh.sort((x, y) => x.a - y.a || x.b - y.b));
    // a building moved: new parcels, new borders, none of the old ones left
    await db.sql`update building set geom = ST_Translate(geom, 0.00001, 0)
                 where id = (select building_id from parcel where community_id = ${id} and building_id is not null order by id limit 1)`;
    await ensureParcels(db.sql, id);
    const [left] = await db.sql`
      select count(*)::int as n from parcel_adjacency x where x.community_id = ${id}
        and not exists (select 1 from parcel p where p.id = x.a and p.community_id = ${id})`;
    expect(left!.n).toBe(0);
    const [again] = await db.sql`select count(*)::int as n from parcel_adjacency where community_id = ${id}`;
    expect(again!.n).toBeGreaterThan(50);
  });
});
