import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { requireCaller, type AuthEnv } from '../../http/auth.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { diffQuery } from './plan-diff.schema.ts';
import { createPlanDiffService } from './plan-diff.service.ts';

/** GET /api/plans/:id/diff?against=<planId>. */
export function planDiffRoutes(sql: Sql, clock: () => Date) {
  const service = createPlanDiffService(sql, { clock });
  return new Hono<AuthEnv>()
    .get('/:id/diff', validate('param', idParam), validate('query', diffQuery), async (c) => {
      const { id } = c.req.valid('param');
      const { against } = c.req.valid('query');
      return c.json(await service.diff(requireCaller(c.get('caller')), id, against));
    });
}
