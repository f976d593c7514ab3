import { z } from 'zod';

const position = z.array(z.number()).min(2).max(4)
  .refine((p) => Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90, 'coordinates must be longitude/latitude in WGS 84');
const ring = z.array(position).min(4, 'a ring needs at least 4 positions')
  // zod runs the refinement even when min(4) failed: an empty ring must not reach r[0]
  .refine((r) => r.length < 4 || (r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1]), 'a ring must end where it starts');

/** A GeoJSON Polygon or MultiPolygon in WGS 84 longitude/latitude. */
export const polygonGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
]);

const weight = z.number().min(0).max(1000);

/** Workload weights; missing ones take the defaults (households 1, the rest 0). */
export const workloadWeights = z.object({
  households: weight, residents: weight, specialGroups: weight, incidents: weight,
}).partial();

/** Input of validateGridSet: grids that need not be stored. */
export const gridSetInput = z.object({
  jurisdictionId: z.number().int().positive(),
  grids: z.array(z.object({
    code: z.string().min(1).max(40),
    name: z.string().max(100).optional(),
    geom: polygonGeometry,
    justification: z.string().max(2000).nullish(),
    locked: z.boolean().optional(),
  })).max(2000).refine((gs) => new Set(gs.map((g) => g.code)).size === gs.length, 'grid codes must be unique'),
  weights: workloadWeights.optional(),
});

export type GridSetInput = z.input<typeof gridSetInput>;
