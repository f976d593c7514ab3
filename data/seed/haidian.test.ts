import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../server/test/db.ts';
import { loadHaidianDemo } from './haidian.ts';
import { isValidIdNumber } from './people.ts';

let db: TestDatabase;
let first: { loaded: boolean };
beforeAll(async () => {
  db = await createTestDatabase();
  first = await loadHaidianDemo(db.sql);
}, 120_000);
afterAll(() => db.drop());

const counts = async () => {
  const [c] = await db.sql`select (select count(*) from jurisdiction)::int j, (select count(*) from building)::int b,
    (select count(*) from household)::int h, (select count(*) from resident)::int r, (select count(*) from grid)::int g`;
  return c!;
};

describe('loadHaidianDemo', () => {
  it('builds 北京市海淀区 → 学院路街道 → communities with their NBS codes', async () => {
    expect(first.loaded).toBe(true);
    const rows = await db.sql`select j.code, j.name, j.level, p.code parent from jurisdiction j left join jurisdiction p on p.id = j.parent_id order by j.code`;
    expect(rows[0]).toMatchObject({ code: '110108', name: '北京市海淀区', level: 'county', parent: null });
    expect(rows[1]).toMatchObject({ code: '110108010', name: '学院路街道', level: 'town', parent: '110108' });
    const communities = rows.filter((r) => r.level === 'community');
    expect(communities.length).toBeGreaterThanOrEqual(6);
    expect(communities.every((c) => c.parent === '110108010' && /^110108010\d{3}$/.test(c.code))).toBe(true);
    expect(communities).toContainEqual(expect.objectContaining({ code: '110108010031', name: '富润社区' }));
    expect(communities).toContainEqual(expect.objectContaining({ code: '110108010024', name: '静淑苑社区' }));
  });

  it('makes communities tile the town: valid MultiPolygons, no overlaps, no holes, union = town', async () => {
    const [r] = await db.sql`
      with c as (select id, geom from jurisdiction where level = 'community'), t as (select geom from jurisdiction where level = 'town')
      select
        (select bool_and(ST_IsValid(geom) and GeometryType(geom) = 'MULTIPOLYGON' and ST_SRID(geom) = 4326) from jurisdiction) valid,
        (select coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0) from c a join c b on a.id < b.id and ST_Intersects(a.geom, b.geom)) overlap,
        (select ST_Area(ST_SymDifference(t.geom, (select ST_Union(geom) from c))::geography) from t) diff,
        (select sum(ST_Area(ST_MakePolygon(ST_ExteriorRing(d.geom))::geography) - ST_Area(d.geom::geography)) from t, ST_Dump(t.geom) d) holes`;
    expect(r!.valid).toBe(true);
    expect(r!.overlap).toBeLessThan(1);
    expect(r!.diff).toBeLessThan(1);
    expect(r!.holes).toBeLessThan(1);
  });

  it('makes the grids of each community tile it exactly', async () => {
    const rows = await db.sql`
      select j.code,
        ST_Area(ST_SymDifference(j.geom, ST_Union(g.geom))::geography) diff,
        (select coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0)
           from grid a join grid b on a.id < b.id and a.community_id = j.id and b.community_id = j.id and ST_Intersects(a.geom, b.geom)) overlap
      from jurisdiction j join grid g on g.community_id = j.id group by j.id`;
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const r of rows) {
      expect(r.diff, r.code).toBeLessThan(1);
      expect(r.overlap, r.code).toBeLessThan(1);
    }
  });

  it('puts every residential building anchor in exactly one grid of the published plan', async () => {
    const rows = await db.sql`
      select b.id, count(g.id)::int n from building b
      left join grid g on ST_Intersects(g.geom, b.anchor)
        and g.plan_id = (select id from grid_plan where status = 'published')
      where b.kind = 'residential' group by b.id`;
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
  });

  it('gives grids unique 15-digit codes with their community prefix, numbered from 001', async () => {
    const rows = await db.sql`select g.code, j.code community from grid g join jurisdiction j on j.id = g.community_id`;
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.code).toMatch(/^\d{15}$/);
      expect(r.code.slice(0, 12)).toBe(r.community);
    }
    const firsts = new Set(rows.filter((r) => r.code.endsWith('001')).map((r) => r.community));
    expect(firsts.size).toBe(new Set(rows.map((r) => r.community)).size);
  });

  it('fills the ledger: estimated households match the rows, residents are synthetic with valid IDs', async () => {
    const [h] = await db.sql`select (select sum(households) from building)::int est, (select count(*) from household)::int rows,
      (select bool_and(households_estimated) from building where kind = 'residential') flagged,
      (select count(*) from building where kind <> 'residential' and households > 0)::int nonres`;
    expect(h!.rows).toBe(h!.est);
    expect(h!.flagged).toBe(true);
    expect(h!.nonres).toBe(0);
    const residents = await db.sql`select id_number, synthetic, birth_date::text b from resident`;
    expect(residents.length).toBeGreaterThan(h!.rows);
    expect(residents.every((r) => r.synthetic && isValidIdNumber(r.id_number) && r.id_number.slice(6, 14) === r.b.replace(/-/g, ''))).toBe(true);
    const [u] = await db.sql`select count(*)::int n from (select building_id, entrance, room from household group by 1, 2, 3 having count(*) > 1) d`;
    expect(u!.n).toBe(0);
  });

  it('answers grid_of_building on a date inside the plan and nothing before it', async () => {
    const [b] = await db.sql`select id from building where kind = 'residential' order by osm_id limit 1`;
    const now = await db.sql`select code from grid_of_building(${b!.id}, '2025-06-01')`;
    expect(now).toHaveLength(1);
    expect(now[0]!.code).toMatch(/^110108010\d{6}$/);
    expect(await db.sql`select code from grid_of_building(${b!.id}, '2024-06-01')`).toHaveLength(0);
  });

  it('adds nothing when run again', async () => {
    const before = await counts();
    expect(await loadHaidianDemo(db.sql)).toEqual({ loaded: false });
    expect(await counts()).toEqual(before);
  });
});
