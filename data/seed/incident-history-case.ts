/**
 * One case of the demo's history carried through the real workflow: every step is `apply` of
 * workflow.domain.ts by the actor the rules ask for, and the due time after it is case-clock.domain.ts
 * on the real calendar, exactly as the service computes them. A step that would happen after `now`
 * (or past a truncation) is not taken, so recent cases stay open where they are. Pure.
 */
import { addWorkingMinutes, workingMinutesBetween, type Calendar, type WorkingHours } from '../../server/src/features/incidents/calendar.domain.ts';
import { caseClock } from '../../server/src/features/incidents/case-clock.domain.ts';
import type { TimeLimit } from '../../server/src/features/incidents/deadline.domain.ts';
import type { IncidentAction, IncidentRole } from '../../server/src/features/incidents/incidents.vocabulary.ts';
import type { EventInsert } from '../../server/src/features/incidents/incidents.repo.ts';
import type { Policies } from '../../server/src/features/incidents/policies.domain.ts';
import { CENTER_ROLE, HANDLER_ROLE } from '../../server/src/features/incidents/workflow-rules.domain.ts';
import { apply, openIncident, type ActionInput, type Actor, type Incident } from '../../server/src/features/incidents/workflow.domain.ts';
import type { PlannedReport } from './incident-history-plan.ts';
import type { Random } from './random.ts';

/** A responsible unit the history dispatches to, with its members who have accounts. */
export interface HistoryDepartment {
  id: number;
  name: string;
  kind: string;
  level: 'town' | 'county';
  jurisdictionCode: string;
  members: number[];
}

/** What every case of the history shares: the clock, the rules' data and the people with accounts. */
export interface HistoryContext {
  now: Date;
  calendar: Calendar;
  policies: Policies & { hours: WorkingHours };
  categories: Readonly<Record<string, { limit: TimeLimit | null; responsible: string }>>;
  departments: readonly HistoryDepartment[];
  /** Community code → its manager's user id. */
  managers: Readonly<Record<string, number>>;
  /** Street office code → its commander's user id. */
  streetCenters: Readonly<Record<string, number>>;
}

/** A timeline line as the service writes it (no attachments: the history has no photos). */
export type HistoryEvent = Omit<EventInsert, 'attachments' | 'detail'> & { detail: Record<string, unknown> };

/** A case with the columns the service derives from its steps. */
export interface HistoryCase {
  report: PlannedReport;
  state: Incident;
  departmentId: number | null;
  limit: TimeLimit | null;
  dueAt: Date | null;
  dueProvisional: boolean;
  calendarVersion: string;
  acceptedAt: Date | null;
  dispatchedAt: Date | null;
  fedBackAt: Date | null;
  closedAt: Date | null;
  closedOnTime: boolean | null;
  ratingComment: string | null;
  updatedAt: Date;
  events: HistoryEvent[];
}

/** Who acts, in the rules' words: the centre of the level holding the case, its handler, a grid worker, the server. */
export type Who = 'center' | 'handler' | 'grid_worker' | 'system';

/**
 * The workflow actor of a timeline line: the user where it has one, otherwise a stand-in id of the role
 * (staff without accounts); a handler acts for the unit the case is dispatched to. Replaying uses it too.
 */
export function historyActor(role: IncidentRole, userId: number | null, state: Incident): Actor {
  const a = state.assignee;
  return { id: userId === null ? `synthetic:${role}` : String(userId), role, ...(a && HANDLER_ROLE[a.kind] === role ? { unitId: a.unitId } : {}) };
}

/** A running case: take steps while they fall before `now` and within `maxSteps`. */
export function createCaseRun(report: PlannedReport, ctx: HistoryContext, maxSteps = Infinity) {
  const category = ctx.categories[report.categoryCode]!;
  const clockOf = (incident: Incident, action: IncidentAction | null, previousLevel: Incident['level'] | null, at: Date, limit: TimeLimit | null) => caseClock({
    incident, action, previousLevel, reportedAt: report.at, arrivedAt: at, limit, categoryLimit: category.limit,
    policies: ctx.policies, hours: ctx.policies.hours, cal: ctx.calendar,
  });
  const state = openIncident(report.reporter.userId === null ? null : String(report.reporter.userId), report.source === 'patrol' ? 'grid' : 'community');
  const first = clockOf(state, null, null, report.at, null);
  const c: HistoryCase = {
    report, state, departmentId: null, limit: null, dueAt: first.due, dueProvisional: first.provisional, calendarVersion: first.calendarVersion,
    acceptedAt: null, dispatchedAt: null, fedBackAt: null, closedAt: null, closedOnTime: null, ratingComment: null, updatedAt: report.at,
    events: [{
      at: report.at, action: 'report', actorUserId: report.reporter.userId, actorRole: report.source === 'patrol' ? 'grid_worker' : 'reporter',
      fromStatus: null, toStatus: 'reported', level: state.level, note: null, detail: { source: report.source, crs: 'wgs84' },
    }],
  };
  let steps = 0;
  let stopped = false;
  /** Plain minutes for round-the-clock limits (emergencies), working minutes otherwise. */
  const plainClock = category.limit?.unit === 'hours';

  function userOf(role: IncidentRole): number | null {
    const g = report.grid;
    switch (role) {
      case 'grid_worker': return g.workers.includes(report.reporter.userId ?? -1) ? report.reporter.userId : g.workers[0] ?? null;
      case 'community': return ctx.managers[g.community.code] ?? null;
      case 'street_center': return g.town ? ctx.streetCenters[g.town.code] ?? null : null;
      case 'department': return ctx.departments.find((d) => String(d.id) === c.state.assignee?.unitId)?.members[0] ?? null;
      default: return null;
    }
  }

  const roleOf = (who: Who): IncidentRole =>
    who === 'center' ? CENTER_ROLE[c.state.level] : who === 'handler' ? HANDLER_ROLE[c.state.assignee!.kind] : who;

  /** Takes a step at `at`; false (and no further step) when it falls after now or past the truncation. */
  function act(type: IncidentAction, who: Who, at: Date, extra: Omit<ActionInput, 'type'> = {}): boolean {
    if (stopped || steps >= maxSteps || at.getTime() > ctx.now.getTime()) {
      stopped = true;
      return false;
    }
    const role = roleOf(who);
    const userId = userOf(role);
    const result = apply(c.state, { type, ...extra }, historyActor(role, userId, c.state), at);
    if (!result.ok) throw new Error(`history: ${type} by ${role} refused from ${c.state.status}/${c.state.level}: ${result.refusal.code}`);
    const { incident: next, entry } = result;
    const clock = clockOf(next, type, c.state.level, at, c.limit);
    const department = type === 'dispatch' && next.assignee?.kind === 'department' ? ctx.departments.find((d) => String(d.id) === next.assignee!.unitId) : undefined;
    const closing = type === 'verify' || type === 'self_handle';
    c.departmentId = next.assignee?.kind === 'department' ? (department?.id ?? c.departmentId) : null;
    if (type === 'accept') c.acceptedAt ??= at;
    if (type === 'dispatch') c.dispatchedAt = at;
    if (type === 'feed_back') c.fedBackAt = at;
    if (closing) [c.closedAt, c.closedOnTime] = [at, clock.due === null || at.getTime() <= clock.due.getTime()];
    if (type === 'rework') [c.closedAt, c.closedOnTime] = [null, null];
    c.events.push({
      at, action: type, actorUserId: userId, actorRole: entry.role, fromStatus: entry.from, toStatus: entry.to, level: entry.level, note: entry.note,
      detail: { clock: entry.clock, assignee: entry.assignee ? { ...entry.assignee, name: department?.name ?? null } : null, extra: entry.extra, rating: entry.rating, due: clock.due?.toISOString() ?? null },
    });
    Object.assign(c, { state: next, limit: clock.limit, dueAt: clock.due, dueProvisional: clock.provisional, calendarVersion: clock.calendarVersion, updatedAt: at });
    steps += 1;
    return true;
  }

  const addMinutes = (from: Date, minutes: number, plain: boolean) =>
    plain ? new Date(from.getTime() + Math.round(minutes) * 60_000) : addWorkingMinutes(from, Math.round(minutes), ctx.calendar, ctx.policies.hours).at;
  const span = (from: Date, to: Date) => plainClock ? Math.max(0, (to.getTime() - from.getTime()) / 60_000) : workingMinutesBetween(from, to, ctx.calendar, ctx.policies.hours);

  return {
    case: c,
    plainClock,
    act,
    /** A moment `lo`–`hi` minutes after the last step: office time (working minutes) unless the case runs on plain hours or `plain`. */
    after: (rng: Random, lo: number, hi: number, plain = false) => addMinutes(c.updatedAt, rng.int(lo, hi), plain || plainClock),
    /** A moment before the due time: the fraction `lo`–`hi` of what is left of it. */
    beforeDue: (rng: Random, lo: number, hi: number) => {
      if (c.dueAt === null) return addMinutes(c.updatedAt, rng.int(60, 600), plainClock);
      const left = span(c.updatedAt, c.dueAt);
      return addMinutes(c.updatedAt, Math.max(1, left * (lo + rng.next() * (hi - lo))), plainClock);
    },
    /** A moment `lo`–`hi` minutes past the due time. */
    afterDue: (rng: Random, lo: number, hi: number) => {
      const from = c.dueAt && c.dueAt.getTime() > c.updatedAt.getTime() ? c.dueAt : c.updatedAt;
      return addMinutes(from, rng.int(lo, hi), plainClock);
    },
  };
}

export type CaseRun = ReturnType<typeof createCaseRun>;
