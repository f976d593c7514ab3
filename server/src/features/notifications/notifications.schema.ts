import { z } from 'zod';

const int = (name: string, min: number, max: number, dflt: number) =>
  z.string().regex(/^\d{1,7}$/, `${name} must be a whole number`).transform(Number)
    .pipe(z.number().min(min, `${name} must be ≥ ${min}`).max(max, `${name} must be ≤ ${max}`)).default(dflt);

/** GET /api/notifications: all, or only the unread (true) or read (false) ones, newest first. */
export const listQuery = z.object({
  unread: z.enum(['true', 'false'], { error: 'unread must be true or false' }).transform((v) => v === 'true').optional(),
  limit: int('limit', 1, 100, 20),
  offset: int('offset', 0, 100_000, 0),
}).strict();

/** GET /api/notifications/stream takes nothing: a stray parameter is a mistake, not a variant of the stream. */
export const streamQuery = z.object({}).strict();
