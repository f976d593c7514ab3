import { describe, expect, it } from 'vitest';
import { dueAt, runPaced, summarizePaced } from './paced.ts';

describe('paced load', () => {
  it('spreads requests evenly over each second', () => {
    expect([0, 1, 2, 100].map((i) => dueAt(i, 100))).toEqual([0, 10, 20, 1000]);
  });

  it('summarises answered latencies with p99, counting errors as sent', () => {
    const s = summarizePaced(Array.from({ length: 200 }, (_, i) => i + 1), 3, 2, 0.5);
    expect(s).toMatchObject({ sent: 203, errors: 3, perSecond: 101.5, p50: 100, p95: 190, p99: 198, max: 200, maxLagMs: 0.5 });
  });

  it('sends every request once at its time without waiting for slow answers', async () => {
    const seen: number[] = [];
    const started = performance.now();
    // each answer takes 100 ms, far longer than the 5 ms between requests: a closed loop would send only a few
    const s = await runPaced(async (i) => {
      seen.push(i);
      await new Promise((r) => setTimeout(r, 100));
      if (i === 7) throw new Error('boom');
    }, { perSecond: 200, seconds: 0.25, first: 5 });
    const elapsed = performance.now() - started;
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 5));
    expect(s.sent).toBe(50);
    expect(s.errors).toBe(1);
    expect(s.p50).toBeGreaterThanOrEqual(99);
    expect(elapsed).toBeGreaterThanOrEqual(245 + 99);
    expect(elapsed).toBeLessThan(1500);
  });
});
