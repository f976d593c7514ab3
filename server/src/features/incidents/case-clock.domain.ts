/**
 * The due time of a case at any step. Before dispatch it is the expected time (the report time plus the
 * limit the case will get: the category's own, or the default of the level that will dispatch it); a
 * forwarded case waiting at the county is due when the forwarding limit runs out; from dispatch on it
 * is the handling clock's (limit fixed at dispatch, extensions approved, pauses while deferred or
 * awaiting verification). Pure.
 */
import { dueDate, type Pause, type TimeLimit } from './deadline.domain.ts';
import type { Calendar, WorkingHours } from './calendar.domain.ts';
import { handlingLimit, type Policies } from './policies.domain.ts';
import type { IncidentAction, IncidentLevel } from './incidents.vocabulary.ts';
import type { Incident } from './workflow.domain.ts';

export interface CaseClock {
  due: Date | null;
  provisional: boolean;
  calendarVersion: string;
  /** The handling limit once fixed (at dispatch); null before. */
  limit: TimeLimit | null;
  /** Working minutes left when the clock was paused (deferred, awaiting verification). */
  leftWhenPaused: number | null;
}

const dispatchingLevel = (level: IncidentLevel): Exclude<IncidentLevel, 'grid'> => (level === 'grid' ? 'community' : level);

const pausesOf = (i: Incident): Pause[] => i.clock.pauses.map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) }));

/**
 * The clock of `incident` after `action` (null: as reported). `limit` is what was fixed at dispatch;
 * `arrivedAt` is when the case reached its current level (for forwarded cases).
 */
export function caseClock(input: {
  incident: Incident;
  action: IncidentAction | null;
  previousLevel: IncidentLevel | null;
  reportedAt: Date;
  arrivedAt: Date;
  limit: TimeLimit | null;
  categoryLimit: TimeLimit | null;
  policies: Policies;
  hours: WorkingHours;
  cal: Calendar;
}): CaseClock {
  const { incident: i, policies, cal, hours } = input;
  let limit = input.limit;
  if (input.action === 'dispatch') limit = handlingLimit(policies, dispatchingLevel(input.previousLevel ?? i.level), { limit: input.categoryLimit });
  if (i.clock.phase === 'idle' || i.clock.startedAt === null) {
    if (i.forwarded && i.status === 'reported') {
      const d = dueDate(input.arrivedAt, policies.forwardWithin, cal, { hours });
      return { due: d.due, provisional: d.provisional, calendarVersion: d.calendarVersion, limit: null, leftWhenPaused: null };
    }
    const expected = handlingLimit(policies, dispatchingLevel(i.level), { limit: input.categoryLimit });
    const d = dueDate(input.reportedAt, expected, cal, { hours });
    return { due: d.due, provisional: d.provisional, calendarVersion: d.calendarVersion, limit: null, leftWhenPaused: null };
  }
  const fixed = limit ?? handlingLimit(policies, dispatchingLevel(i.level), { limit: input.categoryLimit });
  const d = dueDate(new Date(i.clock.startedAt), fixed, cal, { hours, extensions: i.clock.extensions, pauses: pausesOf(i) });
  return { due: d.due, provisional: d.provisional, calendarVersion: d.calendarVersion, limit: fixed, leftWhenPaused: d.leftWhenPaused };
}
