import type { Sql, TransactionSql } from 'postgres';
import type { CalendarFile } from '../../../../data/calendar/extract.ts';
import { buildCalendar, type Calendar } from './calendar.domain.ts';
import { localCalendarVersion, type CalendarDayRow, type DayKind } from './incident-admin.domain.ts';

/** What a refresh from the file did: days and years added or changed, and those the file no longer has. */
export interface CalendarRefresh {
  days: number;
  removedDays: number;
  years: number;
  removedYears: number;
}

const SOURCE = 'chinese-days';

/**
 * The calendar as last loaded, per database handle: every service of a process that counts on the same
 * handle shares it, so an admin's edit, which drops it, applies to the next deadline computed here at once.
 */
const loaded = new WeakMap<Sql, { cal: Calendar; at: number }>();
/** Edits seen per handle: a load that began before an edit must not be kept after it. */
const edits = new WeakMap<Sql, number>();

/** A year's declaration: whose arrangement covers it. */
export interface CalendarYearRow {
  year: number;
  source: 'chinese-days' | 'admin';
  version: string;
}

const dayRow = (r: Record<string, unknown>): CalendarDayRow => ({
  date: String(r.day), kind: r.kind as DayKind, nameZh: String(r.name_zh), nameEn: String(r.name_en), source: r.source as CalendarDayRow['source'],
});

type Db = Sql | TransactionSql;
/** Writers of the calendar (the start's refresh, an admin's edit) take turns. */
const lock = (db: Db) => db`select pg_advisory_xact_lock(hashtext('wangge.work_calendar'))`;

/** Every query of the working-day calendar tables. */
export function createWorkCalendarRepo(sql: Sql) {
  const invalidate = () => {
    edits.set(sql, (edits.get(sql) ?? 0) + 1);
    loaded.delete(sql);
  };
  return {
    /** The calendar loaded at most `ttlMs` ago (shared by the handle's users), else loaded now. */
    async current(ttlMs: number): Promise<Calendar> {
      const hit = loaded.get(sql);
      if (hit && Date.now() - hit.at <= ttlMs) return hit.cal;
      const seen = edits.get(sql) ?? 0;
      const cal = await this.load();
      if ((edits.get(sql) ?? 0) === seen) loaded.set(sql, { cal, at: Date.now() });
      return cal;
    },

    /** Forgets the loaded calendar: the next deadline on this handle reads the tables again. */
    invalidate,

    /** The stored days of one year in date order. */
    async daysOf(year: number): Promise<CalendarDayRow[]> {
      const rows = await sql`select to_char(day, 'YYYY-MM-DD') as day, kind, name_zh, name_en, source from work_calendar_day
        where day >= make_date(${year}, 1, 1) and day < make_date(${year + 1}, 1, 1) order by day`;
      return rows.map(dayRow);
    },

    /** Whose arrangement covers a year, or undefined when none does (its deadlines are provisional). */
    async yearOf(year: number): Promise<CalendarYearRow | undefined> {
      const [r] = await sql`select year, source, version from work_calendar_year where year = ${year}`;
      return r ? { year: Number(r.year), source: r.source as CalendarYearRow['source'], version: String(r.version) } : undefined;
    },

    /** Makes a day the admin's (over the file's row of that date, if any); returns the stored day. */
    async putAdminDay(tx: Db, d: { date: string; kind: DayKind; nameZh: string; nameEn: string }): Promise<CalendarDayRow> {
      await lock(tx);
      const [r] = await tx`insert into work_calendar_day (day, kind, name_zh, name_en, source) values (${d.date}, ${d.kind}, ${d.nameZh}, ${d.nameEn}, 'admin')
        on conflict (day) do update set kind = excluded.kind, name_zh = excluded.name_zh, name_en = excluded.name_en, source = 'admin', updated_at = now()
        returning to_char(day, 'YYYY-MM-DD') as day, kind, name_zh, name_en, source`;
      return dayRow(r!);
    },

    /** Removes the admin's day and puts back the file's row of that date, if it has one; false when the day was not the admin's. */
    async deleteAdminDay(tx: Db, date: string, fileDay: { kind: DayKind; zh: string; en: string } | undefined): Promise<boolean> {
      await lock(tx);
      const gone = await tx`delete from work_calendar_day where day = ${date} and source = 'admin'`;
      if (gone.count === 0) return false;
      if (fileDay) {
        await tx`insert into work_calendar_day (day, kind, name_zh, name_en, source) values (${date}, ${fileDay.kind}, ${fileDay.zh}, ${fileDay.en}, ${SOURCE})`;
      }
      return true;
    },

    /** Declares a year covered by the admin's arrangement; answers the row that covers it now (the file's, if it already did) and whether this added it. */
    async putAdminYear(tx: Db, year: number, version: string): Promise<{ row: CalendarYearRow; added: boolean }> {
      await lock(tx);
      const added = await tx`insert into work_calendar_year (year, source, version) values (${year}, 'admin', ${version}) on conflict (year) do nothing`;
      const [r] = await tx`select year, source, version from work_calendar_year where year = ${year}`;
      return { row: { year: Number(r!.year), source: r!.source as CalendarYearRow['source'], version: String(r!.version) }, added: added.count > 0 };
    },

    /** Withdraws the admin's declaration of a year; false when the year was not declared by an admin. */
    async deleteAdminYear(tx: Db, year: number): Promise<boolean> {
      await lock(tx);
      return (await tx`delete from work_calendar_year where year = ${year} and source = 'admin'`).count > 0;
    },

    /**
     * Makes the chinese-days rows equal the file's (added, changed or removed), leaving the admin's rows
     * alone, even on a day the file also names; rows already equal are not touched, so a second start writes nothing.
     */
    async refresh(file: CalendarFile): Promise<CalendarRefresh> {
      buildCalendar(file); // throws on a malformed date before anything is written
      const days = [
        ...file.holidays.map((d) => ({ day: d.date, kind: 'holiday', name_zh: d.zh, name_en: d.en, source: SOURCE })),
        ...file.workdays.map((d) => ({ day: d.date, kind: 'workday', name_zh: d.zh, name_en: d.en, source: SOURCE })),
      ];
      const years = file.years.map((year) => ({ year, source: SOURCE, version: file.version }));
      return sql.begin(async (tx) => {
        await lock(tx);
        const removedDays = await tx`delete from work_calendar_day
          where source = ${SOURCE} and not (day = any(${days.map((d) => d.day)}::date[]))`;
        const changedDays = await tx`insert into work_calendar_day ${tx(days)}
          on conflict (day) do update set kind = excluded.kind, name_zh = excluded.name_zh, name_en = excluded.name_en, updated_at = now()
          where work_calendar_day.source = ${SOURCE}
            and (work_calendar_day.kind, work_calendar_day.name_zh, work_calendar_day.name_en)
              is distinct from (excluded.kind, excluded.name_zh, excluded.name_en)`;
        const removedYears = await tx`delete from work_calendar_year
          where source = ${SOURCE} and not (year = any(${file.years}::int[]))`;
        const changedYears = await tx`insert into work_calendar_year ${tx(years)}
          on conflict (year) do update set version = excluded.version, updated_at = now()
          where work_calendar_year.source = ${SOURCE} and work_calendar_year.version is distinct from excluded.version`;
        return { days: changedDays.count, removedDays: removedDays.count, years: changedYears.count, removedYears: removedYears.count };
      }).finally(invalidate);
    },

    /** The calendar the clock counts on now: the file's days with the admin's corrections, and its version. */
    async load(): Promise<Calendar> {
      const [days, years] = await Promise.all([
        sql`select to_char(day, 'YYYY-MM-DD') as day, kind, source from work_calendar_day`,
        sql`select year, source, version from work_calendar_year order by year`,
      ]);
      const local = [...days.filter((d) => d.source !== SOURCE).map((d) => `${d.day}:${d.kind}`), ...years.filter((y) => y.source !== SOURCE).map((y) => `${y.year}`)];
      const version = String(years.find((y) => y.source === SOURCE)?.version ?? 'none');
      return {
        version: localCalendarVersion(version, local),
        years: new Set(years.map((y) => Number(y.year))),
        off: new Set(days.filter((d) => d.kind === 'holiday').map((d) => String(d.day))),
        worked: new Set(days.filter((d) => d.kind === 'workday').map((d) => String(d.day))),
      };
    },
  };
}
