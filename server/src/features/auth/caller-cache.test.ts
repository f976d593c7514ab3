import { describe, expect, it } from 'vitest';
import type { Caller } from '../../http/auth.ts';
import { createCallerCache, type LoadedCaller } from './caller-cache.ts';

const caller = (userId: number, displayName = `用户${userId}`): Caller => ({
  userId, username: `u${userId}`, displayName, grants: [{ role: 'viewer', jurisdictionId: 1, gridCodes: null, jurisdiction: null }],
  via: 'session', sessionHash: `h${userId}`, csrfToken: 'csrf', mustChangePassword: false,
});
const at = (ms: number) => new Date(Date.UTC(2026, 5, 1) + ms);

/** A load that counts its calls and answers what `answer` holds when it is called. */
function loader(answer: { current: LoadedCaller | undefined }) {
  const calls = { n: 0 };
  const load = async () => {
    calls.n += 1;
    return answer.current;
  };
  return { calls, load };
}

describe('caller cache', () => {
  it('loads a credential once per TTL, however many requests ask at once', async () => {
    const cache = createCallerCache({ ttlMs: 5000 });
    const { calls, load } = loader({ current: { caller: caller(1), expiresAt: null } });
    const burst = await Promise.all(Array.from({ length: 50 }, () => cache.resolve('session', 'a', at(0), load)));
    expect(burst.every((c) => c?.userId === 1)).toBe(true);
    expect(calls.n).toBe(1);
    await cache.resolve('session', 'a', at(4999), load);
    expect(calls.n).toBe(1);
    await cache.resolve('session', 'a', at(5000), load);
    expect(calls.n).toBe(2);
  });

  it('keeps a session no longer than its own expiry, and nothing that was not found', async () => {
    const cache = createCallerCache({ ttlMs: 5000 });
    const answer: { current: LoadedCaller | undefined } = { current: { caller: caller(1), expiresAt: at(2000) } };
    const { calls, load } = loader(answer);
    await cache.resolve('session', 'a', at(0), load);
    answer.current = undefined;
    expect(await cache.resolve('session', 'a', at(1999), load)).not.toBeNull();
    expect(await cache.resolve('session', 'a', at(2000), load)).toBeNull();
    expect(await cache.resolve('session', 'a', at(2001), load)).toBeNull();
    expect(calls.n).toBe(3);
  });

  it('forgets a session or every credential of a user at once', async () => {
    const cache = createCallerCache({ ttlMs: 5000 });
    const one = loader({ current: { caller: caller(1), expiresAt: null } });
    const two = loader({ current: { caller: caller(2), expiresAt: null } });
    await cache.resolve('session', 'a', at(0), one.load);
    await cache.resolve('api_key', 'k', at(0), one.load);
    await cache.resolve('session', 'b', at(0), two.load);
    cache.forgetSession('a');
    await cache.resolve('session', 'a', at(1), one.load);
    await cache.resolve('api_key', 'k', at(1), one.load);
    expect(one.calls.n).toBe(3);
    cache.forgetUser(1);
    await cache.resolve('session', 'a', at(2), one.load);
    await cache.resolve('api_key', 'k', at(2), one.load);
    await cache.resolve('session', 'b', at(2), two.load);
    expect([one.calls.n, two.calls.n]).toEqual([5, 1]);
  });

  it('never keeps what a load read before an invalidation, nor lets later requests join that load', async () => {
    const cache = createCallerCache({ ttlMs: 5000 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let stale = true;
    let loads = 0;
    const load = async (): Promise<LoadedCaller | undefined> => {
      loads += 1;
      const before = stale;
      if (before) await gate;
      return before ? { caller: caller(1, '旧名'), expiresAt: null } : undefined;
    };
    const early = cache.resolve('session', 'a', at(0), load);
    // the sign-out commits while the first lookup is still on its way
    stale = false;
    cache.forgetSession('a');
    const late = cache.resolve('session', 'a', at(1), load);
    release();
    expect((await early)?.displayName).toBe('旧名');
    expect(await late).toBeNull();
    expect(await cache.resolve('session', 'a', at(2), load)).toBeNull();
    expect(loads).toBe(3);
  });

  it('hands out callers nobody can change, and a failed load is not kept', async () => {
    const cache = createCallerCache({ ttlMs: 5000 });
    const c = await cache.resolve('session', 'a', at(0), async () => ({ caller: caller(1), expiresAt: null }));
    expect(() => (c!.grants as unknown as unknown[]).push(1)).toThrow(TypeError);
    expect(() => ((c!.grants[0] as { role: string }).role = 'admin')).toThrow(TypeError);
    let n = 0;
    const failing = async () => {
      n += 1;
      throw new Error('invalid key');
    };
    await expect(cache.resolve('api_key', 'k', at(0), failing)).rejects.toThrow('invalid key');
    await expect(cache.resolve('api_key', 'k', at(1), failing)).rejects.toThrow('invalid key');
    expect(n).toBe(2);
  });

  it('holds at most maxEntries credentials, and with a TTL of 0 asks every time', async () => {
    const small = createCallerCache({ ttlMs: 5000, maxEntries: 2 });
    const { calls, load } = loader({ current: { caller: caller(1), expiresAt: null } });
    for (const h of ['a', 'b', 'c', 'a']) await small.resolve('session', h, at(0), load);
    expect(calls.n).toBe(4);
    const off = createCallerCache({ ttlMs: 0 });
    const counted = loader({ current: { caller: caller(1), expiresAt: null } });
    await Promise.all([1, 2, 3].map(() => off.resolve('session', 'a', at(0), counted.load)));
    expect(counted.calls.n).toBe(3);
  });
});
