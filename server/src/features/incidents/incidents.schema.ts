import { z } from 'zod';
import { versionField } from '../../http/params.ts';
import { LIMIT_UNITS } from './deadline.domain.ts';
import { ASSIGNEE_KINDS, INCIDENT_ACTIONS, INCIDENT_STATUSES } from './incidents.vocabulary.ts';

/** Where a report comes from (排查上报, 居民, 12345 热线, 视频, 上级交办, Open311 clients). */
export const INCIDENT_SOURCES = ['patrol', 'resident', 'hotline', 'video', 'assigned', 'open311'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

const int = (name: string, min: number, max: number, dflt?: number) => {
  const s = z.string().regex(/^\d{1,7}$/, `${name} must be a whole number`).transform(Number)
    .pipe(z.number().min(min, `${name} must be ≥ ${min}`).max(max, `${name} must be ≤ ${max}`));
  return dflt === undefined ? s.optional() : s.default(dflt);
};

const lon = z.number({ error: 'lon must be a number' }).min(-180, 'lon must be ≥ -180').max(180, 'lon must be ≤ 180');
const lat = z.number({ error: 'lat must be a number' }).min(-90, 'lat must be ≥ -90').max(90, 'lat must be ≤ 90');
const phone = z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, 'phone must be 5–20 digits');

/** POST /api/incidents: a report at a place; GCJ-02/BD-09 coordinates are converted at the edge. */
export const reportBody = z.object({
  categoryCode: z.string().regex(/^\d{4}$/, 'categoryCode must be a 4-digit minor class code'),
  lon,
  lat,
  crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
  description: z.string().trim().min(1, 'description is required').max(2000, 'description is at most 2000 characters'),
  source: z.enum(INCIDENT_SOURCES).default('patrol'),
  address: z.string().trim().max(200, 'address is at most 200 characters').optional(),
  /** A resident reporting through a worker (hotline, in person): kept private, masked to handlers. */
  reporterName: z.string().trim().min(1).max(50).optional(),
  reporterPhone: phone.optional(),
  anonymous: z.boolean().default(false),
  /** Report even though open duplicates were found nearby (the client showed them first). */
  acknowledgeDuplicates: z.boolean().default(false),
}).strict();
export type ReportBody = z.infer<typeof reportBody>;

const isoInstant = (name: string) => z.string().refine((v) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), `${name} must be a date or an ISO 8601 time`)
  .transform((v) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+08:00` : v));

const code = (name: string) => z.string().regex(/^\d{6,15}$/, `${name} must be a jurisdiction or grid code`);

/** The list's filters (GET /api/incidents, its export and its totals). */
export const listFilters = {
  status: z.string().max(200).transform((v) => v.split(',').filter(Boolean)).pipe(z.array(z.enum(INCIDENT_STATUSES, { error: 'status must be incident statuses separated by commas' })).max(INCIDENT_STATUSES.length)).optional(),
  category: z.string().regex(/^\d{2}(\d{2})?$/, 'category must be a 2- or 4-digit category code').optional(),
  grid: z.string().regex(/^\d{14,15}$/, 'grid must be a 14- or 15-digit grid code').optional(),
  jurisdiction: code('jurisdiction').optional(),
  source: z.enum(INCIDENT_SOURCES).optional(),
  from: isoInstant('from').optional(),
  to: isoInstant('to').optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: z.string().trim().max(50, 'q is at most 50 characters').optional(),
};

export const SORTS = ['reported_desc', 'reported_asc', 'due_asc', 'updated_desc'] as const;

/** GET /api/incidents */
export const listQuery = z.object({
  ...listFilters,
  sort: z.enum(SORTS).default('reported_desc'),
  limit: int('limit', 1, 200, 50),
  offset: int('offset', 0, 1_000_000, 0),
});
export type ListQuery = z.infer<typeof listQuery>;

/** POST /api/incidents/:id/transitions */
export const transitionBody = z.object({
  action: z.enum(INCIDENT_ACTIONS, { error: `action must be one of ${INCIDENT_ACTIONS.join(', ')}` }),
  version: versionField,
  note: z.string().trim().max(4000, 'note is at most 4000 characters').optional(),
  attachments: z.array(z.string().regex(/^\d{1,16}$/, 'attachments are photo ids')).max(20).optional(),
  assignee: z.object({ kind: z.enum(ASSIGNEE_KINDS), unitId: z.string().trim().min(1).max(20) }).strict().optional(),
  extra: z.object({ amount: z.number().positive().max(3650), unit: z.enum(LIMIT_UNITS) }).strict().optional(),
  until: isoInstant('until').optional(),
  rating: z.number().int().min(1).max(5).optional(),
}).strict();
export type TransitionBody = z.infer<typeof transitionBody>;

/** GET /api/incidents/duplicates: open cases of a category near a point, while reporting. */
export const duplicatesQuery = z.object({
  categoryCode: z.string().regex(/^\d{4}$/, 'categoryCode must be a 4-digit minor class code'),
  lon: z.string().transform(Number).pipe(lon),
  lat: z.string().transform(Number).pipe(lat),
  crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
});

/** POST /api/incidents/:id/merge: this case duplicates `into`; its reporters follow that one from now on. */
export const mergeBody = z.object({
  into: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  version: versionField,
  note: z.string().trim().max(4000).optional(),
}).strict();
