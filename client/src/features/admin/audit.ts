// Pure rules of the audit log page: filters to query parameters, action labels, and the short
// description of what an entry touched. No Vue, no HTTP: tested on its own.
import type { api } from '../../api/client.ts';

export type AuditEntry = Awaited<ReturnType<typeof api.audit>>['items'][number];
export type AuditQuery = Parameters<typeof api.audit>[0];

/** What the filter bar holds; dates are calendar days (YYYY-MM-DD) in the viewer's zone, both inclusive. */
export interface AuditFilters {
  user: string;
  action: string;
  entity: string;
  entityId: string;
  from: string;
  to: string;
}

export const PAGE_SIZE = 50;

/** Empty filters: the whole log, newest first. */
export function emptyFilters(): AuditFilters {
  return { user: '', action: '', entity: '', entityId: '', from: '', to: '' };
}

/** Actions the server writes, in the order the action picker offers them (prefixes end with *). */
export const ACTIONS = [
  'admin.*', 'admin.user.create', 'admin.user.update', 'admin.user.grants', 'admin.user.password_reset', 'admin.user.unlock',
  'admin.api_key.create', 'admin.api_key.revoke', 'resident.*', 'resident.reveal', 'resident.read', 'resident.create',
  'resident.update', 'residents.list', 'residents.export', 'household.*', 'household.create', 'household.update', 'household.move',
  'households.search', 'import.*', 'import.jurisdictions', 'import.buildings', 'import.roads', 'import.water', 'import.green', 'login', 'login_failed', 'logout', 'password_changed',
  'password_change_failed', 'jurisdiction.create', 'jurisdiction.working_hours', 'plan.*', 'plan.create', 'plan.delete', 'plan.comment', 'plan.grid.draw',
  'plan.grid.reshape', 'plan.grid.split', 'plan.grid.update', 'plan.grid.delete', 'plan.merge', 'plan.reassign', 'plan.auto',
  'plan.rebalance', 'plan.replan', 'plan.accept', 'plan.revert', 'plan.submit', 'plan.approve', 'plan.reject', 'plan.publish',
  'plan.import', 'incident.*', 'incident.report', 'incident.read', 'incident.transition', 'incident.merge', 'incident.export',
  'incident.category.create', 'incident.category.update', 'incident.department.create', 'incident.department.update', 'incident.department.members',
  'incident.calendar.day', 'incident.calendar.day_delete', 'incident.calendar.year', 'incident.calendar.year_delete',
  'patrol.coverage_export',
  'patrol.*', 'patrol.track', 'patrol.live', 'patrol.import', 'device.*', 'device.create', 'device.revoke',
] as const;

/** Object types the server writes, in the order the picker offers them. */
export const ENTITIES = ['user', 'api_key', 'resident', 'household', 'plan', 'jurisdiction', 'incident', 'incident_category', 'department', 'work_calendar', 'patrol', 'device'] as const;

/** Message key of an action or prefix: `admin.user.create` → `admin.audit.actions.admin_user_create`; unknown → null. */
export function actionLabelKey(action: string): string | null {
  return (ACTIONS as readonly string[]).includes(action) ? `admin.audit.actions.${action.replace(/\*$/, 'all').replace(/\./g, '_')}` : null;
}

/** Local midnight of a calendar day as an ISO instant, so "from 5 May" means 5 May where the admin sits. */
export function dayStart(day: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).toISOString();
}

/** The day after a calendar day, since the server's `to` is exclusive and the form's is inclusive. */
export function nextDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1));
  return d.toISOString().slice(0, 10);
}

/** Why the filters cannot be sent, as a message key, or undefined. */
export function filtersProblem(f: AuditFilters): string | undefined {
  if (f.user.trim() && !/^[a-z0-9_.-]{2,40}$/i.test(f.user.trim())) return 'admin.audit.errors.user';
  if (f.action.trim() && !/^[a-z0-9_.]*\*?$/.test(f.action.trim())) return 'admin.audit.errors.action';
  if (f.entity.trim() && !/^[a-z_]{1,40}$/.test(f.entity.trim())) return 'admin.audit.errors.entity';
  if (f.entityId.trim() && !/^[1-9]\d{0,15}$/.test(f.entityId.trim())) return 'admin.audit.errors.entityId';
  if (f.from && f.to && f.from > f.to) return 'admin.audit.errors.range';
  return undefined;
}

/** The query string for a page of the log; empty filters are left out. */
export function auditQuery(f: AuditFilters, page: number, pageSize = PAGE_SIZE): AuditQuery {
  const q: Record<string, string> = { limit: String(pageSize), offset: String(page * pageSize) };
  const put = (k: string, v: string | undefined) => {
    if (v && v.trim()) q[k] = v.trim();
  };
  put('user', f.user.toLowerCase());
  put('action', f.action);
  put('entity', f.entity);
  put('entityId', f.entityId);
  put('from', f.from ? dayStart(f.from) : undefined);
  put('to', f.to ? dayStart(nextDay(f.to)) : undefined);
  return q as AuditQuery;
}

// details whose values are words of the server's own (a level, an import mode…): said in the user's language
const WORDED_VALUES = ['via', 'level', 'mode', 'crs', 'households', 'format', 'dayKind'] as const;

/** Message key of a detail's value when it is one of the server's fixed words, else null (shown as it is). */
export function detailValueKey(name: string, value: string): string | null {
  return (WORDED_VALUES as readonly string[]).includes(name) && /^[a-z0-9]+$/.test(value) ? `admin.audit.detailValues.${name}.${value}` : null;
}

/** Scalar details worth a glance (name, prefix, counts…); empty and nested values are left out. */
export function detailPairs(details: unknown): [string, string | boolean][] {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return [];
  return Object.entries(details as Record<string, unknown>).flatMap(([k, v]): [string, string | boolean][] =>
    typeof v === 'boolean' ? [[k, v]] : typeof v === 'string' || typeof v === 'number' ? [[k, String(v)]] : [],
  );
}

/** The grants a create or grants entry recorded (the new ones), each with a readable scope. */
export function grantSummary(details: unknown, nameOf: (id: number) => string | undefined = () => undefined): { role: string; scope: string }[] {
  const d = (details ?? {}) as { grants?: unknown; after?: unknown };
  const list = Array.isArray(d.grants) ? d.grants : Array.isArray(d.after) ? d.after : [];
  return list.map((g: { role?: unknown; jurisdictionId?: unknown; gridCodes?: unknown }) => {
    const id = typeof g.jurisdictionId === 'number' ? g.jurisdictionId : undefined;
    const scope = Array.isArray(g.gridCodes) ? g.gridCodes.join(', ') : id !== undefined ? (nameOf(id) ?? `#${id}`) : '';
    return { role: String(g.role), scope };
  });
}
