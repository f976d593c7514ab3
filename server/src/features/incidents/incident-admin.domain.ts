/**
 * Rules of editing the incidents' reference data (categories, the calendar's local days and years):
 * which codes an admin may create, which fields a class carries, what a year of the calendar shows.
 * Pure: the schemas, the service and the client's forms share them.
 */

/** The first code of a local class: 01–19 belong to the national event classes and the grid ledger domains of the data file. */
export const FIRST_LOCAL_CLASS = 20;

/** The fields of a minor class that a class does not have (conditions, limit and responsible unit belong to minor classes). */
export const MINOR_ONLY_FIELDS = ['filing', 'closing', 'limit', 'responsible'] as const;

/** Why a new category's code cannot be used (English, for the API's 400), or null when it can. */
export function newCategoryCodeProblem(code: string, classCode?: string): string | null {
  if (!/^\d{2}(\d{2})?$/.test(code)) return 'a code has 2 digits (class) or 4 digits (minor class)';
  if (code.length === 2) return Number(code) >= FIRST_LOCAL_CLASS ? null : `a new class is a local class, coded ${FIRST_LOCAL_CLASS}–99`;
  if (code.endsWith('00')) return 'minor classes are numbered 01–99 within their class';
  if (classCode !== undefined && !code.startsWith(classCode)) return `a minor class of class ${classCode} starts with ${classCode}`;
  return null;
}

/** The minor-class fields a patch of a class wrongly carries. */
export function fieldsNotForClass(patch: Record<string, unknown>): string[] {
  return MINOR_ONLY_FIELDS.filter((f) => patch[f] !== undefined);
}

/** Whether `date` is a real calendar date written YYYY-MM-DD within the calendar table's years. */
export function isCalendarDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === date && isCalendarYear(Number(m[1]));
}

/** Whether a year fits the calendar table (1949–2200). */
export function isCalendarYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1949 && year <= 2200;
}

export type DayKind = 'holiday' | 'workday';
export type CalendarSource = 'chinese-days' | 'admin';

/** One stored day of the calendar. */
export interface CalendarDayRow {
  date: string;
  kind: DayKind;
  nameZh: string;
  nameEn: string;
  source: CalendarSource;
}

/** A day of the data file. */
export interface FileDay {
  date: string;
  kind: DayKind;
  zh: string;
  en: string;
}

/** A day as the admin screen lists it: what counts, and for a local day what the data file says of that date. */
export interface CalendarDayView extends CalendarDayRow {
  file: { kind: DayKind; nameZh: string; nameEn: string } | null;
}

/** The days of one year in date order, each local day with the file's word on its date (null when the file has none). */
export function yearDays(rows: readonly CalendarDayRow[], fileDays: readonly FileDay[], year: number): CalendarDayView[] {
  const prefix = `${year}-`;
  const file = new Map(fileDays.filter((d) => d.date.startsWith(prefix)).map((d) => [d.date, d]));
  return rows.filter((r) => r.date.startsWith(prefix)).sort((a, b) => a.date.localeCompare(b.date)).map((r) => {
    const f = r.source === 'admin' ? file.get(r.date) : undefined;
    return { ...r, file: f ? { kind: f.kind, nameZh: f.zh, nameEn: f.en } : null };
  });
}

/** The days of the data file, holidays and worked weekend days together. */
export function fileDays(file: { holidays: readonly { date: string; zh: string; en: string }[]; workdays: readonly { date: string; zh: string; en: string }[] }): FileDay[] {
  return [
    ...file.holidays.map((d) => ({ date: d.date, kind: 'holiday' as const, zh: d.zh, en: d.en })),
    ...file.workdays.map((d) => ({ date: d.date, kind: 'workday' as const, zh: d.zh, en: d.en })),
  ];
}

/**
 * The version a deadline records when the admin has local days or years: the file's version and a
 * fingerprint of the local rows, so two different sets of local corrections never share a version.
 */
export function localCalendarVersion(fileVersion: string, local: readonly string[]): string {
  if (local.length === 0) return fileVersion;
  // FNV-1a over the sorted rows: stable across processes, no crypto needed for a label
  let h = 0x811c9dc5;
  for (const ch of [...local].sort().join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${fileVersion}+local.${h.toString(16).padStart(8, '0')}`;
}
