/**
 * The incident state machine (信息收集 → 受理立项 → 任务派遣 → 任务处理 → 处理反馈 → 核查结案 → 综合评价,
 * with 回退, 作废, 延期/缓办, 挂账, 返工 and 自行处置): which actions an actor may take now, and applying
 * one, which gives the new incident and its timeline entry or a typed refusal. Pure; the rules are in
 * workflow-rules.domain.ts, the names of every code in incidents.vocabulary.ts.
 */
import { LIMIT_UNITS, type TimeLimit } from './deadline.domain.ts';
import { toShanghaiIso } from './calendar.domain.ts';
import {
  ASSIGNEE_KINDS, INCIDENT_ACTIONS, type ClockEffect, type IncidentAction, type IncidentLevel, type IncidentRole,
  type IncidentStatus, type RefusalCode,
} from './incidents.vocabulary.ts';
import { RULES, isWho, nextLevel, rolesOf, type Actor, type Assignee, type ClockState, type Incident } from './workflow-rules.domain.ts';

export type { Actor, Assignee, Incident } from './workflow-rules.domain.ts';

/** An action with what it carries: a note (the reason where one is required), attachments, and its own fields. */
export interface ActionInput {
  type: IncidentAction;
  note?: string;
  attachments?: readonly string[];
  /** dispatch: where to. */
  assignee?: Assignee;
  /** request_extension: how much longer. */
  extra?: TimeLimit;
  /** request_deferral: until when, if known. */
  until?: Date;
  /** evaluate: satisfaction 1–5. */
  rating?: number;
}

/** One line of the case's history. */
export interface TimelineEntry {
  at: string;
  action: IncidentAction;
  actorId: string;
  role: IncidentRole;
  from: IncidentStatus;
  to: IncidentStatus;
  level: IncidentLevel;
  note: string | null;
  attachments: string[];
  clock: ClockEffect | null;
  assignee: Assignee | null;
  extra: TimeLimit | null;
  rating: number | null;
}

/** Why an action was refused; `allowed` lists what the actor may do instead. */
export type Refusal =
  | { code: 'not_allowed_from_state'; status: IncidentStatus; allowed: IncidentAction[] }
  | { code: 'forbidden_role'; roles: IncidentRole[]; allowed: IncidentAction[] }
  | { code: 'invalid_payload'; field: string }
  | { code: Exclude<RefusalCode, 'not_allowed_from_state' | 'forbidden_role' | 'invalid_payload'>; allowed: IncidentAction[] };

export type ApplyResult = { ok: true; incident: Incident; entry: TimelineEntry } | { ok: false; refusal: Refusal };

const NOTE_MAX = 4000;

/** A case as reported: waiting at the level it was reported to (a grid worker's own grid, or a community). */
export function openIncident(reporterId: string | null, level: IncidentLevel): Incident {
  return {
    status: 'reported', level, escalatedFrom: [], reporterId, assignee: null, pending: null,
    clock: { phase: 'idle', startedAt: null, pauses: [], extensions: [], stoppedAt: null },
    forwarded: false, selfHandled: false, reworkCount: 0, sendBackCount: 0, reviewedAt: null, rating: null, version: 1,
  };
}

/** What stands in the way of an action before its payload is looked at, or null. */
function obstacle(incident: Incident, type: IncidentAction, actor: Actor): RefusalCode | null {
  const rule = RULES[type];
  if (!rule.from.includes(incident.status)) return 'not_allowed_from_state';
  const guard = rule.guard?.(incident) ?? null;
  if (guard) return guard;
  return rule.who(incident.status).some((w) => isWho(w, incident, actor)) ? null : 'forbidden_role';
}

/** The actions this actor may take on the incident now (with a valid payload each would be applied). */
export function allowedActions(incident: Incident, actor: Actor): IncidentAction[] {
  return INCIDENT_ACTIONS.filter((a) => obstacle(incident, a, actor) === null);
}

function checkPayload(input: ActionInput): Refusal | null {
  const note = input.note?.trim() ?? '';
  if (RULES[input.type].reason && note === '') return { code: 'reason_required', allowed: [input.type] };
  if (note.length > NOTE_MAX) return { code: 'invalid_payload', field: 'note' };
  if (input.attachments && !input.attachments.every((a) => typeof a === 'string' && a !== '')) return { code: 'invalid_payload', field: 'attachments' };
  if (input.type === 'dispatch') {
    const a = input.assignee;
    if (!a || !ASSIGNEE_KINDS.includes(a.kind) || typeof a.unitId !== 'string' || a.unitId.trim() === '') return { code: 'invalid_payload', field: 'assignee' };
  }
  if (input.type === 'request_extension') {
    const e = input.extra;
    if (!e || !LIMIT_UNITS.includes(e.unit) || !Number.isFinite(e.amount) || e.amount <= 0 || (e.unit === 'working_days' && !Number.isInteger(e.amount))) {
      return { code: 'invalid_payload', field: 'extra' };
    }
  }
  if (input.until !== undefined && Number.isNaN(input.until.getTime())) return { code: 'invalid_payload', field: 'until' };
  if (input.rating !== undefined && (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)) return { code: 'invalid_payload', field: 'rating' };
  return input.type === 'evaluate' || input.rating === undefined ? null : { code: 'invalid_payload', field: 'rating' };
}

function moveClock(clock: ClockState, effect: ClockEffect | null, at: string): ClockState {
  const closePauses = () => clock.pauses.map((p) => (p.to === null ? { ...p, to: at } : p));
  switch (effect) {
    case null: return clock;
    case 'start': return { phase: 'running', startedAt: at, pauses: [], extensions: [], stoppedAt: null };
    case 'pause': return { ...clock, phase: 'paused', pauses: [...clock.pauses, { from: at, to: null }] };
    case 'resume': return { ...clock, phase: 'running', pauses: closePauses() };
    case 'stop':
      // stopping a clock that does not run (自行处置) records a handling time of zero, not an old assignment's
      if (clock.phase !== 'running' && clock.phase !== 'paused') return { phase: 'stopped', startedAt: at, pauses: [], extensions: [], stoppedAt: at };
      return { ...clock, phase: 'stopped', pauses: closePauses(), stoppedAt: at };
  }
}

/** The incident after the action (everything but the clock, which `apply` moves). */
function transition(i: Incident, input: ActionInput, actor: Actor, at: string): Incident {
  const next = { ...i, version: i.version + 1 };
  switch (input.type) {
    case 'accept': return { ...next, status: 'accepted' };
    case 'dispatch': return { ...next, status: 'dispatched', assignee: { kind: input.assignee!.kind, unitId: input.assignee!.unitId.trim() } };
    case 'start': return { ...next, status: 'handling' };
    case 'feed_back': return { ...next, status: 'fed_back', pending: null };
    case 'verify': return { ...next, status: 'closed' };
    case 'rework': return { ...next, status: 'handling', reworkCount: i.reworkCount + 1 };
    case 'evaluate': return { ...next, status: 'evaluated', rating: input.rating ?? null };
    case 'void': return { ...next, status: 'voided' };
    case 'escalate':
    case 'forward':
      return { ...next, status: 'reported', level: nextLevel(i.level)!, escalatedFrom: [...i.escalatedFrom, i.level], forwarded: i.forwarded || input.type === 'forward' };
    case 'send_back': return sendBack(next, i);
    case 'request_extension':
    case 'request_deferral':
      return {
        ...next,
        pending: { kind: input.type === 'request_extension' ? 'extension' : 'deferral', by: actor.id, at, extra: input.extra ?? null, until: input.until ? toShanghaiIso(input.until) : null },
      };
    case 'approve_request': return i.pending?.kind === 'deferral' ? { ...next, status: 'deferred', pending: null } : { ...next, pending: null };
    case 'refuse_request': return { ...next, pending: null };
    case 'resume': return { ...next, status: 'handling' };
    case 'shelve': return { ...next, status: 'ledger', assignee: null, pending: null };
    case 'review': return { ...next, reviewedAt: at };
    case 'reopen': return { ...next, status: 'accepted' };
    case 'self_handle': return { ...next, status: 'closed', selfHandled: true };
  }
}

/** 回退: a handler returns a case to the level that dispatched it; a level returns it to the one it came from. */
function sendBack(next: Incident, i: Incident): Incident {
  if (i.status === 'dispatched' || i.status === 'handling') {
    return { ...next, status: 'accepted', assignee: null, pending: null, sendBackCount: i.sendBackCount + 1 };
  }
  // only the county holds forwarded cases, and a case sent back goes below it
  return { ...next, status: 'reported', level: i.escalatedFrom.at(-1)!, escalatedFrom: i.escalatedFrom.slice(0, -1), forwarded: false, sendBackCount: i.sendBackCount + 1 };
}

function clockEffect(i: Incident, type: IncidentAction): ClockEffect | null {
  const effect = RULES[type].clock;
  if (effect === 'pause_if_deferral') return i.pending?.kind === 'deferral' ? 'pause' : null;
  if (effect !== 'stop_if_running') return effect;
  return i.clock.phase === 'running' || i.clock.phase === 'paused' ? 'stop' : null;
}

/** Applies an action at `now`: the new incident and its timeline entry, or why not. */
export function apply(incident: Incident, input: ActionInput, actor: Actor, now: Date): ApplyResult {
  if (!INCIDENT_ACTIONS.includes(input.type)) return { ok: false, refusal: { code: 'unknown_action', allowed: allowedActions(incident, actor) } };
  const blocked = obstacle(incident, input.type, actor);
  if (blocked === 'not_allowed_from_state') return { ok: false, refusal: { code: blocked, status: incident.status, allowed: allowedActions(incident, actor) } };
  if (blocked === 'forbidden_role') {
    return { ok: false, refusal: { code: blocked, roles: rolesOf(RULES[input.type].who(incident.status), incident), allowed: allowedActions(incident, actor) } };
  }
  if (blocked) return { ok: false, refusal: { code: blocked as Exclude<RefusalCode, 'not_allowed_from_state' | 'forbidden_role' | 'invalid_payload'>, allowed: allowedActions(incident, actor) } };
  const bad = checkPayload(input);
  if (bad) return { ok: false, refusal: bad };
  const at = toShanghaiIso(now);
  const effect = clockEffect(incident, input.type);
  const moved = transition(incident, input, actor, at);
  const extra = input.type === 'approve_request' && incident.pending?.kind === 'extension' ? incident.pending.extra : null;
  const clock = moveClock(extra ? { ...incident.clock, extensions: [...incident.clock.extensions, extra] } : incident.clock, effect, at);
  const result: Incident = { ...moved, clock };
  const entry: TimelineEntry = {
    at, action: input.type, actorId: actor.id, role: actor.role, from: incident.status, to: result.status, level: result.level,
    note: input.note?.trim() || null, attachments: [...(input.attachments ?? [])], clock: effect,
    assignee: input.type === 'dispatch' ? result.assignee : null, extra: input.type === 'request_extension' ? input.extra ?? null : extra,
    rating: input.type === 'evaluate' ? input.rating ?? null : null,
  };
  return { ok: true, incident: result, entry };
}
