/**
 * The working-day clock of incidents: which days are worked (public holidays and adjusted working days,
 * 调休, from data/calendar/cn-workdays.json plus admin overrides), an organisation's working hours, and
 * adding or measuring working time. Pure: no database, no machine time zone.
 *
 * Conventions (数字城管 practice, ../shared/reference/standards-and-workflow.md, "Local rules seen":
 * "counting starts the day after receipt"):
 * - Working days: the day of receipt never counts, whatever the hour; the n-th working day after it
 *   ends at the close of its last working period. Dispatched on Tuesday 2025-09-30 at 09:00 or at
 *   17:45 with 3 working days: 10-01..08 are off, so 10-09, 10-10 and Saturday 10-11 (worked, 调休)
 *   count, and the case is due 2025-10-11 17:30.
 * - Working hours: the clock runs only inside working periods of working days; a start outside them
 *   waits for the next opening (Friday 17:45 → the next working day 08:30). A due time that lands on
 *   a period's end stays there (12:00, not 13:30).
 * - Time zone: Asia/Shanghai, UTC+8 without daylight saving; every local date and minute is computed
 *   with that fixed offset, never with the machine's zone.
 * - A year the data does not cover is counted as plain Monday–Friday, and any result that reaches
 *   into one is provisional (the arrangement is published only around November of the year before).
 */

/** A calendar file's shape (data/calendar/cn-workdays.json); extra fields are ignored. */
export interface CalendarData {
  version: string;
  years: readonly number[];
  holidays: readonly { date: string }[];
  workdays: readonly { date: string }[];
}

/** An admin's correction of one day (a local holiday, a day the data got wrong). */
export interface DayOverride {
  date: string;
  work: boolean;
}

/** The days the clock counts; `version` is stored with every due time computed on it. */
export interface Calendar {
  version: string;
  years: ReadonlySet<number>;
  off: ReadonlySet<string>;
  worked: ReadonlySet<string>;
}

/** Working periods of a day as [start, end) in minutes after local midnight, ascending and disjoint. */
export interface WorkingHours {
  periods: readonly (readonly [number, number])[];
}

/** The result of adding time: the instant, whether it rests on uncovered years, and the calendar used. */
export interface ClockResult {
  at: Date;
  provisional: boolean;
  calendarVersion: string;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const OFFSET_MS = 8 * 3_600_000;
/** Beyond this many days of searching a limit is refused rather than looped over. */
const MAX_DAYS = 3_660;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar from its data file, with admin overrides and the years they newly cover. */
export function buildCalendar(data: CalendarData, options: { overrides?: readonly DayOverride[]; addedYears?: readonly number[]; version?: string } = {}): Calendar {
  const off = new Set(data.holidays.map((d) => checkDate(d.date)));
  const worked = new Set(data.workdays.map((d) => checkDate(d.date)));
  for (const o of options.overrides ?? []) {
    checkDate(o.date);
    (o.work ? worked : off).add(o.date);
    (o.work ? off : worked).delete(o.date);
  }
  const overridden = (options.overrides?.length ?? 0) > 0 || (options.addedYears?.length ?? 0) > 0;
  return {
    version: options.version ?? (overridden ? `${data.version}+local` : data.version),
    years: new Set([...data.years, ...(options.addedYears ?? [])]),
    off,
    worked,
  };
}

/** Working hours from "HH:MM-HH:MM" periods, e.g. ["08:30-12:00", "13:30-17:30"]; throws RangeError on nonsense. */
export function parseWorkingHours(spec: readonly string[]): WorkingHours {
  const periods = spec.map((p) => {
    const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(p);
    if (!m) throw new RangeError(`working period "${p}" is not HH:MM-HH:MM`);
    const [start, end] = [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
    if (Number(m[2]) > 59 || Number(m[4]) > 59 || end > 24 * 60 || start >= end) throw new RangeError(`working period "${p}" is empty or outside the day`);
    return [start, end] as const;
  });
  if (periods.length === 0) throw new RangeError('working hours need at least one period');
  periods.forEach((p, i) => {
    if (i > 0 && p[0] < periods[i - 1]![1]) throw new RangeError('working periods must be in order and must not overlap');
  });
  return { periods };
}

/** 08:30–12:00 and 13:30–17:30, the common office day of street offices and departments. */
export const DEFAULT_WORKING_HOURS: WorkingHours = parseWorkingHours(['08:30-12:00', '13:30-17:30']);

function checkDate(date: string): string {
  if (!DATE_RE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  return date;
}

function checkInstant(t: Date): number {
  const ms = t.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid instant');
  return ms;
}

/** The local date (Asia/Shanghai) of an instant. */
export function shanghaiDate(t: Date): string {
  return new Date(checkInstant(t) + OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant written with its +08:00 offset, e.g. 2025-10-11T17:30:00+08:00. */
export function toShanghaiIso(t: Date): string {
  return `${new Date(checkInstant(t) + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The instant of a local date and time in Asia/Shanghai ("2025-10-11", "17:30"). */
export function shanghaiInstant(date: string, time = '00:00'): Date {
  const at = new Date(`${checkDate(date)}T${time}:00+08:00`);
  checkInstant(at);
  return at;
}

function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Whether a local date is worked: an override or the data first, then Monday to Friday. */
export function isWorkingDay(cal: Calendar, date: string): boolean {
  if (cal.worked.has(date)) return true;
  if (cal.off.has(date)) return false;
  const weekday = new Date(`${checkDate(date)}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Whether the calendar has the published arrangement for a date's year. */
export function isCovered(cal: Calendar, date: string): boolean {
  return cal.years.has(Number(date.slice(0, 4)));
}

function provisionalBetween(cal: Calendar, from: string, to: string): boolean {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!cal.years.has(y)) return true;
  return false;
}

function result(cal: Calendar, start: Date, at: number): ClockResult {
  const end = new Date(at);
  return { at: end, provisional: provisionalBetween(cal, shanghaiDate(start), shanghaiDate(end)), calendarVersion: cal.version };
}

/** The close of the n-th working day after the start's local date (the start's own day never counts). */
export function addWorkingDays(start: Date, days: number, cal: Calendar, hours: WorkingHours = DEFAULT_WORKING_HOURS): ClockResult {
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS / 2) throw new RangeError(`working days must be a whole number from 1 (got ${days})`);
  let date = shanghaiDate(start);
  for (let left = days; ; ) {
    date = nextDate(date);
    if (isWorkingDay(cal, date) && --left === 0) break;
  }
  return result(cal, start, dayStart(date) + hours.periods.at(-1)![1] * MINUTE_MS);
}

/** The instant when `ms` of working time after `start` have passed (0 returns the start itself). */
function addWorkingMs(start: Date, ms: number, cal: Calendar, hours: WorkingHours): number {
  const t0 = checkInstant(start);
  if (ms === 0) return t0;
  let date = shanghaiDate(start);
  let left = ms;
  for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date)) {
    if (!isWorkingDay(cal, date)) continue;
    const base = dayStart(date);
    for (const [s, e] of hours.periods) {
      const from = Math.max(base + s * MINUTE_MS, t0);
      const to = base + e * MINUTE_MS;
      if (from >= to) continue;
      if (left <= to - from) return from + left;
      left -= to - from;
    }
  }
  throw new RangeError('working time too long to count');
}

/** The instant `h` working hours after `start` (fractions allowed, counted to the millisecond). */
export function addWorkingHours(start: Date, h: number, cal: Calendar, hours: WorkingHours = DEFAULT_WORKING_HOURS): ClockResult {
  if (!Number.isFinite(h) || h <= 0) throw new RangeError(`working hours must be positive (got ${h})`);
  return result(cal, start, addWorkingMs(start, h * 3_600_000, cal, hours));
}

/** The instant `minutes` of working time after `start`; 0 leaves it where it is. */
export function addWorkingMinutes(start: Date, minutes: number, cal: Calendar, hours: WorkingHours = DEFAULT_WORKING_HOURS): ClockResult {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`working minutes must not be negative (got ${minutes})`);
  return result(cal, start, addWorkingMs(start, minutes * MINUTE_MS, cal, hours));
}

/** Working minutes between two instants (0 when `to` is not after `from`), for on-time rates and handling times. */
export function workingMinutesBetween(from: Date, to: Date, cal: Calendar, hours: WorkingHours = DEFAULT_WORKING_HOURS): number {
  const [a, b] = [checkInstant(from), checkInstant(to)];
  if (b <= a) return 0;
  let total = 0;
  const last = shanghaiDate(to);
  for (let date = shanghaiDate(from); ; date = nextDate(date)) {
    if (isWorkingDay(cal, date)) {
      const base = dayStart(date);
      for (const [s, e] of hours.periods) total += Math.max(0, Math.min(b, base + e * MINUTE_MS) - Math.max(a, base + s * MINUTE_MS));
    }
    if (date === last) break;
  }
  return total / MINUTE_MS;
}
