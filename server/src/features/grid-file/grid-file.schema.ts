import { z } from 'zod';
import { idParam } from '../../http/params.ts';

/** A grid of a plan by its standard code. */
export const gridParam = idParam.extend({
  code: z.string().regex(/^\d{14,15}$/, 'code must be a 14- or 15-digit grid code'),
});
