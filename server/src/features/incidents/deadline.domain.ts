/**
 * Due times and handling times of an incident's clock: a time limit counted on the working-day
 * calendar from the clock's start, extended by approved extensions (延期) and by the working time the
 * clock stood paused (缓办, deferral). Pure; conventions in calendar.domain.ts.
 */
import {
  addWorkingDays, addWorkingHours, addWorkingMinutes, workingMinutesBetween,
  DEFAULT_WORKING_HOURS, type Calendar, type WorkingHours,
} from './calendar.domain.ts';

/** Units of a time limit: working hours or days on the calendar, or plain hours around the clock (emergencies). */
export const LIMIT_UNITS = ['working_hours', 'working_days', 'hours'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

/** A time limit (处置时限), e.g. 4 working hours, 5 working days, 2 hours. */
export interface TimeLimit {
  amount: number;
  unit: LimitUnit;
}

/** A stretch the clock stood still; `to` is null while it still does. */
export interface Pause {
  from: Date;
  to: Date | null;
}

/** The due time (null while paused), how much was left when the clock stopped, and what it rests on. */
export interface Deadline {
  due: Date | null;
  /** Working minutes (natural minutes for `hours`) that were left when an open pause began. */
  leftWhenPaused: number | null;
  provisional: boolean;
  calendarVersion: string;
}

const HOUR_MS = 3_600_000;

function addLimit(start: Date, limit: TimeLimit, cal: Calendar, hours: WorkingHours) {
  if (limit.unit === 'working_days') return addWorkingDays(start, limit.amount, cal, hours);
  if (limit.unit === 'working_hours') return addWorkingHours(start, limit.amount, cal, hours);
  if (!Number.isFinite(limit.amount) || limit.amount <= 0) throw new RangeError(`hours must be positive (got ${limit.amount})`);
  // plain hours do not depend on the calendar, so they are never provisional
  return { at: new Date(start.getTime() + limit.amount * HOUR_MS), provisional: false, calendarVersion: cal.version };
}

/** Pauses in order, overlaps merged, clipped to start no earlier than `after`; open ones run to the end. */
export function mergePauses(pauses: readonly Pause[], after: Date): Pause[] {
  const sorted = pauses
    .map((p) => ({ from: new Date(Math.max(p.from.getTime(), after.getTime())), to: p.to }))
    .filter((p) => p.to === null || p.to.getTime() > p.from.getTime())
    .sort((a, b) => a.from.getTime() - b.from.getTime());
  const out: Pause[] = [];
  for (const p of sorted) {
    const last = out.at(-1);
    if (last && (last.to === null || p.from.getTime() <= last.to.getTime())) {
      if (last.to !== null) last.to = p.to === null ? null : new Date(Math.max(last.to.getTime(), p.to.getTime()));
    } else out.push({ ...p });
  }
  return out;
}

/** Time a clock counts between two instants: working minutes, or plain minutes for limits in `hours`. */
function measure(unit: LimitUnit, from: Date, to: Date, cal: Calendar, hours: WorkingHours): number {
  if (unit === 'hours') return Math.max(0, to.getTime() - from.getTime()) / 60_000;
  return workingMinutesBetween(from, to, cal, hours);
}

function shift(unit: LimitUnit, at: Date, minutes: number, cal: Calendar, hours: WorkingHours) {
  if (unit === 'hours') return { at: new Date(at.getTime() + minutes * 60_000), provisional: false };
  return addWorkingMinutes(at, minutes, cal, hours);
}

/**
 * When a clock started at `start` with `limit` is due: extensions in working days are added from the
 * current due date (its day does not count), then every pause that began before the due time moves it by
 * the working time it lasted. A pause that began after the due time rescues nothing; an open pause
 * before it leaves no due time, only what was left.
 */
export function dueDate(
  start: Date, limit: TimeLimit, cal: Calendar,
  options: { hours?: WorkingHours; extensions?: readonly TimeLimit[]; pauses?: readonly Pause[] } = {},
): Deadline {
  const hours = options.hours ?? DEFAULT_WORKING_HOURS;
  let step = addLimit(start, limit, cal, hours);
  let provisional = step.provisional;
  for (const ext of options.extensions ?? []) {
    step = addLimit(step.at, ext, cal, hours);
    provisional ||= step.provisional;
  }
  let due = step.at;
  for (const p of mergePauses(options.pauses ?? [], start)) {
    if (p.from.getTime() >= due.getTime()) break;
    if (p.to === null) {
      return { due: null, leftWhenPaused: measure(limit.unit, p.from, due, cal, hours), provisional, calendarVersion: cal.version };
    }
    const moved = shift(limit.unit, due, measure(limit.unit, p.from, p.to, cal, hours), cal, hours);
    due = moved.at;
    provisional ||= moved.provisional;
  }
  return { due, leftWhenPaused: null, provisional, calendarVersion: cal.version };
}

/** Working minutes a clock ran from `start` to `end`, the pauses left out (平均处置时长). */
export function elapsedWorkingMinutes(
  start: Date, end: Date, cal: Calendar,
  options: { hours?: WorkingHours; pauses?: readonly Pause[] } = {},
): number {
  const hours = options.hours ?? DEFAULT_WORKING_HOURS;
  let total = workingMinutesBetween(start, end, cal, hours);
  for (const p of mergePauses(options.pauses ?? [], start)) {
    if (p.from.getTime() >= end.getTime()) break;
    const to = p.to === null || p.to.getTime() > end.getTime() ? end : p.to;
    total -= workingMinutesBetween(p.from, to, cal, hours);
  }
  return total;
}

/** Whether a clock is overdue at `now`: past a known due time (a paused clock is never overdue). */
export function isOverdue(deadline: Deadline, now: Date): boolean {
  return deadline.due !== null && now.getTime() > deadline.due.getTime();
}
