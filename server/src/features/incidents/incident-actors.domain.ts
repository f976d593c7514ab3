/**
 * Who a signed-in user is on one incident: the workflow roles (workflow-rules.domain.ts) their grants,
 * their departments and their own report give them there. A user can hold several at once (a grid
 * leader who reported the case in their own grid); the workflow is asked for each. Pure.
 */
import type { Role } from '../auth/permissions.domain.ts';
import type { Actor, Assignee } from './workflow-rules.domain.ts';
import { INCIDENT_ACTIONS, type IncidentAction, type IncidentLevel } from './incidents.vocabulary.ts';
import { allowedActions, type Incident } from './workflow.domain.ts';

/** A grant as the actors need it: role, the code of its jurisdiction and that jurisdiction's level, or grid codes. */
export interface ActorGrant {
  role: Role;
  jurisdiction: { code: string; level: string } | null;
  gridCodes: string[] | null;
}

/** Where the case lies (fixed at report time). */
export interface IncidentPlace {
  gridCode: string | null;
  communityCode: string;
  townCode: string | null;
  countyCode: string | null;
}

const GRID_ROLES: readonly Role[] = ['grid_leader', 'grid_assistant'];

const covers = (g: ActorGrant, code: string | null) => code !== null && g.jurisdiction !== null && code.startsWith(g.jurisdiction.code);

/** Whether a grant makes its holder a grid worker of the case's grid (their grid, or every grid of their jurisdiction). */
function gridWorker(g: ActorGrant, place: IncidentPlace): boolean {
  if (g.role === 'admin') return covers(g, place.communityCode);
  if (!GRID_ROLES.includes(g.role)) return false;
  return (place.gridCode !== null && (g.gridCodes ?? []).includes(place.gridCode)) || covers(g, place.communityCode);
}

/** The center roles a grant gives at each level of this place. */
function centers(g: ActorGrant, place: IncidentPlace): IncidentLevel[] {
  const out: IncidentLevel[] = [];
  if (gridWorker(g, place)) out.push('grid');
  const admin = g.role === 'admin';
  if ((admin || g.role === 'community_manager') && covers(g, place.communityCode)) out.push('community');
  // a commander of the street office is its center; one of the county is the county's (and may act below it)
  if ((admin || g.role === 'commander') && covers(g, place.townCode)) out.push('street');
  if ((admin || g.role === 'commander') && covers(g, place.countyCode) && g.jurisdiction!.code.length <= 6) out.push('county');
  return out;
}

const CENTER: Record<IncidentLevel, Actor['role']> = { grid: 'grid_worker', community: 'community', street: 'street_center', county: 'county_center' };

/**
 * Every workflow actor this user is on the case: centers by grant and level, the handler of the unit
 * it is dispatched to (a department they belong to, their community or grid), and its reporter.
 */
export function actorsFor(
  user: { id: number; grants: readonly ActorGrant[]; departmentIds: readonly number[] },
  place: IncidentPlace,
  incident: Pick<Incident, 'assignee' | 'reporterId'>,
): Actor[] {
  const id = String(user.id);
  const levels = new Set(user.grants.flatMap((g) => centers(g, place)));
  const out: Actor[] = [...levels].map((l) => ({ id, role: CENTER[l], unitId: handlerUnit(l, place, incident.assignee) }));
  const a = incident.assignee;
  if (a?.kind === 'department' && user.departmentIds.map(String).includes(a.unitId)) out.push({ id, role: 'department', unitId: a.unitId });
  // the workflow knows a reporter by id whatever the role, so a separate reporter actor is needed only for a user with no other
  if (incident.reporterId === id && out.length === 0) out.push({ id, role: 'reporter' });
  return out;
}

/** A center acting as the handler of its own unit when the case is dispatched there. */
function handlerUnit(level: IncidentLevel, place: IncidentPlace, assignee: Assignee | null): string | undefined {
  if (level === 'grid' && assignee?.kind === 'grid') return place.gridCode ?? undefined;
  if (level === 'community' && assignee?.kind === 'community') return place.communityCode;
  return undefined;
}

/** What the user may do on the case now: the union over their actors, in the workflow's order. */
export function allowedFor(incident: Incident, actors: readonly Actor[]): IncidentAction[] {
  const set = new Set(actors.flatMap((a) => allowedActions(incident, a)));
  return INCIDENT_ACTIONS.filter((a) => set.has(a));
}
