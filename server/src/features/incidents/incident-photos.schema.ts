import { z } from 'zod';

const file = z.instanceof(File, { message: 'photo must be a file' });

/** POST /api/incidents/:id/photos: multipart/form-data, one or more files in the field `photo` (their count and sizes are checked by the service). */
export const photoForm = z.object({
  photo: z.union([file, z.array(file)]).transform((v) => (Array.isArray(v) ? v : [v])),
}).strict();

/** GET /api/incidents/:id/photos/:photoId[/thumb] */
export const photoParam = z.object({
  id: z.string().regex(/^[1-9]\d{0,15}$/, 'id must be a positive integer').transform(Number),
  photoId: z.string().regex(/^[1-9]\d{0,15}$/, 'photoId must be a positive integer').transform(Number),
});
