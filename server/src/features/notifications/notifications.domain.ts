/**
 * Who is concerned by what happens to an incident: the people an action, a coming deadline (reminder)
 * or a passed one (overdue) must reach, as groups the repository resolves in SQL (the centre of a level
 * by its role grants, a department's members, the reporter, the followers). Pure.
 *
 * The centre of a level is who may act for it (incident-actors.domain.ts), with two narrowings so a
 * county's commanders hear of the county's cases only and admins are not told of everything:
 * grid — grid leaders and assistants of the case's grid (or granted its community);
 * community — community managers whose jurisdiction contains the community;
 * street — commanders of the street office (a jurisdiction below the county containing the town);
 * county — commanders of the county (a 6-digit county code or above).
 */
import type { Role } from '../auth/permissions.domain.ts';
import type { AssigneeKind, IncidentAction, IncidentLevel } from '../incidents/incidents.vocabulary.ts';

/** The actions that notify someone, each its own kind of notification. */
export const ACTION_KINDS = [
  'dispatch', 'feed_back', 'escalate', 'forward', 'send_back', 'request_extension', 'request_deferral',
  'approve_request', 'refuse_request', 'verify', 'self_handle', 'void', 'rework',
] as const satisfies readonly IncidentAction[];

/** Every kind of notification: an action, or the server's own reminder before the due time and flag after it. */
export const NOTIFICATION_KINDS = [...ACTION_KINDS, 'reminder', 'overdue'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The role grants that make someone the centre of a level; the grant's jurisdiction code must prefix the case's `place` code. */
export interface CenterGrant {
  level: IncidentLevel;
  roles: readonly Role[];
  place: 'community' | 'town' | 'county';
  /** Grants by grid codes count when they name the case's grid. */
  byGrid: boolean;
  /** Length bounds of the granted jurisdiction's code (6 county, 9 street office, 12 community). */
  minCode: number;
  maxCode: number;
}

export const CENTER_GRANTS: readonly CenterGrant[] = [
  { level: 'grid', roles: ['grid_leader', 'grid_assistant'], place: 'community', byGrid: true, minCode: 1, maxCode: 15 },
  { level: 'community', roles: ['community_manager'], place: 'community', byGrid: false, minCode: 1, maxCode: 12 },
  { level: 'street', roles: ['commander'], place: 'town', byGrid: false, minCode: 7, maxCode: 9 },
  { level: 'county', roles: ['commander'], place: 'county', byGrid: false, minCode: 1, maxCode: 6 },
];

/** The people concerned, as groups: centres of levels, a department's members, the reporter, the followers. */
export interface Audience {
  centers: IncidentLevel[];
  departmentId: number | null;
  reporter: boolean;
  followers: boolean;
}

/** What the rules need to know of a case: the level holding it and the unit it is dispatched to. */
export interface CaseFacts {
  level: IncidentLevel;
  assignee: { kind: AssigneeKind; unitId: string } | null;
}

const NOBODY: Audience = { centers: [], departmentId: null, reporter: false, followers: false };
const ABOVE: Record<IncidentLevel, IncidentLevel | null> = { grid: 'community', community: 'street', street: 'county', county: null };

/** The level that dispatched (or will dispatch) a case: a grid hands its cases to the community. */
export const dispatchingLevel = (level: IncidentLevel): IncidentLevel => (level === 'grid' ? 'community' : level);

/** Whoever handles the unit a case is dispatched to: a department's members, or the centre of its community or grid. */
function handler(c: CaseFacts): Audience {
  const a = c.assignee;
  if (!a) return NOBODY;
  if (a.kind === 'department') {
    const id = /^\d{1,15}$/.test(a.unitId) ? Number(a.unitId) : null;
    return { ...NOBODY, departmentId: id };
  }
  return { ...NOBODY, centers: [a.kind] };
}

const center = (level: IncidentLevel | null): Audience => (level ? { ...NOBODY, centers: [level] } : NOBODY);

/** Several groups as one, each level once. */
export function union(...parts: Audience[]): Audience {
  return {
    centers: [...new Set(parts.flatMap((p) => p.centers))],
    departmentId: parts.find((p) => p.departmentId !== null)?.departmentId ?? null,
    reporter: parts.some((p) => p.reporter),
    followers: parts.some((p) => p.followers),
  };
}

/** Who an action concerns, on the case as it is after the action; null for actions that notify nobody. */
export function audienceOfAction(action: string, c: CaseFacts): Audience | null {
  switch (action) {
    case 'dispatch':
    case 'approve_request':
    case 'refuse_request':
    case 'rework':
      return handler(c);
    case 'feed_back': return union(center(dispatchingLevel(c.level)), { ...NOBODY, reporter: true });
    // escalated, forwarded or sent back: the level that holds it now (send_back from a handler: the level that dispatched)
    case 'escalate':
    case 'forward':
    case 'send_back':
      return center(c.level);
    case 'request_extension':
    case 'request_deferral':
      return center(dispatchingLevel(c.level));
    case 'verify':
    case 'self_handle':
    case 'void':
      return { ...NOBODY, reporter: true, followers: true };
    default: return null;
  }
}

/** Who is reminded before the due time: the handler of the unit it is dispatched to and the centre holding the case. */
export function audienceOfReminder(c: CaseFacts): Audience {
  return union(handler(c), center(c.level));
}

/** Who is told a case is overdue: those reminded, and the centre of the level above. */
export function audienceOfOverdue(c: CaseFacts): Audience {
  return union(audienceOfReminder(c), center(ABOVE[c.level]));
}

/** Whether an audience names anybody (a case nobody handles yet and no level above has nothing to send). */
export const isEmpty = (a: Audience) => a.centers.length === 0 && a.departmentId === null && !a.reporter && !a.followers;
