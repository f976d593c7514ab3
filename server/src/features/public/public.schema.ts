import { z } from 'zod';
import { numberParam } from '../../http/params.ts';
import { listFilters, reportBody } from '../incidents/incidents.schema.ts';
import { MAX_QUERY_CHARS, queryLength, searchTokens } from '../search/search.domain.ts';

const int = (name: string, min: number, max: number, dflt: number) =>
  z.string().regex(/^\d{1,7}$/, `${name} must be a whole number`).transform(Number)
    .pipe(z.number().min(min, `${name} must be ≥ ${min}`).max(max, `${name} must be ≤ ${max}`)).default(dflt);

/** GET /api/public/incidents: closed cases by report period, category and place. */
export const publicListQuery = z.object({
  from: listFilters.from,
  to: listFilters.to,
  category: listFilters.category,
  jurisdiction: listFilters.jurisdiction,
  limit: int('limit', 1, 200, 50),
  offset: int('offset', 0, 100_000, 0),
});
export type PublicListQuery = z.infer<typeof publicListQuery>;

/** A follow link's token: any text (a malformed one is simply not found, like an unknown one). */
export const trackParam = z.object({ token: z.string() });

/** POST /api/public/track/:token/rating */
export const ratingBody = z.object({
  rating: z.number({ error: 'rating must be a whole number from 1 to 5' }).int('rating must be a whole number').min(1, 'rating must be ≥ 1').max(5, 'rating must be ≤ 5'),
  comment: z.string().trim().max(1000, 'comment is at most 1000 characters').optional(),
}).strict();
export type RatingBody = z.infer<typeof ratingBody>;

/** POST /api/public/reports: a resident without an account reports a problem at a place (the place and words as a signed-in report's). */
export const publicReportBody = reportBody.pick({ categoryCode: true, lon: true, lat: true, crs: true, description: true }).extend({
  /** Kept private: masked to the case's handlers, never shown in public. */
  name: reportBody.shape.reporterName,
  phone: reportBody.shape.reporterPhone,
}).strict();
export type PublicReportBody = z.infer<typeof publicReportBody>;

/** GET /api/public/my-grid: a point (lon and lat, as the device gives it) or an address to look for (q). */
export const myGridQuery = z.object({
  lon: numberParam('lon', -180, 180).optional(),
  lat: numberParam('lat', -90, 90).optional(),
  crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
  q: z.string().max(4 * MAX_QUERY_CHARS, `q is at most ${MAX_QUERY_CHARS} characters`)
    .refine((q) => queryLength(q) <= MAX_QUERY_CHARS, `q is at most ${MAX_QUERY_CHARS} characters`)
    .transform((q) => searchTokens(q))
    .refine((tokens) => tokens.length > 0, 'q must name a place, an address or a building').optional(),
}).superRefine((v, ctx) => {
  const point = v.lon !== undefined || v.lat !== undefined;
  if (point && (v.lon === undefined || v.lat === undefined)) {
    ctx.addIssue({ code: 'custom', path: [v.lon === undefined ? 'lon' : 'lat'], message: 'lon and lat go together' });
  } else if (point === (v.q !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['q'], message: 'give either lon and lat, or q' });
  }
});
