// Pure rules of live plan validation: household band, workload index, compactness, problem
// ordering and the publish rule. The repository measures; this file judges.
//
// Decisions (the client shows these figures, so they are part of the contract):
// - A building counts in the grid holding its anchor (as grid_of_building); where grids overlap,
//   in the first by order only, so totals never count a building twice.
// - A grid belongs to the community holding most of its area; gaps are checked per community
//   (community area covered by no grid); `outside` is grid area beyond its own community.
// - Residents = residents of the grid's households; special groups = residents with at least one
//   special group. Incidents do not exist yet: their weight is accepted and multiplies 0.
// - Street share: of the grid's inner boundary only (its community's boundary is given, not chosen),
//   the length within STREET_DISTANCE_M of a street-class road, measured in the UTM zone.
// - Split building: part of its footprint lies in a grid that does not hold its anchor.
// - Pieces of a grid: its polygons of SLIVER_AREA_M2 or more, two of them one piece when their borders
//   run within SNAP_TOLERANCE_M of each other along more than CONTIGUOUS_BORDER_M (beyond the tolerance
//   at either end), the automatic planner's rule for neighbouring units: real data leave parts apart by
//   centimetre slivers, while parts that meet only at a corner, or lie metres apart, stay separate.
// - An invalid (self-intersecting…) grid is measured as repaired by ST_MakeValid and reported as
//   hard, as is a grid under SLIVER_AREA_M2: the same rule as a write (accept, draw, reshape), so
//   what validation passes is never refused when stored.

/** Weights of the workload index; incidents count 0 until incidents exist (a later issue). */
export interface WorkloadWeights {
  households: number;
  residents: number;
  specialGroups: number;
  incidents: number;
}

export const DEFAULT_WEIGHTS: WorkloadWeights = { households: 1, residents: 0, specialGroups: 0, incidents: 0 };

export interface Band {
  min: number;
  max: number;
}

export type BandStatus = 'under' | 'in' | 'over';
export type Severity = 'hard' | 'justify' | 'soft';
export type ProblemKind =
  | 'invalid_geometry'
  | 'gap'
  | 'overlap'
  | 'outside'
  | 'unassigned_building'
  | 'split_building'
  | 'out_of_band'
  | 'split_compound'
  | 'non_contiguous'
  | 'oversize_building';

/** Kinds that refuse publishing, in the order the problem finder shows them. */
export const HARD_KINDS: readonly ProblemKind[] = ['invalid_geometry', 'gap', 'overlap', 'outside', 'unassigned_building', 'split_building'];
const KIND_ORDER: readonly ProblemKind[] = [...HARD_KINDS, 'out_of_band', 'split_compound', 'non_contiguous', 'oversize_building'];
const SEVERITY_ORDER: readonly Severity[] = ['hard', 'justify', 'soft'];

/**
 * Snapping tolerance of real data, in metres: the automatic planner's parcels whose borders run
 * closer than this are neighbours. Census blocks written with 6 decimals
 * miss each other by up to 0.1 m, digitised OSM and surveyed outlines by tens of centimetres, and
 * unions of parcels leave collinear borders that differ by nanometres; 1 m covers these and stays well
 * below the narrowest street or wall gap (3 m and more) that should keep two units apart.
 */
export const SNAP_TOLERANCE_M = 1;
/** Border length (m) within SNAP_TOLERANCE_M, beyond the tolerance at either end, that makes two parts of a grid one piece. */
export const CONTIGUOUS_BORDER_M = 1;
/** Gap/overlap/outside pieces below this area (m²) are digitising slivers, not problems. */
export const SLIVER_AREA_M2 = 1;
/** Pieces thinner than this on average (2·area/perimeter, metres) are slivers too, whatever their area. */
export const SLIVER_WIDTH_M = 0.1;
/** A building is split when more than max(1 m², 1 % of its footprint) lies in a second grid. */
export const SPLIT_MIN_M2 = 1;
export const SPLIT_MIN_SHARE = 0.01;
/** A grid edge within this distance of a road runs along the street. */
export const STREET_DISTANCE_M = 12;
/** Road classes that count as streets (footways, paths, cycleways, steps and works do not). */
export const STREET_CLASSES: readonly string[] = [
  'motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link',
  'tertiary', 'tertiary_link', 'unclassified', 'residential', 'living_street', 'service', 'pedestrian', 'road',
];

/** One validation problem, with where the problem finder should zoom. */
export interface Problem {
  id: string;
  kind: ProblemKind;
  severity: Severity;
  gridCodes: string[];
  buildingIds?: number[];
  compoundId?: number;
  communityId?: number;
  areaM2?: number;
  households?: number;
  bbox: [number, number, number, number];
  point: [number, number];
  geom?: unknown;
  /** Figures a client words in its own language, per kind: non_contiguous has `pieces` and `gapM`. */
  params?: Record<string, number>;
}

/** Two polygons of one grid (indexes into its polygons), how far apart and how long a border they run along within the tolerance. */
export interface PartLink {
  a: number;
  b: number;
  distanceM: number;
  /** Length of a's border within SNAP_TOLERANCE_M of b, in metres. */
  nearBorderM: number;
}

/** Whether two polygons of a grid count as one piece. */
export function joinsParts(link: PartLink): boolean {
  return link.nearBorderM - 2 * SNAP_TOLERANCE_M > CONTIGUOUS_BORDER_M;
}

/**
 * Pieces of a grid from its `parts` polygons (slivers already left out) and the links between every
 * two of them; `gapM` is the shortest distance between two pieces (0 when they meet at a corner).
 */
export function gridPieces(parts: number, links: readonly PartLink[]): { pieces: number; gapM: number | null } {
  const up = new Map<number, number>();
  const root = (i: number): number => {
    const p = up.get(i) ?? i;
    if (p === i) return i;
    const r = root(p);
    up.set(i, r);
    return r;
  };
  for (const l of links) if (joinsParts(l)) up.set(root(l.a), root(l.b));
  const nodes = new Set(links.flatMap((l) => [l.a, l.b]));
  const pieces = nodes.size ? new Set([...nodes].map(root)).size : Math.max(1, parts);
  const between = links.filter((l) => root(l.a) !== root(l.b)).map((l) => l.distanceM);
  return { pieces, gapM: between.length ? Math.min(...between) : null };
}

/** Where a household count stands against the band. */
export function bandStatus(households: number, band: Band): BandStatus {
  if (households < band.min) return 'under';
  if (households > band.max) return 'over';
  return 'in';
}

/** The weighted workload index of one grid. */
export function workload(
  m: { households: number; residents: number; specialGroups: number; incidents?: number },
  w: WorkloadWeights = DEFAULT_WEIGHTS,
): number {
  const v = w.households * m.households + w.residents * m.residents + w.specialGroups * m.specialGroups + w.incidents * (m.incidents ?? 0);
  return Math.round(v * 100) / 100;
}

/** Weights filled from defaults; negative or non-finite weights are refused by the schema, not here. */
export function resolveWeights(w?: Partial<WorkloadWeights>): WorkloadWeights {
  return { ...DEFAULT_WEIGHTS, ...w };
}

/** Coefficient of variation (population standard deviation / mean); 0 for no grids or a zero mean. */
export function coefficientOfVariation(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean === 0) return 0;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

/** Polsby-Popper compactness 4πA/P² (1 for a circle, towards 0 for long thin shapes); 0 when degenerate. */
export function polsbyPopper(areaM2: number, perimeterM: number): number {
  if (!(perimeterM > 0) || !(areaM2 > 0)) return 0;
  return Math.min(1, (4 * Math.PI * areaM2) / perimeterM ** 2);
}

/** True when a gap/overlap piece is a sliver: too small or too thin to matter. */
export function isSliver(areaM2: number, perimeterM: number): boolean {
  if (areaM2 < SLIVER_AREA_M2) return true;
  return perimeterM > 0 && (2 * areaM2) / perimeterM < SLIVER_WIDTH_M;
}

/** True when the part of a building outside its anchor's grid is big enough to call it split. */
export function isSplit(pieceM2: number, footprintM2: number): boolean {
  return pieceM2 > Math.max(SPLIT_MIN_M2, SPLIT_MIN_SHARE * footprintM2);
}

/**
 * A grid outside the band needs a justification, except a grid that holds one building over the band
 * and nothing else with households (it cannot be split without splitting the building).
 */
export function needsJustification(g: { bandStatus: BandStatus; oversize: boolean; households: number; largestBuildingHouseholds: number }): boolean {
  if (g.bandStatus === 'in') return false;
  return !(g.oversize && g.households === g.largestBuildingHouseholds);
}

/** Publishable: no hard problem and every out-of-band grid needing one has a justification. */
export function isPublishable(problems: readonly Pick<Problem, 'severity'>[]): boolean {
  return problems.every((p) => p.severity === 'soft');
}

/** Problems in the order the problem finder steps through them: hard first, then by kind, then biggest first. */
export function sortProblems<P extends Pick<Problem, 'id' | 'kind' | 'severity' | 'areaM2' | 'households'>>(problems: readonly P[]): P[] {
  const size = (p: P) => p.areaM2 ?? p.households ?? 0;
  return [...problems].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      size(b) - size(a) ||
      a.id.localeCompare(b.id),
  );
}

/** A stable key for a problem: the same violation keeps its id across edits that do not touch it. */
export function problemId(kind: ProblemKind, ...parts: (string | number)[]): string {
  return [kind, ...parts].join(':');
}

/** A point key for pieces with no natural id (gaps): rounded to ~1 m so small edits elsewhere keep it. */
export function pointKey([lon, lat]: readonly [number, number]): string {
  return `${lon.toFixed(5)},${lat.toFixed(5)}`;
}
