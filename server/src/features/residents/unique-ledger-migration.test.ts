import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createBuilding, createJurisdictions, square } from '../../../test/factories.ts';
import { migrate, migrationsDir } from '../../db/migrate.ts';

// Migration 006 on a database that already holds repeated ID numbers and flats: it applies, keeps
// every row, and the constraints hold afterwards.
const MIGRATION = '006_unique_residents_households.sql';
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  // the template is migrated: take 006 back out to stand for a database made before it
  await db.sql.unsafe(`
    alter table resident drop constraint resident_id_number_key;
    drop index household_flat_key;
    drop function household_room_key(text);
    drop table resident_id_number_duplicate;
    delete from schema_migration where name = '${MIGRATION}';`);
});
afterAll(() => db.drop());

describe(`migration ${MIGRATION}`, () => {
  it('parks repeated ID numbers and renumbers repeated flats, then refuses new repeats', async () => {
    const j = await createJurisdictions(db.sql, { wkt: square(113, 23, 0.01) });
    const building = await createBuilding(db.sql, { regionCode: j.regionCode, wkt: square(113.001, 23.001, 0.0005), households: 4 });
    const flat = async (entrance: number, room: string) => Number((await db.sql`insert into household (building_id, region_code, entrance, room)
      values (${building}, ${j.regionCode}, ${entrance}, ${room}) returning id`)[0]!.id);
    const first = await flat(1, '1203');
    const spaced = await flat(1, ' 1203');
    const wide = await flat(1, '１２０３');
    const otherEntrance = await flat(2, '1203');
    const person = async (household: number, idNumber: string) => Number((await db.sql`insert into resident (household_id, region_code, name, id_number)
      values (${household}, ${j.regionCode}, '某人', ${idNumber}) returning id`)[0]!.id);
    const [a, b, c, d] = [await person(first, '11010519491231002X'), await person(spaced, '11010519491231002X'),
      await person(wide, '11010519491231002X'), await person(otherEntrance, '440524188001010014')];

    expect(await migrate(db.sql, migrationsDir)).toEqual([MIGRATION]);

    const rooms = await db.sql`select id, room from household where building_id = ${building} order by id`;
    expect(rooms.map((r) => [Number(r.id), r.room])).toEqual([[first, '1203'], [spaced, ` 1203 #${spaced}`], [wide, `１２０３ #${wide}`], [otherEntrance, '1203']]);
    const numbers = await db.sql`select id, id_number, household_id from resident order by id`;
    expect(numbers.map((r) => [Number(r.id), r.id_number])).toEqual([[a, '11010519491231002X'], [b, null], [c, null], [d, '440524188001010014']]);
    const parked = await db.sql`select resident_id, id_number, kept_by from resident_id_number_duplicate order by resident_id`;
    expect(parked.map((r) => [Number(r.resident_id), r.id_number, Number(r.kept_by)])).toEqual([[b, '11010519491231002X', a], [c, '11010519491231002X', a]]);

    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string; constraint_name?: string }) => `${e.code} ${e.constraint_name}`);
    expect(await code(person(first, '440524188001010014'))).toBe('23505 resident_id_number_key');
    expect(await code(flat(1, '1203 '))).toBe('23505 household_flat_key');
    expect(await code(flat(2, '１２０４'))).toBe('ok');
  });
});
