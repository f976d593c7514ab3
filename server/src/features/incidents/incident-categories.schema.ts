import { z } from 'zod';

/** GET /api/incident-categories: optionally one kind, optionally only active (or only inactive) categories. */
export const categoriesQuery = z.object({
  kind: z.enum(['event', 'grid', 'local']).optional(),
  active: z.enum(['true', 'false'], { error: 'active must be true or false' }).transform((v) => v === 'true').optional(),
});

/** GET /api/incident-categories/:code: a class (2 digits) or a minor class (4 digits). */
export const categoryCodeParam = z.object({
  code: z.string().regex(/^\d{2}(\d{2})?$/, 'code must have 2 (class) or 4 (minor class) digits'),
});
