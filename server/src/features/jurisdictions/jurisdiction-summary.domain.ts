/** Where a caller's map grants apply: jurisdiction code prefixes and grid codes. */
export interface SummaryScope {
  prefixes: readonly string[];
  gridCodes: readonly string[];
}

/** How much of a place the caller's grants cover: all of it, a part (grids or communities inside it), or none. */
export type Coverage = 'full' | 'partial' | 'none';

/**
 * A place is covered in full when a granted jurisdiction holds it, in part when a granted
 * jurisdiction or grid lies inside it (a grid code begins with its community's code), else not at all.
 */
export function coverageOf(scope: SummaryScope, code: string): Coverage {
  if (scope.prefixes.some((p) => code.startsWith(p))) return 'full';
  if (scope.prefixes.some((p) => p.startsWith(code)) || scope.gridCodes.some((g) => g.startsWith(code))) return 'partial';
  return 'none';
}
