import { z } from 'zod';

/** GET /api/plans/:id/diff?against= (optional: the base plan or the plan in force). */
export const diffQuery = z.object({
  against: z.string().regex(/^[1-9]\d{0,15}$/, 'against must be a plan id').transform(Number).optional(),
});
