import { describe, expect, it } from 'vitest';
import { createRandom } from '../../data/seed/random.ts';
import { M_PER_DEG, walk, type Box } from './walk.ts';

const BOX: Box = [120.1, 30.2, 120.1015, 30.2013];
const start = new Date('2025-03-01T01:00:00Z');

describe('walk', () => {
  it('gives the same fixes for the same seed and others for another', () => {
    const a = [...walk(createRandom('w1'), { box: BOX, startAt: start, intervalMs: 5000, speedMps: 1.3, count: 50 })];
    const b = [...walk(createRandom('w1'), { box: BOX, startAt: start, intervalMs: 5000, speedMps: 1.3, count: 50 })];
    const c = [...walk(createRandom('w2'), { box: BOX, startAt: start, intervalMs: 5000, speedMps: 1.3, count: 50 })];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('takes one fix every interval, stays in its box over a long walk, and moves at about the speed asked', () => {
    const fixes = [...walk(createRandom('w3'), { box: BOX, startAt: start, intervalMs: 5000, speedMps: 1.3, count: 5760 })];
    expect(fixes).toHaveLength(5760);
    expect(fixes.every((f, i) => f.at.getTime() === start.getTime() + i * 5000)).toBe(true);
    expect(fixes.every((f) => f.lon >= BOX[0] && f.lon <= BOX[2] && f.lat >= BOX[1] && f.lat <= BOX[3])).toBe(true);
    const cos = Math.cos((30.2 * Math.PI) / 180);
    const steps = fixes.slice(1).map((f, i) => Math.hypot((f.lon - fixes[i]!.lon) * M_PER_DEG * cos, (f.lat - fixes[i]!.lat) * M_PER_DEG));
    const mean = steps.reduce((s, d) => s + d, 0) / steps.length;
    // 1.3 m/s × 5 s = 6.5 m a step, a little less where the box's edge folds a step back
    expect(mean).toBeGreaterThan(5);
    expect(mean).toBeLessThan(7);
    expect(Math.max(...steps)).toBeLessThan(1.3 * 1.3 * 5 + 0.01);
    // it wanders: the walk reaches both halves of the box each way
    const lons = fixes.map((f) => f.lon);
    expect(Math.min(...lons)).toBeLessThan((BOX[0] + BOX[2]) / 2);
    expect(Math.max(...lons)).toBeGreaterThan((BOX[0] + BOX[2]) / 2);
  });

  it('runs on without a count, yielding only what is taken', () => {
    const it = walk(createRandom('w4'), { box: BOX, startAt: start, intervalMs: 1000, speedMps: 5 });
    const taken = Array.from({ length: 3 }, () => it.next().value!);
    expect(taken.map((f) => f.at.getTime() - start.getTime())).toEqual([0, 1000, 2000]);
    expect(taken.every((f) => f.accuracy >= 3 && f.accuracy <= 15 && f.heading >= 0 && f.heading < 360)).toBe(true);
  });
});
