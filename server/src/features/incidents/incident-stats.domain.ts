/**
 * The indicators of incidents (上报数, 立案数, 结案数, 结案率, 按期结案率, 返工率, 平均处置时长, top categories, overdue
 * now) from the counts the database gives, and the daily series. Pure: rates, rounding, ranking, the days of a
 * period. Conventions, all about the cases reported in the period (a cohort), as they stand now:
 * - 立案数 (accepted): cases that reached 立案 or any later step (dispatched, handled, fed back, closed, deferred,
 *   on the ledger), voided ones included if they were accepted first; a case solved on the spot counts;
 * - 结案数 (closed): cases closed or evaluated; 结案率 = closed / accepted;
 * - 按期结案率 = closed on time / closed; 返工率 = cases sent for rework at least once / closed;
 * - 平均处置时长: working minutes the handling clock ran from dispatch to close (pauses, such as the wait for
 *   verification and approved deferrals, left out), over the closed cases that were dispatched;
 * - overdue now: open cases past their due time at the moment asked, whenever they were reported.
 */

/** The levels indicators are grouped by. */
export const STATS_LEVELS = ['grid', 'community', 'town', 'department'] as const;
export type StatsLevel = (typeof STATS_LEVELS)[number];

/** How many categories each group lists. */
export const TOP_CATEGORIES = 5;

/** The counts of one group as the database gives them. */
export interface GroupCounts {
  reported: number;
  accepted: number;
  closed: number;
  closedOnTime: number;
  reworked: number;
  /** Closed, dispatched cases whose handling time was measured, and their working minutes together. */
  handled: number;
  handlingMinutes: number;
  overdueNow: number;
}

/** A category's count in a group. */
export interface CategoryCount {
  code: string;
  count: number;
}

/** The indicators of one group. */
export interface Indicators extends GroupCounts {
  closeRate: number | null;
  onTimeRate: number | null;
  reworkRate: number | null;
  avgHandlingMinutes: number | null;
}

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;

/** A ratio rounded to 4 decimals (0.8571 is 85.71 %), or null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  if (!(denominator > 0)) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}

/** The indicators from a group's counts. */
export function indicators(c: GroupCounts): Indicators {
  return {
    ...c,
    closeRate: rate(c.closed, c.accepted),
    onTimeRate: rate(c.closedOnTime, c.closed),
    reworkRate: rate(c.reworked, c.closed),
    avgHandlingMinutes: c.handled > 0 ? Math.round(c.handlingMinutes / c.handled) : null,
  };
}

/** The `n` most frequent categories, ties broken by code so the order never wobbles between calls. */
export function topCategories(counts: readonly CategoryCount[], n = TOP_CATEGORIES): CategoryCount[] {
  return [...counts].filter((c) => c.count > 0).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)).slice(0, n);
}

/** The level to group by when none is asked: the one below the jurisdiction (a county by street office, …). */
export function defaultLevel(jurisdiction?: string): StatsLevel {
  if (!jurisdiction || jurisdiction.length <= 6) return 'town';
  if (jurisdiction.length <= 9) return 'community';
  return 'grid';
}

/** The local date (Asia/Shanghai, UTC+8 without daylight saving) of an instant. */
export function localDate(t: Date): string {
  return new Date(t.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Every local date a period [from, to) touches, in order. */
export function periodDates(from: Date, to: Date): string[] {
  const dates: string[] = [];
  const last = localDate(new Date(to.getTime() - 1));
  for (let d = localDate(from); d <= last; d = new Date(Date.parse(`${d}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)) dates.push(d);
  return dates;
}

/** One day of the small chart. */
export interface SeriesDay {
  date: string;
  reported: number;
  closed: number;
}

/** The daily series over every date of the period, days without cases as zeros. */
export function dailySeries(dates: readonly string[], reported: ReadonlyMap<string, number>, closed: ReadonlyMap<string, number>): SeriesDay[] {
  return dates.map((date) => ({ date, reported: reported.get(date) ?? 0, closed: closed.get(date) ?? 0 }));
}

/** The period when none is asked: the 30 days up to now. */
export const DEFAULT_PERIOD_DAYS = 30;
/** The longest period asked at once (a year and a day: every yearly comparison fits). */
export const MAX_PERIOD_DAYS = 366;

/** The period [from, to) asked for (to defaults to now, from to 30 days before to), or why it cannot be used. */
export function periodOf(now: Date, from?: Date, to?: Date): { from: Date; to: Date } | { problem: string } {
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (end.getTime() <= start.getTime()) return { problem: 'to must be after from' };
  if (end.getTime() - start.getTime() > MAX_PERIOD_DAYS * DAY_MS) return { problem: `the period is at most ${MAX_PERIOD_DAYS} days` };
  return { from: start, to: end };
}
