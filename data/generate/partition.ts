/** Pure partitioning rules: plot matrices into compounds and grids, street blocks into communities. */
import type { Random } from '../seed/random.ts';

/** A half-open range of plot rows and columns inside a block's plot matrix. */
export interface CellRange {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** How to cut: parts above `max` households are split into pieces of about `target`. */
export interface CutRule {
  max: number;
  target: number;
  /** Plot size in metres, so cuts go across the longer side and pieces stay compact. */
  cellWidth: number;
  cellHeight: number;
}

/** Households inside a range of the matrix. */
export function rangeSum(weights: readonly (readonly number[])[], r: CellRange): number {
  let s = 0;
  for (let i = r.r0; i < r.r1; i++) for (let j = r.c0; j < r.c1; j++) s += weights[i]?.[j] ?? 0;
  return s;
}

interface Cut {
  a: CellRange;
  b: CellRange;
  score: number;
}

function candidateCuts(weights: readonly (readonly number[])[], r: CellRange, rule: CutRule, want: number, total: number): Cut[] {
  const cuts: Cut[] = [];
  const tall = (r.r1 - r.r0) * rule.cellHeight >= (r.c1 - r.c0) * rule.cellWidth;
  for (let i = r.r0 + 1; i < r.r1; i++) {
    const a = { ...r, r1: i };
    cuts.push({ a, b: { ...r, r0: i }, score: Math.abs(rangeSum(weights, a) - want) / total + (tall ? 0 : 0.15) });
  }
  for (let j = r.c0 + 1; j < r.c1; j++) {
    const a = { ...r, c1: j };
    cuts.push({ a, b: { ...r, c0: j }, score: Math.abs(rangeSum(weights, a) - want) / total + (tall ? 0.15 : 0) });
  }
  // a piece without households would be a grid nobody lives in
  return cuts.filter((c) => rangeSum(weights, c.a) > 0 && rangeSum(weights, c.b) > 0);
}

/**
 * Recursive guillotine partition: rectangles of whole plots (a building is never split),
 * each at most `max` households unless a single plot already exceeds it.
 */
export function guillotine(weights: readonly (readonly number[])[], range: CellRange, rule: CutRule): CellRange[] {
  const total = rangeSum(weights, range);
  if (total <= rule.max) return [range];
  const parts = Math.max(2, Math.round(total / rule.target));
  const want = (total * Math.floor(parts / 2)) / parts;
  const cuts = candidateCuts(weights, range, rule, want, total);
  if (!cuts.length) return [range];
  const best = cuts.reduce((m, c) => (c.score < m.score ? c : m));
  return [...guillotine(weights, best.a, rule), ...guillotine(weights, best.b, rule)];
}

/** Community size band (households) used when grouping street blocks. */
export const COMMUNITY_MIN = 1_500;
export const COMMUNITY_MAX = 3_000;

/**
 * Visits a rows × cols lattice in bands of two rows, column by column, alternating
 * top/bottom so that consecutive cells always share an edge. Returns bands of [row, col].
 */
export function bandOrder(rows: number, cols: number): [number, number][][] {
  const bands: [number, number][][] = [];
  for (let top = 0; top < rows; top += 2) {
    const band: [number, number][] = [];
    const height = Math.min(2, rows - top);
    for (let k = 0; k < cols; k++) {
      const col = (top / 2) % 2 === 0 ? k : cols - 1 - k;
      const down = height === 1 || k % 2 === 0;
      for (let h = 0; h < height; h++) band.push([top + (down ? h : height - 1 - h), col]);
    }
    bands.push(band);
  }
  return bands;
}

/**
 * Groups consecutive blocks of each band into communities of about COMMUNITY_MIN–MAX
 * households; runs never leave their band, so every community is contiguous.
 */
export function groupCommunities<T>(bands: readonly (readonly T[])[], households: (item: T) => number, rng: Random): T[][] {
  const groups: T[][] = [];
  for (const band of bands) {
    const first = groups.length;
    let current: T[] = [];
    let sum = 0;
    let goal = rng.int(1_800, 2_600);
    band.forEach((item, k) => {
      current.push(item);
      sum += households(item);
      const next = k + 1 < band.length ? households(band[k + 1]!) : 0;
      if (sum >= goal || (sum >= COMMUNITY_MIN && sum + next > COMMUNITY_MAX)) {
        groups.push(current);
        current = [];
        sum = 0;
        goal = rng.int(1_800, 2_600);
      }
    });
    if (!current.length) continue;
    // a small remainder joins the band's previous community rather than standing alone
    const last = groups.length > first ? groups.pop() : undefined;
    if (last && sum < COMMUNITY_MIN) groups.push(...balance([...last, ...current], households, COMMUNITY_MAX));
    else groups.push(...(last ? [last] : []), current);
  }
  return groups;
}

/** Keeps a run whole up to `max` households; above it, cuts it in two where the halves are most even. */
export function balance<T>(run: T[], households: (item: T) => number, max: number): T[][] {
  const sizes = run.map(households);
  const total = sizes.reduce((s, h) => s + h, 0);
  if (total <= max || run.length < 2) return [run];
  let best = 1;
  let left = 0;
  let bestGap = Infinity;
  for (let k = 1; k < run.length; k++) {
    left += sizes[k - 1]!;
    const gap = Math.abs(total - 2 * left);
    if (gap < bestGap) [best, bestGap] = [k, gap];
  }
  return [run.slice(0, best), run.slice(best)];
}
