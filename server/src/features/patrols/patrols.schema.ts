import { z } from 'zod';
import { numberParam } from '../../http/params.ts';

const isoTime = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s), 'must be an ISO 8601 time');
const optNumber = (min: number, max: number) => z.number().finite().min(min).max(max).optional();

/** At most this many fixes per request of the web app (it uploads its buffer in batches). */
export const MAX_WEB_FIXES = 1000;

export const webFixesBody = z.object({
  fixes: z.array(z.object({
    at: isoTime,
    lon: z.number().finite().min(-180).max(180),
    lat: z.number().finite().min(-90).max(90),
    accuracy: optNumber(0, 100_000),
    speed: optNumber(0, 1000),
    heading: optNumber(0, 360),
    altitude: optNumber(-1000, 20_000),
  }).strict()).min(1).max(MAX_WEB_FIXES),
  crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
}).strict();

export const stopBody = z.object({ at: isoTime.optional() }).strict();

const id = z.string().regex(/^[1-9]\d{0,15}$/, 'must be a positive integer').transform(Number);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'must be a date or an ISO 8601 time').refine((s) => !Number.isNaN(Date.parse(s)), 'must be a real date').transform((s) => new Date(s));

export const listQuery = z.object({
  user: id.optional(),
  from: day.optional(),
  to: day.optional(),
  grid: z.string().regex(/^\d{14,15}$/, 'must be a grid code').optional(),
}).strict();

export const positionsQuery = z.object({ minutes: numberParam('minutes', 1, 7 * 24 * 60).optional() }).strict();

export const importQuery = z.object({ userId: id }).strict();

/** The live stream takes no parameters. */
export const liveQuery = z.object({}).strict();

export const deviceBody = z.object({
  userId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  protocol: z.enum(['osmand', 'owntracks']),
  identifier: z.string().regex(/^[A-Za-z0-9_.:@-]{1,64}$/, 'letters, digits and _ . : @ - only, at most 64'),
  label: z.string().trim().min(1).max(100).optional(),
}).strict().refine((d) => d.protocol !== 'owntracks' || !d.identifier.includes(':'), {
  path: ['identifier'], message: 'an OwnTracks identifier is its Basic-auth user name, which cannot hold ":"',
});
