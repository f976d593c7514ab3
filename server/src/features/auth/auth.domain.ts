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

/** A sliding-window counter per key (client address): at most `limit` events per `windowMs`. */
export function createRateLimiter(limit: number, windowMs: number, maxKeys = 10_000) {
  const hits = new Map<string, number[]>();
  return {
    /** Records an attempt; false when the key is over its limit. */
    allow(key: string, now: number): boolean {
      const recent = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
      if (recent.length >= limit) {
        hits.set(key, recent);
        return false;
      }
      recent.push(now);
      hits.delete(key);
      hits.set(key, recent);
      // bounded memory: forget the least recently seen addresses
      for (const k of hits.keys()) {
        if (hits.size <= maxKeys) break;
        hits.delete(k);
      }
      return true;
    },
  };
}
