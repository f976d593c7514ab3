/** The side-by-side comparison of automatic alternatives (pure): one row per measure, the best marked. */

/** What the table reads of an alternative (the autoplan answer's metrics). */
export interface ComparedAlternative {
  metrics: {
    grids: number;
    inBand: number;
    householdsMin: number;
    householdsMax: number;
    streetShare: number | null;
    validation?: { meanPolsbyPopper: number; streetShare: number | null; workloadCv: number; hardProblems: number };
  };
}

export type MeasureKey = 'grids' | 'inBand' | 'households' | 'street' | 'compactness' | 'workload' | 'hard';

/** One measure across the alternatives: its value in each (null: not measured) and which are best. */
export interface ComparisonRow {
  key: MeasureKey;
  values: (number | null)[];
  /** Indexes of the best alternatives; empty when they are all alike or the measure has no better side. */
  best: number[];
  /** Per alternative, the text parts the cell shows (the component formats them). */
  cells: { min?: number; max?: number; of?: number }[];
}

type Better = 'high' | 'low' | null;

const MEASURES: { key: MeasureKey; better: Better; value: (a: ComparedAlternative) => number | null }[] = [
  { key: 'grids', better: null, value: (a) => a.metrics.grids },
  { key: 'inBand', better: 'high', value: (a) => (a.metrics.grids ? a.metrics.inBand / a.metrics.grids : null) },
  // households per grid: the narrower the spread from the smallest to the largest grid, the better
  { key: 'households', better: 'low', value: (a) => a.metrics.householdsMax - a.metrics.householdsMin },
  { key: 'street', better: 'high', value: (a) => a.metrics.validation?.streetShare ?? a.metrics.streetShare },
  { key: 'compactness', better: 'high', value: (a) => a.metrics.validation?.meanPolsbyPopper ?? null },
  { key: 'workload', better: 'low', value: (a) => a.metrics.validation?.workloadCv ?? null },
  { key: 'hard', better: 'low', value: (a) => a.metrics.validation?.hardProblems ?? null },
];

function bestOf(values: (number | null)[], better: Better): number[] {
  const known = values.filter((v): v is number => v !== null);
  if (!better || known.length < 2 || known.every((v) => v === known[0])) return [];
  const target = better === 'high' ? Math.max(...known) : Math.min(...known);
  return values.flatMap((v, i) => (v === target ? [i] : []));
}

/** The comparison rows, in the order the table shows them. */
export function compareAlternatives(alts: readonly ComparedAlternative[]): ComparisonRow[] {
  return MEASURES.map((m) => {
    const values = alts.map(m.value);
    const cells = alts.map((a) =>
      m.key === 'households' ? { min: a.metrics.householdsMin, max: a.metrics.householdsMax } : m.key === 'inBand' ? { of: a.metrics.grids } : {});
    return { key: m.key, values, best: bestOf(values, m.better), cells };
  });
}

/** Where a proposed grid's households fall against the band. */
export function bandOf(households: number, band: { min: number; max: number }): 'under' | 'within' | 'over' {
  return households < band.min ? 'under' : households > band.max ? 'over' : 'within';
}
