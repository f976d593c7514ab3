import type { Sql } from 'postgres';
import type { CalendarFile } from '../../../../data/calendar/extract.ts';
import { buildCalendar, type Calendar } from './calendar.domain.ts';

/** What a refresh from the file did: days and years added or changed, and those the file no longer has. */
export interface CalendarRefresh {
  days: number;
  removedDays: number;
  years: number;
  removedYears: number;
}

const SOURCE = 'chinese-days';

/** Every query of the working-day calendar tables. */
export function createWorkCalendarRepo(sql: Sql) {
  return {
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
        await tx`select pg_advisory_xact_lock(hashtext('wangge.work_calendar'))`;
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
      });
    },

    /** The calendar the clock counts on now: the file's days with the admin's corrections, and its version. */
    async load(): Promise<Calendar> {
      const [days, years] = await Promise.all([
        sql`select to_char(day, 'YYYY-MM-DD') as day, kind, source from work_calendar_day`,
        sql`select year, source, version from work_calendar_year order by year`,
      ]);
      const local = days.some((d) => d.source !== SOURCE) || years.some((y) => y.source !== SOURCE);
      const version = String(years.find((y) => y.source === SOURCE)?.version ?? 'none');
      return {
        version: local ? `${version}+local` : version,
        years: new Set(years.map((y) => Number(y.year))),
        off: new Set(days.filter((d) => d.kind === 'holiday').map((d) => String(d.day))),
        worked: new Set(days.filter((d) => d.kind === 'workday').map((d) => String(d.day))),
      };
    },
  };
}
