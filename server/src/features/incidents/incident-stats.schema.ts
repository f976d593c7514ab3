import { z } from 'zod';
import { STATS_LEVELS } from './incident-stats.domain.ts';
import { listFilters, SORTS } from './incidents.schema.ts';

/** GET /api/incidents/stats?jurisdiction=&from=&to=&level=: the period (default the last 30 days) within the caller's scope. */
export const statsQuery = z.object({
  jurisdiction: listFilters.jurisdiction,
  from: listFilters.from,
  to: listFilters.to,
  level: z.enum(STATS_LEVELS, { error: `level must be one of ${STATS_LEVELS.join(', ')}` }).optional(),
});
export type StatsQueryParams = z.infer<typeof statsQuery>;

/** GET /api/incidents/export: the list's filters and order, as an Excel workbook or CSV. */
export const exportQuery = z.object({
  ...listFilters,
  sort: z.enum(SORTS).default('reported_desc'),
  format: z.enum(['xlsx', 'csv'], { error: 'format must be xlsx or csv' }).default('xlsx'),
});
export type ExportQuery = z.infer<typeof exportQuery>;
