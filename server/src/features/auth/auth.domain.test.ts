import { describe, expect, it } from 'vitest';
import { createRateLimiter, failureDelayMs, lockUntil, parseApiKey, passwordProblem, sameSecret, tokenHash } from './auth.domain.ts';

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

describe('rate limiter', () => {
  it('allows `limit` events per window and forgets old ones', () => {
    const rl = createRateLimiter(2, 1000);
    expect([rl.allow('a', 0), rl.allow('a', 10), rl.allow('a', 20)]).toEqual([true, true, false]);
    expect(rl.allow('b', 20)).toBe(true);
    expect(rl.allow('a', 1011)).toBe(true);
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
