import { describe, expect, it } from 'vitest';
import { isValid, qualityOf, type ValidationFigures } from './metrics.ts';

const figures = (over: Partial<ValidationFigures['summary']> = {}): ValidationFigures => ({
  grids: [{ households: 210 }, { households: 480 }, { households: 530 }],
  summary: { grids: 3, inBand: 2, hardProblems: 0, gapAreaM2: 0, overlapAreaM2: 0, unassignedBuildings: 0, splitBuildings: 0,
    splitCompounds: 1, nonContiguous: 0, meanPolsbyPopper: 0.55, streetShare: 0.8, workloadCv: 0.3, ...over },
});

describe('quality of a partition', () => {
  it('reads the validation summary and the household range of the grids', () => {
    expect(qualityOf(figures({ nonContiguous: 1 }))).toMatchObject({ grids: 3, inBand: 2, contiguous: 2, splitCompounds: 1, minHouseholds: 210, maxHouseholds: 530, streetShare: 0.8 });
    expect(qualityOf({ grids: [], summary: { ...figures().summary, grids: 0 } })).toMatchObject({ minHouseholds: 0, maxHouseholds: 0 });
  });

  it('calls an alternative valid when it has no hard problem and every grid is one piece', () => {
    expect(isValid(qualityOf(figures()))).toBe(true);
    expect(isValid(qualityOf(figures({ hardProblems: 1, gapAreaM2: 12 })))).toBe(false);
    expect(isValid(qualityOf(figures({ nonContiguous: 1 })))).toBe(false);
    expect(isValid(qualityOf({ grids: [], summary: { ...figures().summary, grids: 0 } }))).toBe(false);
  });
});
