// Pure rules of the admin console: the user and grant forms, their checks, and the mapping of the
// server's 400/409 answers to field messages. No Vue, no HTTP: tested on its own.
import type { api } from '../../api/client.ts';
import { ROLES, type Role } from '../../api/types.ts';
import type { JurisdictionNode } from '../../api/types.ts';
import { fieldIssueText, type ErrorText, type FieldDetail } from '../../ui/error-message.ts';

// Shapes come from the server through the typed client, so a changed route breaks the build here.
export type AdminUser = Awaited<ReturnType<typeof api.adminUsers>>['items'][number];
export type ApiKey = Awaited<ReturnType<typeof api.apiKeys>>['items'][number];
export type GrantInput = Parameters<typeof api.replaceGrants>[1][number];
export type UserGrant = AdminUser['grants'][number];

/** A message key with its parameters (an ErrorText: said by useErrorText). */
export type Text = ErrorText;

export type ScopeKind = 'jurisdiction' | 'grids';

/** One row of the grants editor, as typed: grid codes are free text until checked. */
export interface GrantDraft {
  role: Role | '';
  kind: ScopeKind;
  jurisdictionId: number | null;
  gridCodes: string;
}

/** Field name → message; grant fields are `grants.<i>.role|scope`, the rest by API field name. */
export type FormErrors = Record<string, Text>;

export { ROLES };

// roles that work one grid or a few are normally scoped to grid codes (一格一员)
const GRID_ROLES: readonly string[] = ['grid_leader', 'grid_assistant'];

/** The scope kind a role usually takes: grids for grid workers, a jurisdiction for everyone else. */
export function defaultScopeKind(role: Role | ''): ScopeKind {
  return GRID_ROLES.includes(role) ? 'grids' : 'jurisdiction';
}

/** An empty grant row. */
export function emptyGrant(): GrantDraft {
  return { role: '', kind: 'jurisdiction', jurisdictionId: null, gridCodes: '' };
}

/** The editable rows for a user's current grants. */
export function draftsFromGrants(grants: readonly UserGrant[]): GrantDraft[] {
  return grants.map((g) =>
    g.scope.jurisdiction
      ? { role: g.role, kind: 'jurisdiction', jurisdictionId: g.scope.jurisdiction.id, gridCodes: '' }
      : { role: g.role, kind: 'grids', jurisdictionId: null, gridCodes: (g.scope.gridCodes ?? []).join(' ') },
  );
}

/** Grid codes typed with any separator (space, comma, 、, new line), repeats dropped, order kept. */
export function parseGridCodes(text: string): string[] {
  return [...new Set(text.split(/[\s,，;；、]+/).filter(Boolean))];
}

const GRID_CODE = /^\d{14,15}$/;

/** Checks the grant rows; returns the API grants when every row is complete and no row repeats another. */
export function checkGrants(drafts: readonly GrantDraft[]): { grants: GrantInput[]; errors: FormErrors } {
  const errors: FormErrors = {};
  const grants: GrantInput[] = [];
  const seen = new Set<string>();
  drafts.forEach((d, i) => {
    if (!d.role) errors[`grants.${i}.role`] = { key: 'admin.grants.roleRequired' };
    let grant: GrantInput | undefined;
    if (d.kind === 'jurisdiction') {
      if (d.jurisdictionId === null) errors[`grants.${i}.scope`] = { key: 'admin.grants.jurisdictionRequired' };
      else if (d.role) grant = { role: d.role, jurisdictionId: d.jurisdictionId };
    } else {
      const codes = parseGridCodes(d.gridCodes);
      const bad = codes.filter((c) => !GRID_CODE.test(c));
      if (!codes.length) errors[`grants.${i}.scope`] = { key: 'admin.grants.gridsRequired' };
      else if (bad.length) errors[`grants.${i}.scope`] = { key: 'admin.grants.gridCodeFormat', params: { codes: bad.join(', ') } };
      else if (d.role) grant = { role: d.role, gridCodes: codes };
    }
    if (!grant) return;
    const key = `${grant.role}|${grant.jurisdictionId ?? [...(grant.gridCodes ?? [])].sort().join(',')}`;
    if (seen.has(key)) errors[`grants.${i}.role`] = { key: 'admin.grants.repeated' };
    seen.add(key);
    grants.push(grant);
  });
  return { grants, errors };
}

export interface UserForm {
  username: string;
  displayName: string;
  phone: string;
}

/** The server's phone rule: a mobile number, or a landline with its area code. */
export function isValidPhone(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s) || /^0\d{2,3}-?\d{7,8}$/.test(s);
}

/** Client-side checks of the account fields (the server repeats them); `creating` also checks the username. */
export function checkUserForm(form: UserForm, creating: boolean): FormErrors {
  const errors: FormErrors = {};
  const username = form.username.trim().toLowerCase();
  if (creating && !username) errors.username = { key: 'admin.users.errors.required' };
  else if (creating && !/^[a-z0-9_.-]{2,40}$/.test(username)) errors.username = { key: 'admin.users.errors.username' };
  const name = form.displayName.trim();
  if (!name) errors.displayName = { key: 'admin.users.errors.required' };
  else if (name.length > 50) errors.displayName = { key: 'admin.users.errors.displayNameLong' };
  if (form.phone.trim() && !isValidPhone(form.phone.trim())) errors.phone = { key: 'admin.users.errors.phone' };
  return errors;
}

// 409 answers with a sentence of their own; anything else falls back to the generic text
const CONFLICTS: Record<string, string> = {
  username_taken: 'admin.users.errors.usernameTaken',
  last_admin: 'admin.users.errors.lastAdmin',
  cannot_deactivate_self: 'admin.users.errors.deactivateSelf',
  cannot_reset_self: 'admin.users.errors.resetSelf',
  user_inactive: 'admin.keys.errors.userInactive',
  user_not_found: 'admin.users.errors.notFound',
  api_key_not_found: 'admin.keys.errors.notFound',
};

interface ErrorLike {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  details?: unknown;
}

/** Maps a server field path to the form's field: `grants.0.gridCodes` or `0.jurisdictionId` → `grants.0.scope`. */
export function formField(path: string): string {
  const m = /^(?:grants\.)?(\d+)(?:\.(\w+))?/.exec(path);
  if (!m) return path.split('.')[0] ?? path;
  return `grants.${m[1]}.${m[2] === 'role' ? 'role' : 'scope'}`;
}

/** The message for one field the server refused, by the error code and field; otherwise the rule it breaks. */
function fieldText(code: string, field: string, d: FieldDetail): Text {
  const message = typeof d.message === 'string' ? d.message : '';
  if (code === 'username_taken') return { key: 'admin.users.errors.usernameTaken' };
  if (field === 'username') return { key: 'admin.users.errors.username' };
  if (field === 'displayName') return { key: 'admin.users.errors.required' };
  if (field === 'phone') return { key: 'admin.users.errors.phone' };
  if (field.endsWith('.scope') && /jurisdiction/.test(message)) return { key: 'admin.grants.unknownJurisdiction' };
  if (field.endsWith('.scope')) return { key: 'admin.grants.unknownGrids', params: { detail: message.replace(/^.*?:\s*/, '') } };
  return fieldIssueText(d);
}

/**
 * Field-level messages for a failed save: 400 details under their fields, 409 codes as a
 * sentence on the form (`form`), anything else through the generic mapping (`form`, null key).
 */
export function saveErrors(err: unknown): FormErrors {
  const e = (err ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const details = Array.isArray(e.details) ? (e.details as FieldDetail[]) : [];
  const errors: FormErrors = {};
  if (e.status === 400 || code === 'username_taken') {
    for (const d of details) {
      if (typeof d.field !== 'string' || !d.field) continue;
      const field = formField(d.field);
      errors[field] ??= fieldText(code, field, d);
    }
  }
  if (CONFLICTS[code] && !errors.username) errors.form = { key: CONFLICTS[code] };
  if (!Object.keys(errors).length) errors.form = { key: '' }; // the caller renders describeError(err)
  return errors;
}

/** A user's state for the badge: deactivated beats locked, locked beats active. */
export function userState(u: { active: boolean; locked: boolean }): 'active' | 'locked' | 'inactive' {
  if (!u.active) return 'inactive';
  return u.locked ? 'locked' : 'active';
}

/** Flattens the jurisdiction tree into picker options, indented by depth, in tree order. */
export function jurisdictionOptions(tree: readonly JurisdictionNode[], depth = 0): { id: number; label: string; depth: number; code: string }[] {
  return tree.flatMap((n) => [{ id: n.id, label: n.name, depth, code: n.code }, ...jurisdictionOptions(n.children, depth + 1)]);
}

/** Formats an ISO time as local `YYYY-MM-DD HH:mm`, or '' for null. */
export function formatDateTime(iso: string | null, locale: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
    .format(d);
}
