import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../http/errors.ts';
import type { AuthRepo } from './auth.repo.ts';
import {
  createRateLimiter, failureDelayMs, lockUntil, passwordProblem, randomToken, SESSION_ABSOLUTE_MS, tokenHash,
} from './auth.domain.ts';

const GENERIC = 'Wrong username or password, or the account is locked for a while';
const invalid = () => new AppError(401, 'invalid_credentials', GENERIC);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Hashes a password with argon2id (the library's default algorithm and OWASP-level cost). */
export const hashPassword = (password: string) => hash(password);

/** Signing in and out, and password changes. */
export function createAuthService(repo: AuthRepo, clock: () => Date) {
  // 20 attempts per 10 minutes per address, whatever the usernames
  const perAddress = createRateLimiter(20, 10 * 60_000);
  // unknown users still cost one verification, so timing does not tell who exists
  let dummy: Promise<string> | undefined;

  async function check(username: string, password: string) {
    const row = await repo.loginRow(username);
    const now = clock();
    const locked = !!row?.lockedUntil && row.lockedUntil > now;
    await sleep(failureDelayMs(row?.failedLogins ?? 0));
    const ok = await verify(row?.passwordHash ?? (await (dummy ??= hashPassword(randomToken()))), password).catch(() => false);
    if (row && ok && row.active && !locked && row.passwordHash) return row;
    // failures during a lock do not extend it, so nobody can keep an account locked forever
    if (row && row.active && !locked) await repo.recordFailure(row.id, (n) => lockUntil(n, now));
    return { failed: true as const, userId: row?.id ?? null, locked };
  }

  return {
    /** Verifies credentials and opens a session; every failure is the same 401. */
    async login(input: { username: string; password: string; ip: string | null; userAgent: string | null }) {
      if (!perAddress.allow(input.ip ?? 'unknown', clock().getTime())) {
        throw new AppError(429, 'rate_limited', 'Too many sign-in attempts from this address; try again later');
      }
      const result = await check(input.username, input.password);
      if ('failed' in result) {
        await repo.audit({ userId: result.userId, action: 'login_failed', ip: input.ip, details: { username: input.username.slice(0, 64), locked: result.locked } });
        throw invalid();
      }
      await repo.recordSuccess(result.id);
      const token = randomToken();
      const csrfToken = randomToken();
      const now = clock();
      await repo.createSession({
        hash: tokenHash(token), userId: result.id, csrfToken, now,
        expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS), ip: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null,
      });
      await repo.audit({ userId: result.id, action: 'login', ip: input.ip });
      return { token, csrfToken, userId: result.id };
    },

    /** Ends one session. */
    async logout(sessionHash: string, userId: number, ip: string | null) {
      await repo.deleteSession(sessionHash);
      await repo.audit({ userId, action: 'logout', ip });
    },

    /** Changes a password after checking the current one; other sessions end. */
    async changePassword(input: { userId: number; username: string; current: string; next: string; keepSession: string | null; ip: string | null }) {
      const row = await repo.loginRow(input.username);
      if (!row?.passwordHash || !(await verify(row.passwordHash, input.current).catch(() => false))) {
        throw new AppError(401, 'invalid_credentials', 'The current password is wrong');
      }
      const problem = passwordProblem(input.next, input.username);
      if (problem) throw new AppError(400, 'weak_password', `The new password needs ${problem}`, [{ field: 'newPassword', message: problem }]);
      await repo.setPassword(input.userId, await hashPassword(input.next), clock());
      await repo.deleteSessionsOf(input.userId, input.keepSession);
      await repo.audit({ userId: input.userId, action: 'password_changed', ip: input.ip });
    },
  };
}
