import { z } from 'zod';
import { isDate } from './coverage.domain.ts';

/** A county (6 digits), street office (9) or community (12) code. */
const jurisdiction = z.string({ error: 'jurisdiction is required' })
  .regex(/^\d{6}(\d{3}){0,2}$/, { message: 'jurisdiction must be a 6-, 9- or 12-digit jurisdiction code' });

/** GET /api/coverage?jurisdiction=&date=: a day (Asia/Shanghai, default today) of a place. */
export const coverageQuery = z.object({
  jurisdiction,
  date: z.string().refine(isDate, { message: 'date must be a calendar date written YYYY-MM-DD' }).optional(),
});

/** GET /api/coverage/gaps?jurisdiction=&days=: what nobody visited in the last `days` days (default 7). */
export const gapsQuery = z.object({
  jurisdiction,
  days: z.coerce.number({ error: 'days must be a whole number from 1 to 365' }).int({ message: 'days must be a whole number from 1 to 365' })
    .min(1, { message: 'days must be a whole number from 1 to 365' }).max(365, { message: 'days must be a whole number from 1 to 365' }).default(7),
});
