import { z } from 'zod';

const int = (name: string) => z.string().regex(/^\d{1,8}$/, `${name} must be a non-negative integer`).transform(Number);

/** /tiles/:layer/:z/:x/:y.mvt coordinates; the pyramid bounds are checked by tileCoordProblem. */
export const tileCoordParams = z.object({
  z: int('z'),
  x: int('x'),
  y: z.string().regex(/^\d{1,8}\.mvt$/, 'y must be a non-negative integer followed by .mvt').transform((s) => Number(s.slice(0, -4))),
});
