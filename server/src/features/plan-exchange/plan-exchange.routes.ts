import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { requireCaller, type AuthEnv } from '../../http/auth.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { IMPORT_MAX_BODY, uploadLimit } from '../imports/imports.routes.ts';
import { createPlansService } from '../plans/plans.service.ts';
import { createPlanExchangeService } from './plan-exchange.service.ts';
import { exportQuery, importPlanQuery } from './plan-exchange.schema.ts';

/** GET /api/plans/:id/export?format=, POST /api/plans/:id/import?format=&version= (file as the body). */
export function planExchangeRoutes(sql: Sql, clock: () => Date) {
  const service = createPlanExchangeService(sql, createPlansService(sql, { clock }), clock);
  return new Hono<AuthEnv>()
    .get('/:id/export', validate('param', idParam), validate('query', exportQuery), async (c) => {
      const file = await service.exportPlan(requireCaller(c.get('caller')), c.req.valid('param').id, c.req.valid('query').format);
      return c.body(typeof file.body === 'string' ? file.body : (file.body as Uint8Array<ArrayBuffer>), 200, {
        'Content-Type': file.contentType, 'Content-Disposition': file.disposition, 'Cache-Control': 'no-store',
      });
    })
    .post('/:id/import', uploadLimit(IMPORT_MAX_BODY), validate('param', idParam), validate('query', importPlanQuery), async (c) => {
      const { format, version } = c.req.valid('query');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const result = await service.importPlan(requireCaller(c.get('caller')), c.req.valid('param').id, { format, version, bytes });
      return c.json(result);
    });
}
