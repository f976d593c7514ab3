import { Hono, type Context } from 'hono';
import type { Sql } from 'postgres';
import { requireCaller, type AuthEnv } from '../../http/auth.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { uploadLimit } from '../imports/imports.routes.ts';
import type { IncidentBus } from './incident-bus.ts';
import { requestLimit } from './incident-photos.domain.ts';
import { photoForm, photoParam } from './incident-photos.schema.ts';
import { createIncidentPhotosService, presentPhoto, type PhotoSettings } from './incident-photos.service.ts';
import { createIncidentsService } from './incidents.service.ts';

/**
 * POST /api/incidents/:id/photos (multipart, field `photo`), GET /api/incidents/:id/photos/:photoId
 * and …/thumb: for whoever may see the case (404 otherwise). The upload route has its own body limit
 * (app.ts's UPLOAD_ROUTE skips the 1 MiB one): six files at the per-file limit.
 */
export function incidentPhotosRoutes(sql: Sql, clock: () => Date, bus: IncidentBus, settings: PhotoSettings = {}) {
  const service = createIncidentPhotosService(sql, { incidents: createIncidentsService(sql, { clock, bus }), clock, settings });
  const serve = async (c: Context<AuthEnv>, ids: { id: number; photoId: number }, thumb: boolean) => {
    const data = await service.file(requireCaller(c.get('caller')), ids.id, ids.photoId, thumb);
    return c.body(new Uint8Array(data), 200, {
      'Content-Type': 'image/jpeg', 'Content-Length': String(data.length), 'Cache-Control': 'private, max-age=3600', 'Content-Disposition': 'inline',
    });
  };
  return new Hono<AuthEnv>()
    .post('/:id/photos', uploadLimit(requestLimit(service.maxBytes)), validate('param', idParam), async (c, next) => {
      // outside the case's scope: 404 before the files are parsed
      await service.visible(requireCaller(c.get('caller')), c.req.valid('param').id);
      await next();
    }, validate('form', photoForm), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const photos = await service.upload(caller, c.req.valid('param').id, c.req.valid('form').photo);
      return c.json({ photos: photos.map(presentPhoto) }, 201);
    })
    .get('/:id/photos/:photoId', validate('param', photoParam), (c) => serve(c, c.req.valid('param'), false))
    .get('/:id/photos/:photoId/thumb', validate('param', photoParam), (c) => serve(c, c.req.valid('param'), true));
}
