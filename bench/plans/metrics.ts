import type { ValidationSummary } from '../../server/src/features/plan-validation/validation-report.domain.ts';
/** Quality of a partition, aggregated from the validation of its grids (the same figures for every method). */

/** One line of quality figures, the same for the auto plan and the baseline. */
export interface Quality {
  grids: number;
  inBand: number;
  contiguous: number;
  gapArea: number;
  overlapArea: number;
  meanPolsbyPopper: number;
  /** Share (0–1) of the inner boundary on streets; null when there is no inner boundary. */
  streetShare: number | null;
  unassignedBuildings: number;
  splitBuildings: number;
  splitCompounds: number;
  /** Coefficient of variation of the workload index across grids (0 = perfectly balanced). */
  workloadCv: number;
  hardProblems: number;
  minHouseholds: number;
  maxHouseholds: number;
}

/** The part of plan-validation's PlanValidation that the benchmark reads. */
export interface ValidationFigures {
  grids: readonly { households: number }[];
  summary: Pick<ValidationSummary, 'grids' | 'inBand' | 'hardProblems' | 'gapAreaM2' | 'overlapAreaM2' | 'unassignedBuildings'
    | 'splitBuildings' | 'splitCompounds' | 'nonContiguous' | 'meanPolsbyPopper' | 'streetShare' | 'workloadCv'>;
}

/** The quality line of one validated partition. */
export function qualityOf(v: ValidationFigures): Quality {
  const s = v.summary;
  const households = v.grids.map((g) => g.households);
  return {
    grids: s.grids, inBand: s.inBand, contiguous: s.grids - s.nonContiguous, gapArea: s.gapAreaM2, overlapArea: s.overlapAreaM2,
    meanPolsbyPopper: s.meanPolsbyPopper, streetShare: s.streetShare, unassignedBuildings: s.unassignedBuildings,
    splitBuildings: s.splitBuildings, splitCompounds: s.splitCompounds, workloadCv: s.workloadCv, hardProblems: s.hardProblems,
    minHouseholds: households.length ? Math.min(...households) : 0, maxHouseholds: households.length ? Math.max(...households) : 0,
  };
}

/**
 * A valid alternative (issue 4: "≥ 3 valid alternatives"): no hard problem (gaps, overlaps, unassigned or split
 * buildings, invalid shapes) and every grid in one piece. Grids out of band are allowed, as in a draft; the
 * share in band is reported beside.
 */
export function isValid(q: Quality): boolean {
  return q.hardProblems === 0 && q.contiguous === q.grids && q.grids > 0;
}
