import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../http/errors.ts';
import type { AuthRepo, LoginRow } from './auth.repo.ts';
import { NOTHING_CACHED, type CallerInvalidation } from './caller-cache.ts';
import {
  createFailureLimiter, createKeyedQueue, failureDelayMs, lockUntil, passwordProblem, randomToken, SESSION_ABSOLUTE_MS,
  secondsUntil, tokenHash,
} from './auth.domain.ts';

const GENERIC = 'Wrong username or password, or the account is locked for a while';
const invalid = () => new AppError(401, 'invalid_credentials', GENERIC);
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Failed attempts (sign-in and password checks) allowed per client address per window. */
export const ADDRESS_FAILURE_LIMIT = 20;
export const ADDRESS_WINDOW_MS = 10 * 60_000;

/** A 429 that says when to try again (the error mapper turns `details.retryAfterS` into Retry-After). */
export const retryLater = (code: string, message: string, retryAfterS: number) => new AppError(429, code, message, { retryAfterS });

/** Hashes a password with argon2id (the library's default algorithm and OWASP-level cost). */
export const hashPassword = (password: string) => hash(password);

type Outcome = { kind: 'ok'; user: LoginRow } | { kind: 'failed'; userId: number | null } | { kind: 'locked'; userId: number | null; until: Date };

export interface AuthServiceOptions {
  /** How the slow-down waits (tests record the delays instead of waiting). */
  sleep?: (ms: number) => Promise<void>;
  /** The process's cache of validated sessions, told of every session that ends or changes here. */
  callers?: CallerInvalidation;
}

/** Signing in and out, and password changes. */
export function createAuthService(repo: AuthRepo, clock: () => Date, { sleep = realSleep, callers = NOTHING_CACHED }: AuthServiceOptions = {}) {
  const perAddress = createFailureLimiter(ADDRESS_FAILURE_LIMIT, ADDRESS_WINDOW_MS);
  const queue = createKeyedQueue();
  // names that are not accounts are verified against this, so they cost the same argon2 work
  let dummy: Promise<string> | undefined;
  const dummyHash = () => (dummy ??= hashPassword(randomToken()));

  /**
   * One password check against a name: slowed down by its earlier failures, then serialized with
   * every other attempt on that name (in this process and in the database), so a burst can neither
   * get more guesses than the lock allows nor lengthen the lock. Accounts and unknown names take the
   * same path, so neither the answer nor its timing tells whether the account exists.
   */
  async function attempt(username: string, password: string): Promise<Outcome> {
    const name = username.trim().toLowerCase();
    await sleep(failureDelayMs(await repo.peekFailures(name)));
    const outcome = await queue(name, () =>
      repo.attempt(name, clock(), async (state, rec): Promise<Outcome> => {
        const now = clock();
        const userId = state.user?.id ?? null;
        // failures during a lock are not counted, so nobody can keep an account locked forever
        if (state.lockedUntil && state.lockedUntil > now) return { kind: 'locked', userId, until: state.lockedUntil };
        const ok = await verify(state.user?.passwordHash ?? (await dummyHash()), password).catch(() => false);
        if (state.user && ok && state.user.active && state.user.passwordHash) {
          await rec.succeed();
          return { kind: 'ok', user: state.user };
        }
        await rec.fail((n) => lockUntil(n, now));
        return { kind: 'failed', userId };
      }),
    );
    // a locked name skips the check inside the lock; do the same work outside so it takes as long
    if (outcome.kind === 'locked') await verify(await dummyHash(), password).catch(() => false);
    return outcome;
  }

  /** Takes a failure slot for the address, or refuses with 429 and the wait. */
  function addressSlot(ip: string | null) {
    const slot = perAddress.acquire(ip ?? 'unknown', clock().getTime());
    if (!slot.ok) throw retryLater('rate_limited', 'Too many failed attempts from this address; try again later', slot.retryAfterS);
    return slot;
  }

  return {
    /**
     * Verifies credentials and opens a session; every failure is the same 401. The session presented
     * with the request (if any) ends: signing in again replaces it.
     */
    async login(input: { username: string; password: string; ip: string | null; userAgent: string | null; previousSession: string | null }) {
      const slot = addressSlot(input.ip);
      const result = await attempt(input.username, input.password);
      if (result.kind !== 'ok') {
        await repo.audit({ userId: result.userId, action: 'login_failed', ip: input.ip, details: { username: input.username.slice(0, 64), locked: result.kind === 'locked' } });
        throw invalid();
      }
      slot.release();
      const token = randomToken();
      const csrfToken = randomToken();
      const now = clock();
      if (input.previousSession) {
        await repo.deleteSession(input.previousSession);
        callers.forgetSession(input.previousSession);
      }
      await repo.createSession({
        hash: tokenHash(token), userId: result.user.id, csrfToken, now,
        expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS), ip: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null,
      });
      await repo.audit({ userId: result.user.id, action: 'login', ip: input.ip });
      return { token, csrfToken, user: result.user };
    },

    /** Ends one session. */
    async logout(sessionHash: string, userId: number, ip: string | null) {
      await repo.deleteSession(sessionHash);
      callers.forgetSession(sessionHash);
      await repo.audit({ userId, action: 'logout', ip });
    },

    /**
     * Changes a password after checking the current one, under the same limits as signing in (a wrong
     * current password is a failure of the account and of the address, audited); other sessions end.
     */
    async changePassword(input: { userId: number; username: string; current: string; next: string; keepSession: string | null; ip: string | null }) {
      const slot = addressSlot(input.ip);
      const result = await attempt(input.username, input.current);
      if (result.kind === 'locked') {
        await repo.audit({ userId: input.userId, action: 'password_change_failed', ip: input.ip, details: { locked: true } });
        throw retryLater('account_locked', 'Too many wrong passwords: the account is locked for a while', secondsUntil(result.until, clock()));
      }
      if (result.kind === 'failed') {
        await repo.audit({ userId: input.userId, action: 'password_change_failed', ip: input.ip, details: { locked: false } });
        throw new AppError(401, 'invalid_credentials', 'The current password is wrong');
      }
      slot.release();
      const problem = passwordProblem(input.next, input.username);
      if (problem) throw new AppError(400, 'weak_password', `The new password needs ${problem}`, [{ field: 'newPassword', message: problem }]);
      await repo.setPassword(input.userId, await hashPassword(input.next), clock());
      await repo.deleteSessionsOf(input.userId, input.keepSession);
      // the kept session too: it no longer carries the temporary-password flag
      callers.forgetUser(input.userId);
      await repo.audit({ userId: input.userId, action: 'password_changed', ip: input.ip });
    },
  };
}
