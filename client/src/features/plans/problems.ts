/** How the studio words validation problems (pure): under or over the band, and what blocks submitting. */

/** What the wording reads of a problem (the validation answer's problems). */
export interface ProblemLike {
  kind: string;
  severity: string;
  gridCodes: readonly string[];
}

/** A grid's band status as the validation gives it ('in' within the band). */
export type BandStatusOf = (code: string) => 'under' | 'in' | 'over' | undefined;

/**
 * The kind a problem is named by: a grid out of the household band is said to be under it (户数不足:
 * 0 or 45 households) or over it (户数超出: 700), never one word for both.
 */
export function problemKind(p: ProblemLike, statusOf: BandStatusOf): string {
  if (p.kind !== 'out_of_band') return p.kind;
  const s = p.gridCodes[0] === undefined ? undefined : statusOf(p.gridCodes[0]);
  return s === 'under' ? 'out_of_band_under' : s === 'over' ? 'out_of_band_over' : p.kind;
}

/** The problems that keep a plan from being submitted (hard ones, and out-of-band grids without a justification). */
export const isBlocking = (p: ProblemLike) => p.severity !== 'soft';

/** Blocking problems counted by kind, most first (ties in the order the validation lists them). */
export function blockingKinds(problems: readonly ProblemLike[], statusOf: BandStatusOf): { kind: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const p of problems.filter(isBlocking)) {
    const k = problemKind(p, statusOf);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count);
}
