import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../server/test/db.ts';
import { DEFAULTS, generateSyntheticTown, type GenerateSummary } from './generate.ts';
import { RegionInUseError } from './region.ts';

const REGION = '990101';
const HOUSEHOLDS = 6_000;
const opts = { ...DEFAULTS, households: HOUSEHOLDS, replace: false };

/** A fingerprint of every generated row, ids left out (they depend on the sequences), in id order. */
async function checksum(sql: Sql): Promise<string> {
  const [row] = await sql<{ sum: string }[]>`
    select md5(concat_ws('|',
      (select string_agg(concat_ws(',', code, name, level, ST_AsEWKT(geom)), ';' order by code) from jurisdiction where region_code = ${REGION}),
      (select string_agg(concat_ws(',', code, name, ST_AsEWKT(geom)), ';' order by code) from grid where region_code = ${REGION}),
      (select string_agg(concat_ws(',', name, address, kind, floors, households, ST_AsEWKT(geom)), ';' order by id) from building where region_code = ${REGION}),
      (select string_agg(concat_ws(',', entrance, room, housing), ';' order by id) from household where region_code = ${REGION}),
      (select string_agg(concat_ws(',', name, id_number, phone, gender, birth_date, relation, special_groups), ';' order by id) from resident where region_code = ${REGION}),
      (select string_agg(concat_ws(',', name, class, ST_AsEWKT(geom)), ';' order by id) from road where region_code = ${REGION})
    )) as sum`;
  return row!.sum;
}

let db: TestDatabase;
let first: GenerateSummary;
beforeAll(async () => {
  db = await createTestDatabase();
  first = await generateSyntheticTown(db.sql, opts);
}, 120_000);
afterAll(() => db.drop());

describe('synthetic town in PostGIS', () => {
  it('holds the requested households, ~2.4 residents each, all marked synthetic and recorded as a dataset', async () => {
    const [c] = await db.sql<{ households: number; residents: number; unmarked: number }[]>`
      select (select count(*)::int from household where region_code = ${REGION}) as households,
             (select count(*)::int from resident where region_code = ${REGION}) as residents,
             (select count(*)::int from building where region_code = ${REGION} and not synthetic)
           + (select count(*)::int from resident where region_code = ${REGION} and not synthetic) as unmarked`;
    expect(c!.households).toBe(HOUSEHOLDS);
    expect(c!.residents / c!.households).toBeGreaterThan(2);
    expect(c!.residents / c!.households).toBeLessThan(3);
    expect(c!.unmarked).toBe(0);
    const [ds] = await db.sql<{ details: { counts: Record<string, number> } }[]>`select details from dataset where name = 'synthetic-990101'`;
    expect(ds!.details.counts).toMatchObject({ households: HOUSEHOLDS, residents: c!.residents, grids: first.counts.grids });
  });

  it('has well-formed codes down the hierarchy, one published plan per town', async () => {
    const bad = await db.sql`
      select j.code from jurisdiction j left join jurisdiction p on p.id = j.parent_id
      where j.region_code = ${REGION} and not (
        (j.level = 'county' and j.code = ${REGION}) or
        (j.level in ('town', 'community') and j.code ~ ('^' || p.code || '\\d{3}$')))
      union all
      select g.code from grid g join jurisdiction c on c.id = g.community_id
      where g.region_code = ${REGION} and g.code !~ ('^' || c.code || '\\d{3}$')`;
    expect(bad).toEqual([]);
    const [plans] = await db.sql<{ towns: number; plans: number }[]>`
      select (select count(*)::int from jurisdiction where region_code = ${REGION} and level = 'town') as towns,
             (select count(*)::int from grid_plan where region_code = ${REGION} and status = 'published') as plans`;
    expect(plans!.plans).toBe(plans!.towns);
  });

  it('tiles every community with its grids: no gaps, no overlaps', async () => {
    const [t] = await db.sql<{ gap: number; overlaps: number; communities: number }[]>`
      select (select coalesce(sum(ST_Area(ST_SymDifference(c.geom, u.geom)::geography)), 0)
              from jurisdiction c join (select community_id, ST_Union(geom) as geom from grid group by 1) u on u.community_id = c.id
              where c.region_code = ${REGION}) as gap,
             (select count(*)::int from grid a join grid b on a.id < b.id and a.geom && b.geom and ST_Relate(a.geom, b.geom, '2********')
              where a.region_code = ${REGION}) as overlaps,
             (select count(*)::int from jurisdiction where region_code = ${REGION} and level = 'community') as communities`;
    expect(t!.communities).toBeGreaterThan(1);
    expect(t!.gap).toBeLessThan(1);
    expect(t!.overlaps).toBe(0);
  });

  it('puts every building in exactly one grid, of its own community', async () => {
    const rows = await db.sql<{ holders: number; n: number }[]>`
      select holders, count(*)::int as n from (
        select b.id, count(g.id)::int as holders from building b
        left join grid g on ST_Contains(g.geom, b.geom) and g.community_id = b.community_id
        where b.region_code = ${REGION} group by b.id) x group by holders`;
    expect(rows).toEqual([{ holders: 1, n: first.counts.buildings }]);
  });

  it('refuses to overwrite without --replace, and --replace gives back the very same rows', async () => {
    const before = await checksum(db.sql);
    await expect(generateSyntheticTown(db.sql, opts)).rejects.toBeInstanceOf(RegionInUseError);
    await generateSyntheticTown(db.sql, { ...opts, replace: true });
    expect(await checksum(db.sql)).toBe(before);
    const [n] = await db.sql<{ n: number }[]>`select count(*)::int as n from household where region_code = ${REGION}`;
    expect(n!.n).toBe(HOUSEHOLDS);
  }, 120_000);

  it('differs for another seed', async () => {
    const before = await checksum(db.sql);
    await generateSyntheticTown(db.sql, { ...opts, seed: 2, replace: true });
    expect(await checksum(db.sql)).not.toBe(before);
  }, 120_000);
});

describe('ID numbers of a second region', () => {
  let other: TestDatabase;
  beforeAll(async () => {
    other = await createTestDatabase();
  });
  afterAll(() => other?.drop());

  it('leaves a drawn number empty when a stored resident holds it, and keeps the holder\'s', async () => {
    // the people of a seed and size do not depend on the region: the migrants (IDs from elsewhere) repeat exactly
    const small = { ...DEFAULTS, households: 800, replace: false };
    await generateSyntheticTown(other.sql, { ...small, region: '990103' });
    const log: string[] = [];
    await generateSyntheticTown(other.sql, { ...small, region: '990104', center: [121.1, 31.25], log: (m) => log.push(m) });
    const rows = await other.sql<{ region: string; empty: number; migrants: number }[]>`
      select region_code as region, count(*) filter (where id_number is null)::int as empty, count(*) filter (where 'migrant' = any(special_groups))::int as migrants
      from resident group by 1 order by 1`;
    expect(rows[0]).toMatchObject({ region: '990103', empty: 0 });
    expect(rows[1]!.migrants).toBeGreaterThan(0);
    expect(rows[1]).toMatchObject({ region: '990104', empty: rows[1]!.migrants });
    expect(log).toContain(`[generate] ${rows[1]!.migrants} synthetic ID numbers were already taken and are left empty`);
  }, 120_000);
});
