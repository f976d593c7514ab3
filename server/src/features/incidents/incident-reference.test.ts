import calendarFile from '../../../../data/calendar/cn-workdays.json' with { type: 'json' };
import categoriesFile from '../../../../data/incidents/categories.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { categoryRows } from './incident-categories.repo.ts';
import { seedIncidentReference } from './incident-reference.seed.ts';
import { parseCategories } from './policies.domain.ts';

// The reference tables against their data files, on a real PostGIS: the seed at start adds what is
// missing, keeps what an admin changed, and a second start writes nothing.
const rows = categoryRows(parseCategories(categoriesFile));
const fileDays = [
  ...calendarFile.holidays.map((d) => ({ day: d.date, kind: 'holiday', zh: d.zh, en: d.en })),
  ...calendarFile.workdays.map((d) => ({ day: d.date, kind: 'workday', zh: d.zh, en: d.en })),
].sort((a, b) => a.day.localeCompare(b.day));

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

/** Every row of both tables with its system column, so any write shows. */
const snapshot = async () => JSON.stringify([
  await db.sql`select xmin::text, * from incident_category order by code`,
  await db.sql`select xmin::text, * from work_calendar_day order by day`,
  await db.sql`select xmin::text, * from work_calendar_year order by year`,
]);
const chineseDays = async () => (await db.sql`select to_char(day, 'YYYY-MM-DD') as day, kind, name_zh, name_en
  from work_calendar_day where source = 'chinese-days' order by day`).map((r) => ({ day: r.day, kind: r.kind, zh: r.name_zh, en: r.name_en }));

describe('the incident categories seeded from data/incidents/categories.json', () => {
  it('fills an empty table with every class and minor class of the file, once, as the file says', async () => {
    await db.sql`delete from incident_category`;
    const { categories } = await seedIncidentReference(db.sql);
    expect(categories.sort()).toEqual(rows.map((r) => r.code).sort());
    const stored = await db.sql`select code, parent_code, name_zh, name_en, kind, filing_zh, filing_en, closing_zh, closing_en,
      limit_value::float8 as limit_value, limit_unit, responsible, sort_order, active, version from incident_category order by code`;
    expect(stored.length).toBe(rows.length);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    for (const s of stored) expect({ ...s, active: true, version: 1 }).toEqual({ ...byCode.get(String(s.code)), active: true, version: 1 });
    expect(stored.some((s) => s.code === '0102' && s.limit_value === 4 && s.limit_unit === 'working_hours' && s.responsible === 'sanitation')).toBe(true);
  });

  it('changes nothing on a second start, and keeps an admin’s edit while restoring a category that went missing', async () => {
    await seedIncidentReference(db.sql);
    const before = await snapshot();
    const again = await seedIncidentReference(db.sql);
    expect(again.categories).toEqual([]);
    expect(again.calendar).toEqual({ days: 0, removedDays: 0, years: 0, removedYears: 0 });
    expect(await snapshot()).toBe(before);

    await db.sql`update incident_category set name_zh = '乱搭乱建（本区）', limit_value = 10, active = false, version = version + 1 where code = '0101'`;
    await db.sql`delete from incident_category where code = '0103'`;
    const third = await seedIncidentReference(db.sql);
    expect(third.categories).toEqual(['0103']);
    const [edited] = await db.sql`select name_zh, limit_value::float8 as v, active, version from incident_category where code = '0101'`;
    expect(edited).toEqual({ name_zh: '乱搭乱建（本区）', v: 10, active: false, version: 2 });
  });

  it('refuses a malformed category file before writing anything', async () => {
    const before = await snapshot();
    const broken = { ...categoriesFile, classes: [{ ...categoriesFile.classes[0]!, code: '1' }] };
    await expect(seedIncidentReference(db.sql, { categories: broken })).rejects.toThrow(/2 digits/);
    expect(await snapshot()).toBe(before);
  });
});

describe('the work calendar seeded from data/calendar/cn-workdays.json', () => {
  it('holds exactly the file’s holidays, adjusted working days and covered years', async () => {
    await seedIncidentReference(db.sql);
    expect(await chineseDays()).toEqual(fileDays);
    const years = await db.sql`select year, source, version from work_calendar_year order by year`;
    expect(years).toEqual(calendarFile.years.map((year) => ({ year, source: 'chinese-days', version: calendarFile.version })));
    // the National Day week of 2025 with its worked Saturday: a spot check that the kinds did not swap
    const oct = await db.sql`select to_char(day, 'MM-DD') d, kind from work_calendar_day where day in ('2025-10-08', '2025-10-11') order by day`;
    expect(oct).toEqual([{ d: '10-08', kind: 'holiday' }, { d: '10-11', kind: 'workday' }]);
  });

  it('refreshes the chinese-days rows at start and keeps the admin’s days and years', async () => {
    const [first] = fileDays;
    // an admin turns a holiday of the file into a local working day, and adds a local holiday and a year
    await db.sql`update work_calendar_day set kind = 'workday', name_zh = '本地调整', source = 'admin' where day = ${first!.day}`;
    await db.sql`insert into work_calendar_day (day, kind, name_zh, name_en, source) values ('2026-07-15', 'holiday', '区庆', 'District day', 'admin')`;
    await db.sql`insert into work_calendar_year (year, source, version) values (2027, 'admin', 'local-2027')`;
    // stale data from an older file: a changed name and a day the file no longer has
    await db.sql`update work_calendar_day set name_zh = '旧名' where day = '2025-10-08'`;
    await db.sql`insert into work_calendar_day (day, kind, name_zh, name_en, source) values ('2026-03-03', 'holiday', '旧', 'old', 'chinese-days')`;

    const { calendar } = await seedIncidentReference(db.sql);
    expect(calendar).toEqual({ days: 1, removedDays: 1, years: 0, removedYears: 0 });
    expect(await chineseDays()).toEqual(fileDays.filter((d) => d.day !== first!.day));
    const admin = await db.sql`select to_char(day, 'YYYY-MM-DD') as day, kind, name_zh from work_calendar_day where source = 'admin' order by day`;
    expect(admin).toEqual([{ day: first!.day, kind: 'workday', name_zh: '本地调整' }, { day: '2026-07-15', kind: 'holiday', name_zh: '区庆' }]);
    const [y] = await db.sql`select source, version from work_calendar_year where year = 2027`;
    expect(y).toEqual({ source: 'admin', version: 'local-2027' });
  });
});
