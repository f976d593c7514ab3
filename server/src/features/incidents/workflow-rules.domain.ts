/**
 * The incident workflow as data: for every action, the states it starts from, who may take it, whether
 * a reason is required, what it does to the clock, and the condition of the case it needs. Scope (which
 * grid, which community, which department's users) is the routes' business, applied in SQL; these rules
 * check the role against the level that holds the case and the unit a case is dispatched to.
 */
import type { TimeLimit } from './deadline.domain.ts';
import type {
  AssigneeKind, ClockEffect, IncidentAction, IncidentLevel, IncidentRole, IncidentStatus, RefusalCode,
} from './incidents.vocabulary.ts';

/** The unit a case is dispatched to (a department's id, a community's or a grid's code). */
export interface Assignee {
  kind: AssigneeKind;
  unitId: string;
}

/** An extension (延期) or deferral (缓办) waiting for the dispatching level's decision. */
export interface PendingRequest {
  kind: 'extension' | 'deferral';
  by: string;
  at: string;
  extra: TimeLimit | null;
  until: string | null;
}

/** The handling clock: started at dispatch, paused while deferred or awaiting verification, stopped at the end. */
export interface ClockState {
  phase: 'idle' | 'running' | 'paused' | 'stopped';
  startedAt: string | null;
  pauses: { from: string; to: string | null }[];
  extensions: TimeLimit[];
  stoppedAt: string | null;
}

/** An incident as the workflow sees it (the rest of the case lives beside it in the database). */
export interface Incident {
  status: IncidentStatus;
  level: IncidentLevel;
  /** The levels it was escalated or forwarded from, nearest last: send_back returns it there. */
  escalatedFrom: IncidentLevel[];
  reporterId: string | null;
  assignee: Assignee | null;
  pending: PendingRequest | null;
  clock: ClockState;
  forwarded: boolean;
  selfHandled: boolean;
  reworkCount: number;
  sendBackCount: number;
  reviewedAt: string | null;
  rating: number | null;
  version: number;
}

/** Whoever acts: their user id, role and, for handlers, the unit they act for. */
export interface Actor {
  id: string;
  role: IncidentRole;
  unitId?: string;
}

/** Who may take an action, in words the rules and the refusals share. */
export type Who = 'level_center' | 'handler' | 'reporter' | 'grid_worker' | 'system';

export interface Rule {
  from: readonly IncidentStatus[];
  /** Who may take it from a given state (send_back differs by state). */
  who: (status: IncidentStatus) => readonly Who[];
  reason: boolean;
  /**
   * The clock's change; `stop_if_running` stops a clock that runs or stands paused, else leaves it;
   * `pause_if_deferral` pauses it when the request approved is a deferral (an extension adds to the limit).
   */
  clock: ClockEffect | 'stop_if_running' | 'pause_if_deferral' | null;
  guard?: (incident: Incident) => RefusalCode | null;
}

/** The role that holds a case at each level. */
export const CENTER_ROLE: Record<IncidentLevel, IncidentRole> = {
  grid: 'grid_worker', community: 'community', street: 'street_center', county: 'county_center',
};

/** The role that handles a case dispatched to each kind of unit. */
export const HANDLER_ROLE: Record<AssigneeKind, IncidentRole> = { department: 'department', community: 'community', grid: 'grid_worker' };

const NEXT_LEVEL: Record<IncidentLevel, IncidentLevel | null> = { grid: 'community', community: 'street', street: 'county', county: null };

const any = (...who: Who[]) => () => who;
const filed = (i: Incident): RefusalCode | null => (i.level === 'grid' ? 'wrong_level' : null);
const noPending = (i: Incident): RefusalCode | null => (i.pending ? 'request_pending' : null);
const hasPending = (i: Incident): RefusalCode | null => (i.pending ? null : 'no_pending_request');

/** The workflow, one rule per action. */
export const RULES: Record<IncidentAction, Rule> = {
  accept: { from: ['reported'], who: any('level_center'), reason: false, clock: null, guard: filed },
  dispatch: { from: ['accepted'], who: any('level_center'), reason: false, clock: 'start' },
  start: { from: ['dispatched'], who: any('handler'), reason: false, clock: null },
  feed_back: { from: ['handling'], who: any('handler'), reason: true, clock: 'pause' },
  verify: { from: ['fed_back'], who: any('level_center', 'grid_worker', 'reporter'), reason: false, clock: 'stop' },
  rework: { from: ['fed_back'], who: any('level_center', 'grid_worker', 'reporter'), reason: true, clock: 'resume' },
  evaluate: { from: ['closed'], who: any('reporter', 'level_center', 'system'), reason: false, clock: null },
  send_back: {
    from: ['reported', 'accepted', 'dispatched', 'handling'],
    who: (s) => (s === 'dispatched' || s === 'handling' ? ['handler'] : ['level_center']),
    reason: true,
    clock: 'stop_if_running',
    guard: (i) => (i.status === 'reported' || i.status === 'accepted') && i.escalatedFrom.length === 0 ? 'not_escalated' : null,
  },
  void: { from: ['reported', 'accepted'], who: (s) => (s === 'reported' ? ['level_center', 'reporter'] : ['level_center']), reason: true, clock: null },
  escalate: {
    from: ['reported', 'accepted'], who: any('level_center'), reason: true, clock: null,
    guard: (i) => (i.level === 'county' ? 'top_level' : i.level === 'street' ? 'wrong_level' : null),
  },
  forward: { from: ['reported', 'accepted'], who: any('level_center'), reason: true, clock: null, guard: (i) => (i.level === 'street' ? null : 'wrong_level') },
  request_extension: { from: ['handling'], who: any('handler'), reason: true, clock: null, guard: noPending },
  request_deferral: { from: ['handling'], who: any('handler'), reason: true, clock: null, guard: noPending },
  approve_request: { from: ['handling'], who: any('level_center'), reason: false, clock: 'pause_if_deferral', guard: hasPending },
  refuse_request: { from: ['handling'], who: any('level_center'), reason: true, clock: null, guard: hasPending },
  resume: { from: ['deferred'], who: any('handler', 'level_center', 'system'), reason: false, clock: 'resume' },
  shelve: { from: ['accepted', 'dispatched', 'handling', 'deferred'], who: any('level_center'), reason: true, clock: 'stop_if_running' },
  review: { from: ['ledger'], who: any('level_center'), reason: true, clock: null },
  reopen: { from: ['ledger'], who: any('level_center'), reason: true, clock: null },
  self_handle: { from: ['reported'], who: any('grid_worker'), reason: true, clock: 'stop', guard: (i) => (i.level === 'grid' ? null : 'wrong_level') },
};

/** Whether an actor is one of `who` for this incident. */
export function isWho(who: Who, incident: Incident, actor: Actor): boolean {
  switch (who) {
    case 'level_center': return actor.role === CENTER_ROLE[incident.level];
    case 'handler': return incident.assignee !== null && actor.role === HANDLER_ROLE[incident.assignee.kind] && actor.unitId === incident.assignee.unitId;
    case 'reporter': return incident.reporterId !== null && actor.id === incident.reporterId;
    case 'grid_worker': return actor.role === 'grid_worker';
    case 'system': return actor.role === 'system';
  }
}

/** The roles that `who` stands for on this incident (for a refusal's message). */
export function rolesOf(who: readonly Who[], incident: Incident): IncidentRole[] {
  const roles = who.flatMap((w): IncidentRole[] => {
    if (w === 'level_center') return [CENTER_ROLE[incident.level]];
    if (w === 'handler') return incident.assignee ? [HANDLER_ROLE[incident.assignee.kind]] : [];
    return [w];
  });
  return [...new Set(roles)];
}

/** The level above, or null at the county. */
export function nextLevel(level: IncidentLevel): IncidentLevel | null {
  return NEXT_LEVEL[level];
}
