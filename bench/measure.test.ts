import { describe, expect, it } from 'vitest';
import { percentile, runLoad, summarize } from './measure.ts';
import { best } from './suites.ts';

describe('measure', () => {
  it('takes nearest-rank percentiles', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises rate, percentiles and sizes', () => {
    const s = summarize([1, 2, 3, 4], [10, 30], 1, 2);
    expect(s).toMatchObject({ requests: 4, errors: 1, perSecond: 2, p50: 2, meanBytes: 20 });
  });

  it('runs each request index once up to the bound and counts failures without stopping', async () => {
    const seen: number[] = [];
    const stats = await runLoad(async (i) => {
      seen.push(i);
      if (i % 10 === 3) throw new Error('boom');
      return 5;
    }, { concurrency: 3, maxRequests: 50, maxSeconds: 60 });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(stats.requests).toBe(45);
    expect(stats.errors).toBe(5);
    expect(stats.meanBytes).toBe(5);
  });

  it('keeps the round with the highest throughput', () => {
    const a = summarize([1], [1], 0, 1);
    const b = summarize([1, 1], [1, 1], 0, 1);
    expect(best([a, b, a])).toBe(b);
  });
});
