import { describe, expect, it } from 'vitest';
import { createFailureLimiter, createKeyedQueue, failureDelayMs, lockUntil, parseApiKey, passwordProblem, sameSecret, tokenHash } from './auth.domain.ts';

describe('lockout schedule', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it('slows down from the third failure and locks from the fifth, doubling, capped at a day', () => {
    expect([0, 1, 2, 3, 4].map(failureDelayMs)).toEqual([0, 0, 200, 400, 800]);
    expect(lockUntil(4, now)).toBeNull();
    expect(lockUntil(5, now)!.getTime() - now.getTime()).toBe(15 * 60_000);
    expect(lockUntil(6, now)!.getTime() - now.getTime()).toBe(30 * 60_000);
    expect(lockUntil(40, now)!.getTime() - now.getTime()).toBe(24 * 3600_000);
  });
});

describe('failure limiter', () => {
  it('allows `limit` attempts per window per key, says when to retry, and forgets old ones', () => {
    const rl = createFailureLimiter(2, 1000);
    const [a, b, c] = [rl.acquire('a', 0), rl.acquire('a', 10), rl.acquire('a', 20)];
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, false]);
    expect(c).toEqual({ ok: false, retryAfterS: 1 });
    expect(rl.acquire('b', 20).ok).toBe(true);
    expect(rl.acquire('a', 1011).ok).toBe(true);
  });
  it('gives a slot back when the attempt succeeds, so successes never count', () => {
    const rl = createFailureLimiter(2, 60_000);
    for (let t = 0; t < 50; t++) {
      const slot = rl.acquire('office-nat', t);
      expect(slot.ok).toBe(true);
      if (slot.ok) slot.release();
    }
    expect(rl.acquire('office-nat', 60).ok).toBe(true);
    expect(rl.acquire('office-nat', 61).ok).toBe(true);
    expect(rl.acquire('office-nat', 62)).toEqual({ ok: false, retryAfterS: 60 });
  });
  it('counts a burst exactly: slots are taken before the attempts run', () => {
    const rl = createFailureLimiter(20, 600_000);
    const granted = Array.from({ length: 50 }, () => rl.acquire('x', 5)).filter((s) => s.ok).length;
    expect(granted).toBe(20);
  });
});

describe('keyed queue', () => {
  it('runs tasks of one key one at a time in arrival order, other keys alongside, and survives failures', async () => {
    const run = createKeyedQueue();
    const log: string[] = [];
    let inside = 0;
    let most = 0;
    const task = (key: string, i: number, fail = false) => run(key, async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 2));
      log.push(`${key}${i}`);
      inside--;
      if (fail) throw new Error('boom');
      return i;
    });
    const results = await Promise.allSettled([task('a', 1), task('a', 2, true), task('a', 3), task('b', 1)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(log.filter((l) => l.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(most).toBe(2); // a and b overlapped, never two a's
  });
});

describe('secrets and passwords', () => {
  it('hashes tokens deterministically and compares in constant time', () => {
    expect(tokenHash('x')).toBe(tokenHash('x'));
    expect(tokenHash('x')).not.toBe(tokenHash('y'));
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });
  it('parses API keys of the form wgk_<8>_<32+>', () => {
    expect(parseApiKey(`wgk_Ab12Cd34_${'s'.repeat(43)}`)).toEqual({ prefix: 'Ab12Cd34', secret: 's'.repeat(43) });
    expect(parseApiKey('wgk_short_x')).toBeUndefined();
    expect(parseApiKey('Bearer nonsense')).toBeUndefined();
  });
  it('asks for 10+ characters with letters and digits, not containing the username', () => {
    expect(passwordProblem('abc123', 'li')).toMatch(/10/);
    expect(passwordProblem('abcdefghijk', 'li')).toMatch(/digits/);
    expect(passwordProblem('zhangwei-2026x', 'zhangwei')).toMatch(/username/);
    expect(passwordProblem('quiet-river-2026', 'zhangwei')).toBeUndefined();
  });
});
