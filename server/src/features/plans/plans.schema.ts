import { z } from 'zod';

const MAX_VERTICES = 20_000;

const position = z
  .tuple([
    z.number().finite().min(-180, 'longitude must be within -180…180').max(180, 'longitude must be within -180…180'),
    z.number().finite().min(-90, 'latitude must be within -90…90').max(90, 'latitude must be within -90…90'),
  ])
  .rest(z.number().finite());

const ring = z
  .array(position)
  .min(4, 'a ring needs at least 4 positions')
  .refine((r) => {
    const [a, b] = [r[0]!, r[r.length - 1]!];
    return a[0] === b[0] && a[1] === b[1];
  }, 'a ring must end where it starts');

const polygonCoords = z.array(ring).min(1, 'a polygon needs an outer ring');
const vertexCount = (rings: number[][][]) => rings.reduce((n, r) => n + r.length, 0);

/** A GeoJSON Polygon or MultiPolygon in WGS-84 lon/lat (RFC 7946), of bounded size. */
export const areaGeometry = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: polygonCoords }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygonCoords).min(1) }),
  ])
  .refine(
    (g) => (g.type === 'Polygon' ? vertexCount(g.coordinates) : g.coordinates.reduce((n, p) => n + vertexCount(p), 0)) <= MAX_VERTICES,
    `at most ${MAX_VERTICES} vertices`,
  );
export type AreaGeometry = z.infer<typeof areaGeometry>;

/** A GeoJSON LineString (a split line). */
export const lineGeometry = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(position).min(2, 'a line needs at least 2 positions').max(5000),
});
export type LineGeometry = z.infer<typeof lineGeometry>;

const version = z.number().int().positive();
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
