import { z } from 'zod';
import { versionField } from '../../http/params.ts';
import { geometryProblems, vertexCount, type Geometry, type GeometryFamily } from '../imports/geojson.domain.ts';

const MAX_VERTICES = 20_000;
const MAX_LINE_VERTICES = 5000;

type Position = [number, number, ...number[]];
/** A GeoJSON Polygon or MultiPolygon in WGS-84 lon/lat (RFC 7946). */
export type AreaGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
/** A GeoJSON LineString (a split line). */
export type LineGeometry = { type: 'LineString'; coordinates: Position[] };

// a position's altitude (or M) is dropped: the columns are 2D and PostGIS refuses a Z
const to2d = (c: unknown): unknown => (!Array.isArray(c) ? c : typeof c[0] === 'number' ? c.slice(0, 2) : c.map(to2d));

/**
 * A geometry of `family` checked by the same rules as imported files (numeric lon/lat in range,
 * closed rings of 4+ positions, no empty parts), of bounded size; its problems answer 400
 * `invalid_geometry` through validate(), never a TypeError or a PostGIS message.
 */
function geometry<T extends AreaGeometry | LineGeometry>(family: GeometryFamily, maxVertices: number) {
  return z.custom<T>().superRefine((g, ctx) => {
    const problems = geometryProblems(g, family);
    const vertices = problems.length ? 0 : vertexCount(g as Geometry);
    if (vertices > maxVertices) {
      problems.push({ code: 'too_many_vertices', params: { vertices, max: maxVertices }, message: `The geometry has ${vertices} vertices; at most ${maxVertices} are accepted` });
    }
    for (const p of problems.slice(0, 5)) {
      // the file problem it is (validate() → details[].problem), so clients say it as they say a file's
      const problem = { code: p.code, ...(p.params ? { params: p.params } : {}) };
      ctx.addIssue({ code: 'custom', message: p.message, params: { code: 'invalid_geometry', problem, ...(p.location ? { location: p.location } : {}) } });
    }
  }).transform((g) => ({ type: g.type, coordinates: to2d(g.coordinates) }) as T); // nothing else (a "crs" would change the SRID)
}

/** A GeoJSON Polygon or MultiPolygon in WGS-84 lon/lat (RFC 7946), of bounded size. */
export const areaGeometry = geometry<AreaGeometry>('polygon', MAX_VERTICES);
/** A GeoJSON LineString (a split line). */
export const lineGeometry = geometry<LineGeometry>('line', MAX_LINE_VERTICES);

const version = versionField;
const gridCode = z.string().regex(/^\d{14,15}$/, 'a grid code has 14 or 15 digits');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(d)), 'not a calendar date');

export const createPlanBody = z.object({
  jurisdictionId: z.number().int().positive(),
  name: z.string().trim().min(1).max(120).optional(),
  description: z.string().trim().max(2000).optional(),
});

export const listPlansQuery = z.object({
  jurisdictionId: z.string().regex(/^[1-9]\d{0,15}$/).transform(Number).optional(),
  status: z.enum(['draft', 'review', 'approved', 'published', 'retired']).optional(),
});

export const codeParam = z.object({
  id: z.string().regex(/^[1-9]\d{0,15}$/, 'id must be a positive integer').transform(Number),
  code: gridCode,
});

export const opParam = z.object({
  id: z.string().regex(/^[1-9]\d{0,15}$/, 'id must be a positive integer').transform(Number),
  opId: z.string().regex(/^[1-9]\d{0,15}$/, 'operation id must be a positive integer').transform(Number),
});

export const versionBody = z.object({ version });
export const drawBody = z.object({ version, geom: areaGeometry, name: z.string().trim().min(1).max(60).optional() });
export const reshapeBody = z.object({ version, geom: areaGeometry });
export const splitBody = z.object({ version, line: lineGeometry });
export const mergeBody = z.object({
  version,
  codes: z.array(gridCode).min(2, 'merge at least 2 grids').max(10).refine((c) => new Set(c).size === c.length, 'codes repeat'),
  name: z.string().trim().min(1).max(60).optional(),
});

export const reassignBody = z
  .object({
    version,
    toCode: gridCode,
    buildingIds: z.array(z.number().int().positive()).min(1).max(5000).optional(),
    within: areaGeometry.optional(),
    restrict: z.union([z.object({ compoundId: z.number().int().positive() }), z.object({ unassignedOnly: z.literal(true) })]).optional(),
  })
  .refine((b) => (b.buildingIds === undefined) !== (b.within === undefined), 'give either buildingIds or within (a rectangle or lasso)');

export const patchGridBody = z
  .object({
    version,
    name: z.string().trim().min(1).max(60).optional(),
    locked: z.boolean().optional(),
    justification: z.string().trim().max(1000).nullable().optional(),
  })
  .refine((b) => b.name !== undefined || b.locked !== undefined || b.justification !== undefined, 'nothing to change');

export const submitBody = z.object({ version, note: z.string().trim().max(2000).optional() });
export const approveBody = z.object({ version, comment: z.string().trim().max(2000).optional() });
export const rejectBody = z.object({ version, comment: z.string().trim().min(4, 'say what must change (4+ characters)').max(4000) });
export const publishBody = z.object({ version, validFrom: isoDate });
export const commentBody = z.object({ body: z.string().trim().min(1).max(4000), gridCode: gridCode.optional() });
