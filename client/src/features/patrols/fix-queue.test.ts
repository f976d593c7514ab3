import { describe, expect, it } from 'vitest';
import { backoffMs, BATCH, classifyFailure, drain, toWire, type FixesAck, type SendFixes } from './fix-queue.ts';
import { createMemoryStore, type PatrolStore, type WireFix } from './patrol-store.ts';

const USER = 7;
const fix = (i: number): WireFix => ({ at: new Date(Date.UTC(2026, 0, 5, 8, 0, i)).toISOString(), lon: 116.35 + i * 1e-5, lat: 39.98 });

async function queued(store: PatrolStore, n: number, patrolId = 1, userId = USER, from = 0) {
  for (let i = from; i < from + n; i++) {
    const f = fix(i);
    await store.record(userId, patrolId, f, { at: Date.parse(f.at), lon: f.lon, lat: f.lat });
  }
}

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}
const statusOf = (e: unknown) => (e instanceof HttpError ? e.status : 0);
const ok = (fixes: WireFix[]): FixesAck => ({ stored: fixes.length, duplicates: 0, setAside: 0, refused: [] });

/** A server that records what it was sent and answers as `answer` says. */
function server(answer: (patrolId: number, fixes: WireFix[]) => FixesAck = (_p, f) => ok(f)) {
  const calls: { patrolId: number; ats: string[] }[] = [];
  const send: SendFixes = async (patrolId, fixes) => {
    calls.push({ patrolId, ats: fixes.map((f) => f.at) });
    return answer(patrolId, fixes);
  };
  return { calls, send };
}

describe('draining the queue', () => {
  it('sends the waiting fixes oldest first in batches of at most 500, and empties the queue once acknowledged', async () => {
    const store = createMemoryStore();
    await queued(store, 1203);
    const s = server();
    const r = await drain(store, USER, s.send, statusOf);
    expect(r).toMatchObject({ state: 'synced', uploaded: 1203, refused: 0, dropped: 0 });
    expect(s.calls.map((c) => c.ats.length)).toEqual([500, 500, 203]);
    expect(s.calls.flatMap((c) => c.ats)).toEqual(Array.from({ length: 1203 }, (_, i) => fix(i).at));
    expect(await store.count(USER)).toBe(0);
    expect(BATCH).toBe(500);
  });

  it('keeps every fix when the server cannot be reached, and says to try again', async () => {
    const store = createMemoryStore();
    await queued(store, 30);
    const r = await drain(store, USER, async () => { throw new TypeError('Failed to fetch'); }, statusOf);
    expect(r).toMatchObject({ state: 'retry', uploaded: 0, pending: 30 });
    expect(await store.count(USER)).toBe(30);
  });

  it('keeps what the server did not acknowledge: a failure after the first batch leaves the rest waiting', async () => {
    const store = createMemoryStore();
    await queued(store, 700);
    let n = 0;
    const r = await drain(store, USER, async (_p, f) => {
      if (n++ > 0) throw new HttpError(503);
      return ok(f);
    }, statusOf);
    expect(r).toMatchObject({ state: 'retry', uploaded: 500, pending: 200 });
    expect((await store.oldest(USER, 1))[0]!.fix.at).toBe(fix(500).at);
  });

  it('waits for a sign-in on 401, keeping the fixes', async () => {
    const store = createMemoryStore();
    await queued(store, 5);
    const r = await drain(store, USER, async () => { throw new HttpError(401); }, statusOf);
    expect(r).toMatchObject({ state: 'signin', pending: 5 });
  });

  it('sends each patrol\'s fixes to that patrol, and only the signed-in user\'s', async () => {
    const store = createMemoryStore();
    await queued(store, 3, 1);
    await queued(store, 2, 2, USER, 3);
    await queued(store, 4, 9, 99);
    const s = server();
    await drain(store, USER, s.send, statusOf);
    expect(s.calls.map((c) => [c.patrolId, c.ats.length])).toEqual([[1, 3], [2, 2]]);
    expect(await store.count(99)).toBe(4);
  });

  it('counts the fixes the server refused one by one, and does not send them again', async () => {
    const store = createMemoryStore();
    await queued(store, 10);
    const s = server((_p, f) => ({ stored: f.length - 2, duplicates: 0, setAside: 0, refused: [{ index: 0, reason: 'future' }, { index: 4, reason: 'invalid' }] }));
    const r = await drain(store, USER, s.send, statusOf);
    expect(r).toMatchObject({ state: 'synced', uploaded: 8, refused: 2 });
    expect(s.calls).toHaveLength(1);
  });

  it('finds the one fix that makes the server refuse a whole batch (400), drops it alone and sends the rest', async () => {
    const store = createMemoryStore();
    await queued(store, 40);
    const bad = fix(27).at;
    const s = server((_p, f) => {
      if (f.some((x) => x.at === bad)) throw new HttpError(400);
      return ok(f);
    });
    const r = await drain(store, USER, s.send, statusOf, 16);
    expect(r).toMatchObject({ state: 'synced', uploaded: 39, refused: 1 });
    const delivered = new Set(s.calls.filter((c) => !c.ats.includes(bad)).flatMap((c) => c.ats));
    expect(delivered.size).toBe(39);
    expect(delivered.has(bad)).toBe(false);
    expect(await store.count(USER)).toBe(0);
  });

  it('drops the fixes of a patrol the server no longer takes (404/409), with one request for it, and goes on with the next', async () => {
    const store = createMemoryStore();
    await queued(store, 12, 1);
    await queued(store, 3, 2, USER, 12);
    const s = server((p, f) => {
      if (p === 1) throw new HttpError(409);
      return ok(f);
    });
    const r = await drain(store, USER, s.send, statusOf, 5);
    expect(r).toMatchObject({ state: 'synced', uploaded: 3, dropped: 12 });
    expect(s.calls.filter((c) => c.patrolId === 1)).toHaveLength(1);
  });

  it('sends a batch twice harmlessly: the server counts duplicates as taken', async () => {
    const store = createMemoryStore();
    await queued(store, 4);
    const r = await drain(store, USER, async () => ({ stored: 0, duplicates: 4, setAside: 0, refused: [] }), statusOf);
    expect(r).toMatchObject({ state: 'synced', uploaded: 4 });
  });
});

describe('failures and retries', () => {
  it('tells retryable failures from refusals', () => {
    expect([0, 408, 429, 500, 502, 503].map(classifyFailure)).toEqual(Array(6).fill('retry'));
    expect(classifyFailure(401)).toBe('signin');
    expect([403, 404, 409, 410].map(classifyFailure)).toEqual(Array(4).fill('gone'));
    expect([400, 413, 422].map(classifyFailure)).toEqual(Array(3).fill('refused'));
  });

  it('backs off doubling from 2 s to at most 2 min, with jitter between half and all of it', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 1))).toEqual([2000, 4000, 8000, 16000]);
    expect(backoffMs(20, () => 1)).toBe(120_000);
    expect(backoffMs(1, () => 0)).toBe(1000);
  });
});

describe('a kept position on the wire', () => {
  it('carries ISO time and leaves out what the browser did not know', () => {
    expect(toWire({ at: Date.UTC(2026, 0, 5, 8), lon: 116.3, lat: 39.9, accuracy: 8, speed: null, heading: null, altitude: 50 }))
      .toEqual({ at: '2026-01-05T08:00:00.000Z', lon: 116.3, lat: 39.9, accuracy: 8, altitude: 50 });
  });

  it('leaves out a value outside what the server takes, rather than have the batch refused', () => {
    const base = { at: 0, lon: 116.3, lat: 39.9, accuracy: null, speed: null, heading: null, altitude: null };
    expect(toWire({ ...base, heading: 360.5, speed: -0.1, accuracy: Number.POSITIVE_INFINITY, altitude: -2000 })).toEqual({ at: '1970-01-01T00:00:00.000Z', lon: 116.3, lat: 39.9 });
    expect(toWire({ ...base, heading: 0, speed: 0, accuracy: 0, altitude: 0 })).toMatchObject({ heading: 0, speed: 0, accuracy: 0, altitude: 0 });
  });
});
