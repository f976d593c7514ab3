import { describe, expect, it } from 'vitest';
import { autoNote, methodsTable, plansMarkdown, timeRatio, type MethodResult } from './report.ts';
import { median, timed } from './timing.ts';

const base: MethodResult = { method: 'k-means', seconds: [0.5, 0.4, 0.6], grids: 29, baseline: true };

describe('plans report', () => {
  it('gives run time as the median relative to the baseline', () => {
    expect(timeRatio({ method: 'auto', seconds: [1, 2, 1.5], grids: 30 }, base)).toBe('**3.00×**');
    expect(timeRatio({ method: 'auto', seconds: [1], coldSeconds: [2], grids: 30 }, base)).toBe('**4.00× / 2.00×**');
    expect(timeRatio(base, base)).toBe('–');
    expect(timeRatio({ method: 'auto', seconds: [1], grids: 1 }, undefined)).toBe('–');
  });

  it('shows cold / warm, quality and missing methods in the table', () => {
    const quality = { grids: 30, inBand: 27, contiguous: 30, gapArea: 0.4, overlapArea: 0, meanPolsbyPopper: 0.61, streetShare: 0.7,
      unassignedBuildings: 0, splitBuildings: 0, splitCompounds: 2, workloadCv: 0.21, hardProblems: 0, minHouseholds: 150, maxHouseholds: 520 };
    const table = methodsTable({ label: 'x', buildings: 1, households: 1, loadSeconds: 1, methods: [
      base,
      { method: 'auto #1', seconds: [1], coldSeconds: [3], grids: 30, quality },
      { method: 'auto #2', seconds: [1], coldSeconds: [3], grids: 30, quality, sameCall: true },
      { method: 'auto', seconds: [], grids: 0, missing: 'not on main' },
    ] });
    expect(table).toContain('| k-means | 0.50 (0.40) | – | 29 | – |');
    expect(table).toContain('| auto #1 | 3.00 / 1.00 (3.00 / 1.00) | **6.00× / 2.00×** | 30 | 27 (90%) | 150–520 | 30 (100%) | 0 / 0 | 0.61 | 70% | 0.21 | 0 / 0 / 2 | yes |');
    expect(table).toContain('| auto #2 | (same call) | – | 30 |');
    expect(table).toContain('| auto | not on main |');
  });

  it('times each run and keeps the last result', async () => {
    const { seconds, value } = await timed(3, async (i) => i * 2);
    expect(seconds).toHaveLength(3);
    expect(value).toBe(4);
    expect(median([3, 1, 2])).toBe(2);
    await expect(timed(0, async () => 1)).rejects.toThrow(RangeError);
  });
});

describe('plans section', () => {
  const machine = { date: 'd', cores: 2, cpu: 'cpu', ramGiB: 8, node: 'v20', postgres: '15', postgis: '3.3', loadBefore: 1 };

  it('reports validation after an edit against the raw query, per case, with its target and the fresh-draft figure', () => {
    const md = plansMarkdown({ machine, communities: [], command: 'npm run bench -- plans', edits: [
      { label: 'community', targetMs: 50, grids: 50, edits: 40, firstValidationMs: 51_000, validate: { p50: 40, p95: 48 },
        gridSet: { p50: 44, p95: 60 }, raw: { p50: 4, p95: 8 }, edit: { p50: 30, p95: 60 } },
      { label: 'street office', targetMs: 300, grids: 600, edits: 40, validate: { p50: 250, p95: 400 }, raw: { p50: 50, p95: 80 } },
    ] });
    expect(md).toContain('### Validation after an edit: community (50 grids, 40 edits)');
    expect(md).toContain('| `validatePlan(planId)` after the edit | 40.0 | 48.0 |');
    expect(md).toContain("| `validateGridSet` of the draft's grids (GeoJSON) after the edit | 44.0 | 60.0 |");
    expect(md).toContain('validatePlan / raw: **10.00×** at p50, **6.00×** at p95; validateGridSet / raw: **11.00×** at p50, **7.50×** at p95. Target: validatePlan p95 ≤ 50 ms (met).');
    expect(md).toContain('**51,000 ms**');
    expect(md).toContain('### Validation after an edit: street office (600 grids, 40 edits)');
    expect(md).toContain('validatePlan / raw: **5.00×** at p50, **5.00×** at p95. Target: validatePlan p95 ≤ 300 ms (missed).');
  });

  it('says why the edit benchmark did not run', () => {
    expect(plansMarkdown({ machine, communities: [], command: 'x', edits: [{ label: 'street office', missing: 'no edits' }] }))
      .toContain('### Validation after an edit: street office\n\nNot measured: no edits');
  });
});

describe('auto plan verdict', () => {
  const quality = { grids: 3, inBand: 3, contiguous: 3, gapArea: 0, overlapArea: 0, meanPolsbyPopper: 0.5, streetShare: 0.6,
    unassignedBuildings: 0, splitBuildings: 0, splitCompounds: 0, workloadCv: 0.1, hardProblems: 0, minHouseholds: 300, maxHouseholds: 400 };
  const line = (over: Partial<MethodResult> = {}): MethodResult => ({ method: 'a', seconds: [1], coldSeconds: [4], parcelSeconds: [2], grids: 3, quality, ...over });

  it('meets the target with enough valid alternatives in time (cold)', () => {
    const note = autoNote([line(), line({ sameCall: true }), line({ sameCall: true })], 3);
    expect(note).toContain('**3 of 3 alternatives valid**');
    expect(note).toContain('4.00 s cold (parcels built in the call; ensureParcels alone 2.00 s) and 1.00 s warm');
    expect(note).toMatch(/: met \(cold\)\.$/);
  });

  it('misses it when an alternative has a gap or the cold run is too slow', () => {
    expect(autoNote([line(), line(), line({ quality: { ...quality, hardProblems: 1 } })], 3)).toContain('2 of 3 alternatives valid');
    expect(autoNote([line({ coldSeconds: [6] }), line(), line()], 3)).toMatch(/missed \(cold\)\.$/);
    expect(autoNote([], 3)).toBe('Auto plan: no alternatives returned.');
  });
});

