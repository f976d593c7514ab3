import { z } from 'zod';
import { EXCHANGE_FORMATS } from './plan-exchange.domain.ts';

/** GET /api/plans/:id/export?format= */
export const exportQuery = z.object({ format: z.enum(EXCHANGE_FORMATS).default('geojson') });

/** POST /api/plans/:id/import?format=&version= (the file is the body). */
export const importPlanQuery = z.object({
  format: z.enum(EXCHANGE_FORMATS, { error: 'format must be geojson, shapefile, kml or csv' }),
  version: z.string({ error: 'version (the plan version you saw) is required' }).regex(/^[1-9]\d{0,8}$/, 'version must be a positive integer').transform(Number),
});
