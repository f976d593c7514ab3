/**
 * Writes data/calendar/cn-workdays.json from the chinese-days package (run by hand after updating it):
 *   npx tsx data/calendar/extract.ts
 * Only the package's public API is read. The years it covers are those with a published State Council
 * arrangement (each has New Year's Day): chinese-days treats any other year as plain Monday–Friday, which
 * the domain must not trust (calendar.domain.ts marks deadlines there provisional).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import chineseDays from 'chinese-days';
import packageInfo from 'chinese-days/package.json' with { type: 'json' };

// The package is CommonJS (UMD): Node exposes its functions on the default export only.
const { getDayDetail, getHolidaysInRange } = chineseDays;

/** One special day: the date and the holiday it belongs to, in Chinese and English. */
export interface CalendarDay {
  date: string;
  zh: string;
  en: string;
}

/** The file's shape (calendar.domain.ts reads it as plain objects). */
export interface CalendarFile {
  source: string;
  version: string;
  years: number[];
  holidays: CalendarDay[];
  workdays: CalendarDay[];
}

/** The years the package has an arrangement for, probed over a range wide enough for any release. */
function coveredYears(): number[] {
  const years: number[] = [];
  for (let y = 1990; y <= 2100; y++) {
    if (getHolidaysInRange(`${y}-01-01`, `${y}-12-31`, false).length > 0) years.push(y);
  }
  return years;
}

function datesOf(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** The calendar as the package says it: statutory rest days and adjusted working days (调休) of every covered year. */
export function extractCalendar(): CalendarFile {
  const years = coveredYears();
  const holidays: CalendarDay[] = [];
  const workdays: CalendarDay[] = [];
  for (const year of years) {
    const special = new Set([...getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false)]);
    for (const date of datesOf(year)) {
      const detail = getDayDetail(date);
      // Named days carry "English,中文,n"; plain days carry a weekday name without commas.
      const [en, zh] = detail.name.split(',');
      if (zh === undefined || en === undefined) continue;
      const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
      if (!detail.work && special.has(date)) holidays.push({ date, zh, en });
      else if (detail.work && weekend) workdays.push({ date, zh, en });
    }
  }
  return { source: 'chinese-days (MIT), State Council holiday arrangements', version: `chinese-days@${packageInfo.version}`, years, holidays, workdays };
}

/** The file's text: one day a line, so an update's diff shows exactly the days that changed. */
export function formatCalendar(cal: CalendarFile): string {
  const days = (list: CalendarDay[]) => list.map((d) => `    ${JSON.stringify(d)}`).join(',\n');
  return `{\n  "source": ${JSON.stringify(cal.source)},\n  "version": ${JSON.stringify(cal.version)},\n  "years": ${JSON.stringify(cal.years)},\n`
    + `  "holidays": [\n${days(cal.holidays)}\n  ],\n  "workdays": [\n${days(cal.workdays)}\n  ]\n}\n`;
}

if (process.argv[1] === import.meta.filename) {
  const out = join(import.meta.dirname, 'cn-workdays.json');
  const cal = extractCalendar();
  writeFileSync(out, formatCalendar(cal));
  console.log(`${cal.years[0]}–${cal.years.at(-1)}: ${cal.holidays.length} holidays, ${cal.workdays.length} adjusted working days → ${out}`);
}
