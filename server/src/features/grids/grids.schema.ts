import { z } from 'zod';
import { numberParam } from '../../http/params.ts';

/** GET /api/grids/at: a WGS-84 point. */
export const gridAtQuery = z.object({
  lon: numberParam('lon', -180, 180),
  lat: numberParam('lat', -90, 90),
});
