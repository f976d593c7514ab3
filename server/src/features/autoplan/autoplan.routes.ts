import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { requireCaller, type AuthEnv } from '../../http/auth.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { createAutoplanService } from './autoplan-plan.service.ts';
import { acceptBody, autoBody, proposalParam, rebalanceBody, replanBody } from './autoplan.schema.ts';

/** /api/plans/:id/{auto,rebalance,replan} proposals and accepting one of them. */
export function autoplanRoutes(sql: Sql, clock: () => Date) {
  const svc = createAutoplanService(sql, { clock });
  const who = (c: { get: (k: 'caller') => Parameters<typeof requireCaller>[0] }) => requireCaller(c.get('caller'));
  return new Hono<AuthEnv>()
    .post('/:id/auto', validate('param', idParam), validate('json', autoBody), async (c) =>
      c.json(await svc.auto(who(c), c.req.valid('param').id, c.req.valid('json')), 201))
    .post('/:id/rebalance', validate('param', idParam), validate('json', rebalanceBody), async (c) =>
      c.json(await svc.rebalance(who(c), c.req.valid('param').id, c.req.valid('json')), 201))
    .post('/:id/replan', validate('param', idParam), validate('json', replanBody), async (c) =>
      c.json(await svc.replan(who(c), c.req.valid('param').id, c.req.valid('json')), 201))
    .post('/:id/proposals/:proposalId/accept', validate('param', proposalParam), validate('json', acceptBody), async (c) => {
      const { id, proposalId } = c.req.valid('param');
      return c.json(await svc.accept(who(c), id, proposalId, c.req.valid('json')));
    });
}
