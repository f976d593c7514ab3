// Pure rules of signing in: role order and labels, scope descriptions, permission checks,
// and the mapping of auth failures to messages. No Vue, no HTTP: tested on its own.
import { ROLES, type Role, type SessionInfo } from '../../api/types.ts';

// The role list and session shape come from the server (api/types.ts), so they cannot drift.
export { ROLES };
export type { Role, SessionInfo };

export interface ScopeJurisdiction {
  id: number;
  code: string;
  name: string;
  level: string;
}

/** Where a role applies: a jurisdiction node, a set of grids, or (both null) everywhere. */
export interface RoleScope {
  jurisdiction: ScopeJurisdiction | null;
  gridCodes: string[] | null;
}

export type RoleAssignment = SessionInfo['roles'][number];
export type SessionUser = SessionInfo['user'];

/** A message key with its parameters, rendered by vue-i18n's t(). */
export interface Text {
  key: string;
  params?: Record<string, string>;
}

/** Rank of a role in ROLES; an unknown role (a newer server) sorts last instead of breaking. */
export function roleRank(role: string): number {
  const i = (ROLES as readonly string[]).indexOf(role);
  return i < 0 ? ROLES.length : i;
}

/** Message key of a role's name; unknown roles fall back to a generic label. */
export function roleLabelKey(role: string): string {
  return roleRank(role) < ROLES.length ? `auth.roles.${role}` : 'auth.roles.other';
}

/** Role assignments sorted by rank, then by scope text, without mutating the input. */
export function sortRoles<T extends { role: string; scope: RoleScope }>(roles: readonly T[]): T[] {
  const scopeText = (s: RoleScope) => s.jurisdiction?.code ?? s.gridCodes?.[0] ?? '';
  return [...roles].sort((a, b) => roleRank(a.role) - roleRank(b.role) || scopeText(a.scope).localeCompare(scopeText(b.scope)));
}

/** The role shown next to a user's name: the highest-ranked one they hold, if any. */
export function primaryRole(roles: readonly { role: string; scope: RoleScope }[]): string | null {
  return sortRoles(roles)[0]?.role ?? null;
}

/** A grid's words where they are known: its name, and its community when a record has said it. */
export interface GridWords {
  name: string;
  community: string | null;
}

/** A named grid as words: "富润社区 · 富润家园网格", or the name alone when it already says its community. */
function namedGrid(w: GridWords): Text {
  return w.community && !w.name.includes(w.community)
    ? { key: 'auth.scope.gridIn', params: { name: w.name, community: w.community } }
    : { key: 'auth.scope.gridNamed', params: { name: w.name } };
}

/**
 * Describes a scope: "富润社区", grids by name when `named` knows them ("富润社区 · 富润家园网格",
 * "富润家园网格等 2 个网格"), else by code ("网格 110108010031001"), or everywhere.
 */
export function describeScope(scope: RoleScope, named?: ReadonlyMap<string, GridWords>): Text {
  if (scope.jurisdiction) return { key: 'auth.scope.jurisdiction', params: { name: scope.jurisdiction.name } };
  const grids = scope.gridCodes;
  if (grids === null) return { key: 'auth.scope.all' };
  const [first] = [...grids].sort();
  if (first === undefined) return { key: 'auth.scope.none' };
  const words = named?.get(first);
  if (grids.length === 1) return words ? namedGrid(words) : { key: 'auth.scope.grid', params: { code: first } };
  if (words) return { key: 'auth.scope.gridsNamed', params: { name: words.name, n: String(grids.length) } };
  return { key: 'auth.scope.grids', params: { code: first, n: String(grids.length) } };
}

/**
 * Whether a permission list grants `permission`. Besides an exact match, '*' grants everything
 * and 'residents:*' (or 'residents.*') grants every permission of that family, so a client
 * check never denies what the server would allow; the server still decides every request.
 */
export function can(permissions: readonly string[], permission: string): boolean {
  if (permissions.includes(permission) || permissions.includes('*')) return true;
  return permissions.some((p) => (p.endsWith(':*') || p.endsWith('.*')) && permission.startsWith(p.slice(0, -1)));
}

/** Two initials for an avatar: the first character of a Chinese name, or up to two Latin initials. */
export function initials(displayName: string): string {
  const name = displayName.trim();
  if (!name) return '?';
  const words = name.split(/\s+/);
  if (/^[A-Za-z]/.test(name) && words.length > 1) return words.slice(0, 2).map((w) => w[0]!.toUpperCase()).join('');
  return [...name][0]!.toUpperCase();
}

interface ErrorLike {
  status?: unknown;
  code?: unknown;
  details?: unknown;
}

const statusOf = (err: unknown) => (typeof (err as ErrorLike | null)?.status === 'number' ? ((err as ErrorLike).status as number) : undefined);
const codeOf = (err: unknown) => (typeof (err as ErrorLike | null)?.code === 'string' ? ((err as ErrorLike).code as string) : undefined);

/**
 * Whether a failed call means the session is gone. Wrong credentials also answer 401, but
 * they come from a sign-in or a password check, where the session itself is still fine.
 */
export function isSessionLost(status: number, code: string): boolean {
  return status === 401 && code !== 'invalid_credentials';
}

/**
 * The message for a failed sign-in. A wrong password, an unknown user and a locked account
 * all read the same, because telling them apart would reveal which usernames exist.
 */
export function loginErrorKey(err: unknown): string {
  const status = statusOf(err);
  const code = codeOf(err);
  if (status === 0 || code === 'network_error') return 'errors.network';
  if (status === 429 || code === 'rate_limited') return 'auth.errors.rateLimited';
  if (status === 401 || code === 'invalid_credentials') return 'auth.errors.invalidCredentials';
  if (status === 400) return 'auth.errors.missingFields';
  if (status !== undefined && status >= 500) return 'errors.server';
  return 'auth.errors.failed';
}

/** Whole minutes to wait, from a 429's `details.retryAfterS` (the server also sends Retry-After); at least 1. */
export function retryMinutes(err: unknown): number {
  const s = ((err as ErrorLike | null)?.details as { retryAfterS?: unknown } | undefined)?.retryAfterS;
  return typeof s === 'number' && s > 0 ? Math.ceil(s / 60) : 10;
}

export type PasswordField = 'currentPassword' | 'newPassword' | 'confirmPassword';
export type PasswordErrors = Partial<Record<PasswordField | 'form', string>>;

/**
 * Why a new password would be refused, as a message key: the server's rule (10–200 characters,
 * letters and digits, not containing the username), checked here too so the user hears it at once.
 */
export function newPasswordProblem(password: string, username: string): string | undefined {
  if (password.length < 10) return 'auth.passwordForm.tooShort';
  if (password.length > 200) return 'auth.passwordForm.tooLong';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'auth.passwordForm.lettersAndDigits';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'auth.passwordForm.containsUsername';
  return undefined;
}

/** Client-side checks before asking the server: every field filled, a strong new password, confirmation matches. */
export function checkPasswordForm(current: string, next: string, confirm: string, username: string): PasswordErrors {
  const errors: PasswordErrors = {};
  if (!current) errors.currentPassword = 'auth.passwordForm.required';
  if (!next) errors.newPassword = 'auth.passwordForm.required';
  else if (next === current) errors.newPassword = 'auth.passwordForm.sameAsCurrent';
  else {
    const problem = newPasswordProblem(next, username);
    if (problem) errors.newPassword = problem;
  }
  if (!confirm) errors.confirmPassword = 'auth.passwordForm.required';
  else if (next && confirm !== next) errors.confirmPassword = 'auth.passwordForm.mismatch';
  return errors;
}

/** The server's weak_password reasons (English text in details), mapped to message keys. */
const WEAK_REASONS: [RegExp, string][] = [
  [/at least/i, 'auth.passwordForm.tooShort'],
  [/at most/i, 'auth.passwordForm.tooLong'],
  [/letters/i, 'auth.passwordForm.lettersAndDigits'],
  [/username/i, 'auth.passwordForm.containsUsername'],
];

/** The message key for the server's reason a new password is weak; generic if it is new to us. */
function weakReason(details: unknown): string {
  const first = Array.isArray(details) ? (details[0] as { message?: unknown } | undefined) : undefined;
  const message = typeof first?.message === 'string' ? first.message : '';
  return WEAK_REASONS.find(([re]) => re.test(message))?.[1] ?? 'auth.passwordForm.weak';
}

/** Names of fields the server's error details point at: zod's flatten(), an issue list, or a plain map. */
function detailFields(details: unknown): string[] {
  if (!details || typeof details !== 'object') return [];
  if (Array.isArray(details)) {
    return details.flatMap((d) => {
      const path = (d as { path?: unknown; field?: unknown } | null)?.path ?? (d as { field?: unknown } | null)?.field;
      const head = Array.isArray(path) ? path[0] : path;
      return typeof head === 'string' ? [head] : [];
    });
  }
  const fieldErrors = (details as { fieldErrors?: unknown }).fieldErrors;
  return Object.keys(fieldErrors && typeof fieldErrors === 'object' ? fieldErrors : details);
}

/** Maps a failed password change to field-level messages; unknown failures land on the form. */
export function passwordChangeErrors(err: unknown): PasswordErrors {
  const status = statusOf(err);
  const code = codeOf(err);
  if (code === 'invalid_credentials' || code === 'wrong_password') return { currentPassword: 'auth.passwordForm.currentWrong' };
  if (code === 'weak_password') return { newPassword: weakReason((err as ErrorLike).details) };
  if (code === 'account_locked') return { form: 'auth.passwordForm.locked' };
  if (status === 429 || code === 'rate_limited') return { form: 'auth.errors.rateLimited' };
  if (status === 400) {
    const fields = detailFields((err as ErrorLike).details);
    const errors: PasswordErrors = {};
    if (fields.includes('currentPassword')) errors.currentPassword = 'auth.passwordForm.invalid';
    if (fields.includes('newPassword')) errors.newPassword = 'auth.passwordForm.weak';
    return Object.keys(errors).length ? errors : { form: 'auth.passwordForm.failed' };
  }
  if (status === 0 || code === 'network_error') return { form: 'errors.network' };
  return { form: status !== undefined && status >= 500 ? 'errors.server' : 'auth.passwordForm.failed' };
}
