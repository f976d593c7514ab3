import { randomInt } from 'node:crypto';
import { passwordProblem, randomToken } from '../auth/auth.domain.ts';
import type { Role } from '../auth/permissions.domain.ts';

/** What a grant request carries: a role and exactly one scope. */
export interface GrantInput {
  role: Role;
  jurisdictionId?: number;
  gridCodes?: string[];
}

// no look-alikes (0/O, 1/l/I), so a password read out over the phone is typed right
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)]!;

/** A strong temporary password for `username`: 4 groups of 4 (about 90 bits) that passes passwordProblem. */
export function temporaryPassword(username: string): string {
  for (;;) {
    const candidate = randomPassword();
    // a short username can turn up inside the random text by chance
    if (!passwordProblem(candidate, username)) return candidate;
  }
}

function randomPassword(): string {
  const chars = Array.from({ length: 16 }, () => pick(LETTERS + DIGITS));
  // guarantee both classes, at unpredictable positions
  chars[randomInt(8)] = pick(LETTERS);
  chars[8 + randomInt(8)] = pick(DIGITS);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** A new API key `wgk_<8 alnum>_<43 base64url>`: the prefix finds the row, only the secret's hash is stored. */
export function newApiKey(): { prefix: string; secret: string; key: string } {
  const prefix = Array.from({ length: 8 }, () => pick(ALNUM)).join('');
  const secret = randomToken(32);
  return { prefix, secret, key: `wgk_${prefix}_${secret}` };
}

/** Why a list of grants is not acceptable as a whole (a repeated grant), with the field, or undefined. */
export function grantsProblem(grants: readonly GrantInput[]): { field: string; message: string } | undefined {
  const seen = new Set<string>();
  for (const [i, g] of grants.entries()) {
    const scope = g.jurisdictionId !== undefined ? `j:${g.jurisdictionId}` : `g:${[...new Set(g.gridCodes)].sort().join(',')}`;
    const key = `${g.role}|${scope}`;
    if (seen.has(key)) return { field: `grants.${i}`, message: `grants.${i} repeats an earlier grant (${g.role})` };
    seen.add(key);
  }
  return undefined;
}

/** The grant with repeated grid codes removed (order kept). */
export function normalizeGrant(g: GrantInput): GrantInput {
  return g.gridCodes ? { role: g.role, gridCodes: [...new Set(g.gridCodes)] } : { role: g.role, jurisdictionId: g.jurisdictionId! };
}

/**
 * True when a change would leave the system without an active admin: the user holds admin now,
 * will not afterwards (new grants without admin, or deactivated), and no other active user does.
 */
export function leavesNoAdmin(input: { holdsAdminNow: boolean; holdsAdminAfter: boolean; otherActiveAdmins: number }): boolean {
  return input.holdsAdminNow && !input.holdsAdminAfter && input.otherActiveAdmins === 0;
}

/** Whether an account is locked at `now`. */
export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil > now;
}
