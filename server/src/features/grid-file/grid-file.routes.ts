import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { requireCaller, type AuthEnv } from '../../http/auth.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { gridParam } from './grid-file.schema.ts';
import { createGridFileService } from './grid-file.service.ts';

/** GET /api/plans/:id/four-boundaries (四至 of every grid in the caller's scope) and GET /api/plans/:id/grids/:code/file. */
export function gridFileRoutes(sql: Sql) {
  const service = createGridFileService(sql);
  return new Hono<AuthEnv>()
    .get('/:id/four-boundaries', validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param');
      return c.json({ planId: id, grids: await service.fourBoundaries(requireCaller(c.get('caller')), id) });
    })
    .get('/:id/grids/:code/file', validate('param', gridParam), async (c) => {
      const { id, code } = c.req.valid('param');
      return c.json(await service.file(requireCaller(c.get('caller')), id, code));
    });
}
