import { describe, expect, it } from 'vitest';
import {
  bandStatus, coefficientOfVariation, gridPieces, isPublishable, isSliver, isSplit, needsJustification, pointKey, polsbyPopper,
  problemId, resolveWeights, sortProblems, workload, type Problem,
} from './validation.domain.ts';

describe('bandStatus', () => {
  const band = { min: 200, max: 500 };
  it('is in band on both edges and outside just beyond them', () => {
    expect([199, 200, 350, 500, 501].map((h) => bandStatus(h, band))).toEqual(['under', 'in', 'in', 'in', 'over']);
  });
});

describe('workload', () => {
  const m = { households: 300, residents: 700, specialGroups: 40 };
  it('counts households only by default', () => {
    expect(workload(m)).toBe(300);
  });
  it('weighs residents, special groups and incidents (none exist yet)', () => {
    expect(workload(m, resolveWeights({ residents: 0.5, specialGroups: 2, incidents: 3 }))).toBe(300 + 350 + 80);
    expect(workload({ ...m, incidents: 5 }, resolveWeights({ incidents: 3 }))).toBe(315);
  });
  it('fills missing weights from the defaults', () => {
    expect(resolveWeights({ residents: 1 })).toEqual({ households: 1, residents: 1, specialGroups: 0, incidents: 0 });
  });
});

describe('coefficientOfVariation', () => {
  it('is the population standard deviation over the mean', () => {
    expect(coefficientOfVariation([200, 400])).toBeCloseTo(100 / 300, 10);
    expect(coefficientOfVariation([300, 300, 300])).toBe(0);
  });
  it('is 0 with no values or a zero mean', () => {
    expect(coefficientOfVariation([])).toBe(0);
    expect(coefficientOfVariation([0, 0])).toBe(0);
  });
});

describe('polsbyPopper', () => {
  it('is 1 for a circle and π/4 for a square', () => {
    expect(polsbyPopper(Math.PI * 100 ** 2, 2 * Math.PI * 100)).toBeCloseTo(1, 10);
    expect(polsbyPopper(100 * 100, 400)).toBeCloseTo(Math.PI / 4, 10);
  });
  it('falls for long thin shapes and is 0 when degenerate', () => {
    expect(polsbyPopper(1000 * 10, 2020)).toBeLessThan(0.04);
    expect(polsbyPopper(0, 0)).toBe(0);
    expect(polsbyPopper(10, 0)).toBe(0);
  });
});

describe('slivers and splits', () => {
  it('drops pieces under 1 m² or thinner than 10 cm', () => {
    expect(isSliver(0.9, 4)).toBe(true);
    expect(isSliver(5, 200)).toBe(true); // 100 m × 5 cm
    expect(isSliver(25, 20)).toBe(false);
  });
  it('calls a building split past max(1 m², 1 % of the footprint)', () => {
    expect(isSplit(0.8, 50)).toBe(false);
    expect(isSplit(1.5, 50)).toBe(true);
    expect(isSplit(15, 2000)).toBe(false);
    expect(isSplit(25, 2000)).toBe(true);
  });
});

describe('needsJustification', () => {
  const g = { bandStatus: 'over' as const, oversize: false, households: 600, largestBuildingHouseholds: 200 };
  it('asks for grids outside the band', () => {
    expect(needsJustification(g)).toBe(true);
    expect(needsJustification({ ...g, bandStatus: 'under', households: 100 })).toBe(true);
    expect(needsJustification({ ...g, bandStatus: 'in' })).toBe(false);
  });
  it('exempts a grid holding only one oversize building', () => {
    expect(needsJustification({ ...g, oversize: true, households: 600, largestBuildingHouseholds: 600 })).toBe(false);
    expect(needsJustification({ ...g, oversize: true, households: 620, largestBuildingHouseholds: 600 })).toBe(true);
  });
});

const problem = (kind: Problem['kind'], severity: Problem['severity'], id: string, size: { areaM2?: number; households?: number } = {}) =>
  ({ id, kind, severity, ...size });

describe('sortProblems', () => {
  it('puts hard problems first, then those needing a justification, then by kind and size', () => {
    const sorted = sortProblems([
      problem('non_contiguous', 'soft', 'n'),
      problem('out_of_band', 'justify', 'o1', { households: 100 }),
      problem('gap', 'hard', 'g-small', { areaM2: 5 }),
      problem('unassigned_building', 'hard', 'u', { households: 30 }),
      problem('gap', 'hard', 'g-big', { areaM2: 500 }),
      problem('out_of_band', 'justify', 'o2', { households: 900 }),
      problem('overlap', 'hard', 'ov', { areaM2: 1 }),
    ]);
    expect(sorted.map((p) => p.id)).toEqual(['g-big', 'g-small', 'ov', 'u', 'o2', 'o1', 'n']);
  });
  it('breaks ties by id so the order is stable', () => {
    expect(sortProblems([problem('gap', 'hard', 'b'), problem('gap', 'hard', 'a')]).map((p) => p.id)).toEqual(['a', 'b']);
  });
});

describe('isPublishable', () => {
  it('refuses while a hard problem or an unjustified grid remains', () => {
    expect(isPublishable([])).toBe(true);
    expect(isPublishable([{ severity: 'soft' }, { severity: 'soft' }])).toBe(true);
    expect(isPublishable([{ severity: 'soft' }, { severity: 'justify' }])).toBe(false);
    expect(isPublishable([{ severity: 'hard' }])).toBe(false);
  });
});

describe('problem ids', () => {
  it('are stable keys built from kind and natural keys', () => {
    expect(problemId('overlap', 'A', 'B')).toBe('overlap:A:B');
    expect(problemId('gap', '110108010019', pointKey([116.347123456, 40.00123456]))).toBe('gap:110108010019:116.34712,40.00123');
  });
});

describe('gridPieces', () => {
  // two 40 m squares 0.3 m apart: a's facing side and the last ~0.95 m of its two other sides lie within 1 m of b
  const near = { a: 1, b: 2, distanceM: 0.3, nearBorderM: 41.9 };
  // squares meeting at one corner: 1 m of each side at the corner, all of it used up by the tolerance at the ends
  const corner = { a: 1, b: 2, distanceM: 0, nearBorderM: 2 };

  it('is one piece for one polygon, or none left but slivers', () => {
    expect(gridPieces(1, [])).toEqual({ pieces: 1, gapM: null });
    expect(gridPieces(0, [])).toEqual({ pieces: 1, gapM: null });
  });
  it('joins polygons whose borders run along each other within the tolerance', () => {
    expect(gridPieces(2, [near])).toEqual({ pieces: 1, gapM: null });
  });
  it('keeps polygons apart that meet only at a corner, or lie metres apart, and says how far', () => {
    expect(gridPieces(2, [corner])).toEqual({ pieces: 2, gapM: 0 });
    expect(gridPieces(2, [{ a: 1, b: 2, distanceM: 5, nearBorderM: 0 }])).toEqual({ pieces: 2, gapM: 5 });
  });
  it('joins through a chain and measures the gap between pieces, not within one', () => {
    // 1–2 and 2–4 run along each other, so 1 and 4 (3 m apart) are one piece; 3 lies 7.5 m from it
    const links = [
      { ...near, a: 1, b: 2 }, { a: 2, b: 4, distanceM: 0.2, nearBorderM: 12 }, { a: 1, b: 4, distanceM: 3, nearBorderM: 0 },
      { a: 1, b: 3, distanceM: 8, nearBorderM: 0 }, { a: 2, b: 3, distanceM: 7.5, nearBorderM: 0 }, { a: 3, b: 4, distanceM: 9, nearBorderM: 0 },
    ];
    expect(gridPieces(4, links)).toEqual({ pieces: 2, gapM: 7.5 });
  });
});
