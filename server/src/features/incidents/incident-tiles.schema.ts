import { z } from 'zod';
import { listFilters } from './incidents.schema.ts';

/** GET /tiles/incidents/:z/:x/:y.mvt?from=&to=&category=&status=: the window (default the last 30 days) and the list's filters. */
export const heatQuery = z.object({
  from: listFilters.from,
  to: listFilters.to,
  category: listFilters.category,
  status: listFilters.status,
});
export type HeatQuery = z.infer<typeof heatQuery>;
