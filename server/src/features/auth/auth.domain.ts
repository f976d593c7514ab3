import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'wangge_session';
/** A session lasts 12 hours at most and ends after 2 hours without use. */
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
export const SESSION_IDLE_MS = 2 * 3600_000;

/** Failures before an account locks, and how long the lock lasts (doubling, capped). */
export const LOCK_AFTER = 5;
const LOCK_BASE_MS = 15 * 60_000;
const LOCK_MAX_MS = 24 * 3600_000;

/** How long a sign-in attempt waits after `failures` earlier failures (slows guessing before the lock). */
export function failureDelayMs(failures: number): number {
  return failures < 2 ? 0 : Math.min(200 * 2 ** (failures - 2), 3200);
}

/** When an account that has just reached `failures` failures unlocks, or null if it stays open. */
export function lockUntil(failures: number, now: Date): Date | null {
  if (failures < LOCK_AFTER) return null;
  const ms = Math.min(LOCK_BASE_MS * 2 ** (failures - LOCK_AFTER), LOCK_MAX_MS);
  return new Date(now.getTime() + ms);
}

/** A URL-safe random token of `bytes` bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 (hex) of a high-entropy token: what the database stores instead of the token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time string comparison. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Why a new password is too weak, or undefined: 10+ characters with letters and digits, not the username. */
export function passwordProblem(password: string, username: string): string | undefined {
  if (password.length < 10) return 'at least 10 characters';
  if (password.length > 200) return 'at most 200 characters';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'letters and digits';
  if (password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  return undefined;
}

/** An API key is `wgk_<prefix>_<secret>`; the prefix finds the row, the secret is verified by hash. */
export function parseApiKey(value: string): { prefix: string; secret: string } | undefined {
  const m = /^wgk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{32,})$/.exec(value);
  return m ? { prefix: m[1]!, secret: m[2]! } : undefined;
}

/**
 * Failures per key (client address) in a sliding window: at most `limit` per `windowMs`. An attempt
 * takes a slot before it runs (so a parallel burst cannot overshoot) and gives it back if it succeeds,
 * so only failures count.
 */
export function createFailureLimiter(limit: number, windowMs: number, maxKeys = 10_000) {
  const hits = new Map<string, number[]>();
  const recent = (key: string, now: number) => (hits.get(key) ?? []).filter((t) => t > now - windowMs);
  return {
    /** Takes a slot for an attempt: `{ ok: true, release }`, or how many seconds until one frees up. */
    acquire(key: string, now: number): { ok: true; release: () => void } | { ok: false; retryAfterS: number } {
      const times = recent(key, now);
      if (times.length >= limit) {
        hits.set(key, times);
        return { ok: false, retryAfterS: Math.max(1, Math.ceil((times[0]! + windowMs - now) / 1000)) };
      }
      times.push(now);
      hits.delete(key);
      hits.set(key, times);
      // bounded memory: forget the least recently seen addresses
      for (const k of hits.keys()) {
        if (hits.size <= maxKeys) break;
        hits.delete(k);
      }
      return {
        ok: true,
        release: () => {
          const list = hits.get(key);
          const i = list?.indexOf(now) ?? -1;
          if (list && i >= 0) list.splice(i, 1);
        },
      };
    },
  };
}

/**
 * Runs tasks with the same key one after another (in arrival order) within this process, so a
 * burst for one account waits here instead of holding one pooled database connection each.
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return async function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = tails.get(key) ?? Promise.resolve();
    const result = before.then(task, task);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/** Seconds until `until`, at least 1 (for Retry-After). */
export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
