import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';

// The per-building resident counts of migration 011 must equal a live count after every kind of
// write the ledger, the importers and the generators make: inserts (one, many, COPY), special groups
// set and cleared, a resident moved to another household, a household moved to another building,
// deletes, a truncate, and writes racing on the same building.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
});
afterAll(() => db.drop());

/** Buildings whose stored counts differ from counting the residents. */
const drift = () => db.sql`
  with live as (
    select h.building_id, count(*)::int as residents, (count(*) filter (where cardinality(r.special_groups) > 0))::int as special
    from resident r join household h on h.id = r.household_id group by h.building_id)
  select coalesce(l.building_id, p.building_id) as building_id, l.residents, l.special, p.residents as stored, p.special as stored_special
  from live l full join (select * from building_people where residents > 0 or special > 0) p on p.building_id = l.building_id
  where l.residents is distinct from p.residents or l.special is distinct from p.special`;

const stored = async (buildingId: number) => {
  const [r] = await db.sql`select residents, special from building_people where building_id = ${buildingId}`;
  return r ? { residents: r.residents as number, special: r.special as number } : { residents: 0, special: 0 };
};

/** Two households of the demo in two different buildings. */
async function twoHouseholds() {
  const rows = await db.sql`
    select distinct on (h.building_id) h.id, h.building_id, h.region_code from household h order by h.building_id, h.id limit 2`;
  return rows.map((r) => ({ id: Number(r.id), building: Number(r.building_id), region: String(r.region_code) }));
}

const addResidents = (household: { id: number; region: string }, n: number, special: string[] = []) => db.sql`
  insert into resident (household_id, region_code, name, special_groups)
  select ${household.id}, ${household.region}, '测试' || g, ${special}::text[] from generate_series(1, ${n}) g
  returning id`;

describe('building_people', () => {
  it('starts equal to a live count of the demo ledger', async () => {
    const [n] = await db.sql`select sum(residents)::int as n from building_people`;
    expect(n!.n).toBeGreaterThan(1000);
    expect(await drift()).toEqual([]);
  });

  it('follows inserts, special groups, moves between households and buildings, and deletes', async () => {
    const [a, b] = await twoHouseholds();
    const before = { a: await stored(a!.building), b: await stored(b!.building) };
    const ids = (await addResidents(a!, 5, ['elderly_alone'])).map((r) => Number(r.id));
    expect(await stored(a!.building)).toEqual({ residents: before.a.residents + 5, special: before.a.special + 5 });

    await db.sql`update resident set special_groups = '{}' where id = any(${ids.slice(0, 2)}::bigint[])`;
    await db.sql`update resident set name = '改名' where id = any(${ids}::bigint[])`; // moves no count
    expect(await stored(a!.building)).toEqual({ residents: before.a.residents + 5, special: before.a.special + 3 });

    await db.sql`update resident set household_id = ${b!.id} where id = ${ids[0]!}`;
    expect(await stored(a!.building)).toEqual({ residents: before.a.residents + 4, special: before.a.special + 3 });
    expect(await stored(b!.building)).toEqual({ residents: before.b.residents + 1, special: before.b.special });

    // the whole household of a moves into b's building, its residents with it
    const [moved] = await db.sql`select count(*)::int as n, (count(*) filter (where cardinality(special_groups) > 0))::int as s
                                 from resident where household_id = ${a!.id}`;
    await db.sql`update household set building_id = ${b!.building}, room = room || '-移入' where id = ${a!.id}`; // its own flat there
    expect(await stored(b!.building)).toEqual({ residents: before.b.residents + 1 + moved!.n, special: before.b.special + moved!.s });
    await db.sql`update household set building_id = ${a!.building}, room = left(room, -3) where id = ${a!.id}`;

    await db.sql`delete from resident where id = any(${ids}::bigint[])`;
    expect(await stored(a!.building)).toEqual(before.a);
    expect(await stored(b!.building)).toEqual(before.b);
    expect(await drift()).toEqual([]);
  });

  it('counts a COPY of many residents in one statement', async () => {
    const [a] = await twoHouseholds();
    const before = await stored(a!.building);
    const lines = Array.from({ length: 2000 }, (_, i) => `${a!.id}\t${a!.region}\t批量${i}\t${i % 4 === 0 ? '{migrant}' : '{}'}\n`);
    const sink = await db.sql`copy resident (household_id, region_code, name, special_groups) from stdin`.writable();
    await pipeline(Readable.from(lines), sink);
    expect(await stored(a!.building)).toEqual({ residents: before.residents + 2000, special: before.special + 500 });
    await db.sql`delete from resident where name like '批量%'`;
    expect(await drift()).toEqual([]);
  });

  it('loses no count when 30 writers add to the same building at once', async () => {
    const [a] = await twoHouseholds();
    const before = await stored(a!.building);
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => addResidents(a!, 3)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await stored(a!.building)).residents).toBe(before.residents + 90);
    expect(await drift()).toEqual([]);
  });

  it('is emptied with the residents', async () => {
    const other = await createTestDatabase({ demo: true });
    try {
      await other.sql`truncate resident cascade`;
      const [n] = await other.sql`select count(*)::int as n from building_people`;
      expect(n!.n).toBe(0);
    } finally {
      await other.drop();
    }
  });
});
