import { describe, expect, it } from 'vitest';
import { bandOf, compareAlternatives, type ComparedAlternative } from './alternatives.ts';

const alt = (grids: number, inBand: number, min: number, max: number, v?: Partial<NonNullable<ComparedAlternative['metrics']['validation']>>): ComparedAlternative => ({
  metrics: { grids, inBand, householdsMin: min, householdsMax: max, streetShare: 0.5, ...(v ? { validation: { meanPolsbyPopper: 0.4, streetShare: 0.5, workloadCv: 0.1, hardProblems: 0, ...v } } : {}) },
});

describe('compareAlternatives', () => {
  it('marks the best alternative of each measure: most in band, narrowest households, most street, most compact, least spread and problems', () => {
    const rows = compareAlternatives([
      alt(4, 4, 260, 480, { streetShare: 0.8, meanPolsbyPopper: 0.35, workloadCv: 0.2 }),
      alt(4, 3, 190, 420, { streetShare: 0.6, meanPolsbyPopper: 0.45, workloadCv: 0.12, hardProblems: 1 }),
      alt(5, 5, 300, 360, { streetShare: 0.5, meanPolsbyPopper: 0.4, workloadCv: 0.05 }),
    ]);
    const best = Object.fromEntries(rows.map((r) => [r.key, r.best]));
    expect(best).toEqual({ grids: [], inBand: [0, 2], households: [2], street: [0], compactness: [1], workload: [2], hard: [0, 2] });
    expect(rows.find((r) => r.key === 'households')!.cells[1]).toEqual({ min: 190, max: 420 });
    expect(rows.find((r) => r.key === 'inBand')!.cells[2]).toEqual({ of: 5 });
  });

  it('marks nothing when all are alike or a measure is missing, and falls back to the partitioner street share', () => {
    const rows = compareAlternatives([alt(3, 3, 200, 300), alt(3, 3, 200, 300)]);
    expect(rows.every((r) => r.best.length === 0)).toBe(true);
    expect(rows.find((r) => r.key === 'compactness')!.values).toEqual([null, null]);
    expect(rows.find((r) => r.key === 'street')!.values).toEqual([0.5, 0.5]);
  });
});

describe('bandOf', () => {
  it('says under, within or over', () => {
    expect([0, 45, 200, 500, 700].map((n) => bandOf(n, { min: 200, max: 500 }))).toEqual(['under', 'under', 'within', 'within', 'over']);
  });
});
