import { describe, expect, it } from 'vitest';
import { comparisonTable, figures, kindOf, median, summarizeRun, type Transfer } from './report.ts';

const t = (url: string, type: string, wire: number, phase: Transfer['phase'], decoded = wire * 3): Transfer => ({ url: `http://127.0.0.1:8080${url}`, type, encoding: 'br', wire, decoded, phase });

describe('first-load report', () => {
  it('tells responses apart by resource type, then by path', () => {
    expect(kindOf({ url: 'http://h/', type: 'document' })).toBe('html');
    expect(kindOf({ url: 'http://h/assets/index-a1.js', type: 'script' })).toBe('js');
    expect(kindOf({ url: 'http://h/assets/index-a1.css', type: 'stylesheet' })).toBe('css');
    expect(kindOf({ url: 'http://h/tiles/grids/16/1/2.mvt?v=5', type: 'fetch' })).toBe('tiles');
    expect(kindOf({ url: 'http://h/api/map', type: 'fetch' })).toBe('api');
    expect(kindOf({ url: 'http://h/favicon.svg', type: 'other' })).toBe('other');
  });

  it('counts the sign-in phase alone and everything up to map idle, leaving out what came after', () => {
    const s = summarizeRun({
      signInMs: 1500,
      mapIdleMs: 4000,
      totalMs: 7000,
      transfers: [
        t('/', 'document', 1000, 'sign-in'),
        t('/assets/index-a.js', 'script', 90_000, 'sign-in'),
        t('/assets/maplibre-gl-b.js', 'script', 240_000, 'map'),
        t('/tiles/grids/16/1/2.mvt', 'fetch', 2000, 'map'),
        t('/api/grids/7', 'fetch', 5000, 'after'),
      ],
    });
    expect(s.signInWire).toBe(91_000);
    expect(s.signInRequests).toBe(2);
    expect(s.mapWire).toBe(333_000);
    expect(s.mapRequests).toBe(4);
    expect(s.wire.js).toBe(330_000);
    expect(s.decoded.js).toBe(990_000);
    expect(s.wire.api).toBe(0);
    expect(s.wire.tiles).toBe(2000);
  });

  it('takes medians over runs, the middle pair averaged', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('judges the targets on the last column, the code as it is now', () => {
    const run = (signInMs: number, mapIdleMs: number) => summarizeRun({ signInMs, mapIdleMs, totalMs: signInMs + mapIdleMs, transfers: [] });
    const before = figures('before', 'abc1234', [run(11_000, 4000), run(12_000, 4500), run(11_500, 3900)], []);
    const now = figures('now', 'def5678', [run(1900, 6100), run(2100, 5200), run(2000, 5900)], []);
    const table = comparisonTable([before, now]);
    expect(table).toContain('| before (abc1234) | now (def5678) | target |');
    expect(table).toMatch(/sign-in interactive.*\| 11\.5 s \(11\.0–12\.0\) \| 2\.0 s \(1\.9–2\.1\) \| ≤ 3 s: met \|/);
    expect(table).toMatch(/map idle\*\* .*\| 4\.0 s \(3\.9–4\.5\) \| 5\.9 s \(5\.2–6\.1\) \| ≤ 6 s: met \|/);
    const slow = figures('now', 'def5678', [run(3100, 6100)], []);
    expect(comparisonTable([slow])).toMatch(/≤ 3 s: missed[\s\S]*≤ 6 s: missed/);
  });
});
