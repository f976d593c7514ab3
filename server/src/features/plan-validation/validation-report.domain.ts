// Turns the measures PostGIS returns into the validation the client shows: per-grid metrics,
// problems in finder order, a summary and the publish verdict. Pure.
import {
  bandStatus, coefficientOfVariation, gridPieces, isPublishable, isSliver, isSplit, needsJustification, pointKey, polsbyPopper, problemId,
  sortProblems, workload, type Band, type BandStatus, type PartLink, type Problem, type WorkloadWeights,
} from './validation.domain.ts';

type BBox = [number, number, number, number];
type Point = [number, number];

/** Metrics of one grid. */
export interface GridMetrics {
  code: string;
  name?: string;
  communityId: number | null;
  households: number;
  residents: number;
  buildings: number;
  specialGroups: number;
  workload: number;
  band: Band;
  bandStatus: BandStatus;
  /** Holds a building with more households than the band's maximum (flagged, not an error). */
  oversize: boolean;
  /** Pieces of the grid: its polygons of ≥ 1 m², those running along each other within the snapping tolerance as one; more than 1 = not contiguous. */
  parts: number;
  areaM2: number;
  perimeterM: number;
  polsbyPopper: number;
  /** Share of the inner boundary (community boundary left out) within 12 m of a street; null with no inner boundary. */
  streetShare: number | null;
  justification: string | null;
  locked: boolean;
  /** False when the geometry was invalid (self-intersecting…); metrics are of its repaired shape. */
  valid: boolean;
  bbox: BBox;
  point: Point;
}

export interface ValidationSummary {
  grids: number;
  inBand: number;
  households: number;
  hardProblems: number;
  gapAreaM2: number;
  overlapAreaM2: number;
  unassignedBuildings: number;
  splitBuildings: number;
  splitCompounds: number;
  nonContiguous: number;
  outOfBand: number;
  unjustified: number;
  meanPolsbyPopper: number;
  /** Street length over inner boundary length, all grids together; null with no inner boundary. */
  streetShare: number | null;
  workloadCv: number;
}

/** The live validation of a set of grids. */
export interface PlanValidation {
  band: Band;
  weights: WorkloadWeights;
  grids: GridMetrics[];
  problems: Problem[];
  summary: ValidationSummary;
  publishable: boolean;
}

interface Where { bbox: BBox; point: Point }
interface Piece extends Where { areaM2: number; perimeterM: number; geom: unknown }

/** One row of JSON arrays as the validation query returns it. */
export interface RawValidation {
  jurisdiction: { id: number; bmin: number; bmax: number } | null;
  grids: (Where & {
    ord: number; code: string; name: string | null; justification: string | null; locked: boolean | null; valid: boolean;
    communityId: number | null; bmin: number | null; bmax: number | null; households: number;
    buildings: number; largest: number; oversize: number[];
    /** Polygons of ≥ 1 m², and between every two of them (null with fewer than two) distance and near border. */
    parts: number; links: PartLink[] | null;
    areaM2: number; perimeterM: number; boundaryM: number | null; streetM: number | null;
  })[];
  gaps: (Piece & { communityId: number; communityCode: string })[];
  overlaps: (Piece & { a: number; b: number })[];
  outside: (Piece & { ord: number })[];
  unassigned: (Where & { buildingId: number; households: number; communityId: number })[];
  splits: (Where & { buildingId: number; households: number; homeOrd: number; otherOrds: number[]; pieceM2: number; footprintM2: number })[];
  compounds: (Where & { compoundId: number; ords: number[]; households: number })[];
  /** Residents per grid, counted by a query of their own; grids without any are missing. */
  people: { ord: number; residents: number; specialGroups: number }[];
}

const round = (v: number, digits = 0) => Math.round(v * 10 ** digits) / 10 ** digits;

type Counted = RawValidation['grids'][number] & { residents: number; specialGroups: number };

function gridMetrics(r: Counted, fallback: Band, weights: WorkloadWeights): GridMetrics {
  const band = r.bmin === null || r.bmax === null ? fallback : { min: r.bmin, max: r.bmax };
  const streetShare = r.boundaryM && r.boundaryM > 0.5 ? round(Math.min(1, (r.streetM ?? 0) / r.boundaryM), 3) : null;
  return {
    code: r.code, ...(r.name ? { name: r.name } : {}), communityId: r.communityId,
    households: r.households, residents: r.residents, buildings: r.buildings, specialGroups: r.specialGroups,
    workload: workload(r, weights), band, bandStatus: bandStatus(r.households, band), oversize: r.oversize.length > 0,
    parts: gridPieces(r.parts, r.links ?? []).pieces, areaM2: round(r.areaM2, 1), perimeterM: round(r.perimeterM, 1),
    polsbyPopper: round(polsbyPopper(r.areaM2, r.perimeterM), 3), streetShare,
    justification: r.justification?.trim() ? r.justification : null, locked: r.locked ?? false, valid: r.valid,
    bbox: r.bbox, point: r.point,
  };
}

/** A grid's metrics as one caller sees them: the special-group count is null outside their residents scope. */
export type ScopedGridMetrics = Omit<GridMetrics, 'specialGroups'> & { specialGroups: number | null };
/** A validation as one caller sees it. */
export type ScopedValidation = Omit<PlanValidation, 'grids'> & { grids: ScopedGridMetrics[] };

/**
 * Keeps the special-group counts of the grids in `readable` (the codes whose residents the caller
 * may read, as GET /api/grids/:id decides) and nulls the rest: small counts can identify people.
 */
export function withSpecialGroupsIn(v: PlanValidation, readable: ReadonlySet<string>): ScopedValidation {
  return { ...v, grids: v.grids.map((g) => ({ ...g, specialGroups: readable.has(g.code) ? g.specialGroups : null })) };
}

/** Problems about single grids: invalid shape, outside its community, out of band, parts, oversize buildings. */
function gridProblems(raw: RawValidation, metrics: GridMetrics[]): Problem[] {
  const out: Problem[] = [];
  raw.grids.forEach((r, i) => {
    const m = metrics[i]!;
    const at = { gridCodes: [m.code], bbox: m.bbox, point: m.point };
    if (!m.valid) out.push({ id: problemId('invalid_geometry', m.code), kind: 'invalid_geometry', severity: 'hard', ...at });
    if (m.parts > 1) {
      // why: how many pieces, and how far apart the closest two are (0: they meet at a corner)
      const gapM = round(gridPieces(r.parts, r.links ?? []).gapM ?? 0, 1);
      out.push({ id: problemId('non_contiguous', m.code), kind: 'non_contiguous', severity: 'soft', params: { pieces: m.parts, gapM }, ...at });
    }
    if (needsJustification({ ...m, largestBuildingHouseholds: r.largest })) {
      out.push({ id: problemId('out_of_band', m.code), kind: 'out_of_band', severity: m.justification ? 'soft' : 'justify', households: m.households, ...at });
    }
    for (const b of r.oversize) {
      out.push({ id: problemId('oversize_building', b), kind: 'oversize_building', severity: 'soft', buildingIds: [b], households: r.largest, ...at });
    }
  });
  return out;
}

/** Problems about pieces of area: gaps, overlaps, grid area outside its community (slivers dropped). */
function areaProblems(raw: RawValidation, codeOf: (ord: number) => string): Problem[] {
  const keep = (p: Piece) => !isSliver(p.areaM2, p.perimeterM);
  const shape = (p: Piece) => ({ areaM2: round(p.areaM2, 1), bbox: p.bbox, point: p.point, geom: p.geom });
  return [
    ...raw.gaps.filter(keep).map((p): Problem => ({
      id: problemId('gap', p.communityCode, pointKey(p.point)), kind: 'gap', severity: 'hard', gridCodes: [], communityId: p.communityId, ...shape(p),
    })),
    ...raw.overlaps.filter(keep).map((p): Problem => {
      const codes = [codeOf(p.a), codeOf(p.b)].sort();
      return { id: problemId('overlap', ...codes), kind: 'overlap', severity: 'hard', gridCodes: codes, ...shape(p) };
    }),
    ...raw.outside.filter(keep).map((p): Problem => ({
      id: problemId('outside', codeOf(p.ord)), kind: 'outside', severity: 'hard', gridCodes: [codeOf(p.ord)], ...shape(p),
    })),
  ];
}

/** Problems about buildings and compounds. */
function buildingProblems(raw: RawValidation, codeOf: (ord: number) => string): Problem[] {
  return [
    ...raw.unassigned.map((b): Problem => ({
      id: problemId('unassigned_building', b.buildingId), kind: 'unassigned_building', severity: 'hard', gridCodes: [],
      buildingIds: [b.buildingId], communityId: b.communityId, households: b.households, bbox: b.bbox, point: b.point,
    })),
    ...raw.splits.filter((s) => isSplit(s.pieceM2, s.footprintM2)).map((s): Problem => ({
      id: problemId('split_building', s.buildingId), kind: 'split_building', severity: 'hard',
      gridCodes: [s.homeOrd, ...s.otherOrds].map(codeOf), buildingIds: [s.buildingId], households: s.households,
      areaM2: round(s.pieceM2, 1), bbox: s.bbox, point: s.point,
    })),
    ...raw.compounds.map((k): Problem => ({
      id: problemId('split_compound', k.compoundId), kind: 'split_compound', severity: 'soft',
      gridCodes: k.ords.map(codeOf).sort(), compoundId: k.compoundId, households: k.households, bbox: k.bbox, point: k.point,
    })),
  ];
}

function summarize(grids: GridMetrics[], problems: Problem[], streetShare: number | null): ValidationSummary {
  const count = (kind: Problem['kind']) => problems.filter((p) => p.kind === kind).length;
  const area = (kind: Problem['kind']) => round(problems.filter((p) => p.kind === kind).reduce((a, p) => a + (p.areaM2 ?? 0), 0), 1);
  return {
    grids: grids.length,
    inBand: grids.filter((g) => g.bandStatus === 'in').length,
    households: grids.reduce((a, g) => a + g.households, 0),
    hardProblems: problems.filter((p) => p.severity === 'hard').length,
    gapAreaM2: area('gap'),
    overlapAreaM2: area('overlap'),
    unassignedBuildings: count('unassigned_building'),
    splitBuildings: count('split_building'),
    splitCompounds: count('split_compound'),
    nonContiguous: count('non_contiguous'),
    outOfBand: grids.filter((g) => g.bandStatus !== 'in').length,
    unjustified: problems.filter((p) => p.severity === 'justify').length,
    meanPolsbyPopper: grids.length ? round(grids.reduce((a, g) => a + g.polsbyPopper, 0) / grids.length, 3) : 0,
    streetShare,
    workloadCv: round(coefficientOfVariation(grids.map((g) => g.workload)), 3),
  };
}

/** The validation the client shows, from the raw measures. */
export function buildValidation(raw: RawValidation, weights: WorkloadWeights): PlanValidation {
  const band: Band = raw.jurisdiction ? { min: raw.jurisdiction.bmin, max: raw.jurisdiction.bmax } : { min: 200, max: 500 };
  const people = new Map(raw.people.map((p) => [p.ord, p]));
  const grids = raw.grids.map((r) => {
    const p = people.get(r.ord);
    return gridMetrics({ ...r, residents: p?.residents ?? 0, specialGroups: p?.specialGroups ?? 0 }, band, weights);
  });
  const codes = new Map(raw.grids.map((r) => [r.ord, r.code]));
  const codeOf = (ord: number) => codes.get(ord) ?? String(ord);
  const problems = sortProblems([...areaProblems(raw, codeOf), ...buildingProblems(raw, codeOf), ...gridProblems(raw, grids)]);
  const boundary = raw.grids.reduce((a, r) => a + (r.boundaryM ?? 0), 0);
  const street = raw.grids.reduce((a, r) => a + (r.streetM ?? 0), 0);
  const summary = summarize(grids, problems, boundary > 0.5 ? round(Math.min(1, street / boundary), 3) : null);
  return { band, weights, grids, problems, summary, publishable: isPublishable(problems) };
}
