import { z } from 'zod';
import { isCalendarDate } from '../incidents/incident-admin.domain.ts';

/** GET /api/patrols/route: the day (default today in Beijing) and the worker (default the caller). */
export const routeQuery = z.object({
  date: z.string().refine(isCalendarDate, 'date must be a real date YYYY-MM-DD within 1949–2200').optional(),
  user: z.string().regex(/^[1-9]\d{0,15}$/, 'user must be a positive integer').transform(Number).optional(),
}).strict();
