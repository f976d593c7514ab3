import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { requireCaller, type AuthEnv } from '../../http/auth.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { createPlanOpsService } from './plan-ops.service.ts';
import {
  approveBody, codeParam, commentBody, createPlanBody, drawBody, listPlansQuery, mergeBody, opParam, patchGridBody,
  publishBody, reassignBody, rejectBody, reshapeBody, splitBody, submitBody, versionBody,
} from './plans.schema.ts';
import { createPlansService } from './plans.service.ts';
import { createReassignService } from './plan-reassign.service.ts';

/** /api/plans: drafts, reading with validation, edits (each one logged operation), undo/redo and the review workflow. */
export function plansRoutes(sql: Sql, clock: () => Date) {
  const plans = createPlansService(sql, { clock });
  const ops = createPlanOpsService(sql);
  const reassign = createReassignService(sql);
  const who = (c: { get: (k: 'caller') => Parameters<typeof requireCaller>[0] }) => requireCaller(c.get('caller'));
  return new Hono<AuthEnv>()
    .get('/', validate('query', listPlansQuery), async (c) => c.json({ plans: await plans.list(who(c), c.req.valid('query')) }))
    .post('/', validate('json', createPlanBody), async (c) => c.json(await plans.create(who(c), c.req.valid('json')), 201))
    .get('/:id', validate('param', idParam), async (c) => c.json(await plans.get(who(c), c.req.valid('param').id)))
    .delete('/:id', validate('param', idParam), validate('json', versionBody), async (c) => {
      await plans.remove(who(c), c.req.valid('param').id, c.req.valid('json').version);
      return c.body(null, 204);
    })
    .get('/:id/validation', validate('param', idParam), async (c) => c.json(await plans.validate(who(c), c.req.valid('param').id)))
    .get('/:id/operations', validate('param', idParam), async (c) => c.json({ operations: await plans.operations(who(c), c.req.valid('param').id) }))
    .get('/:id/comments', validate('param', idParam), async (c) => c.json({ comments: await plans.comments(who(c), c.req.valid('param').id) }))
    .post('/:id/comments', validate('param', idParam), validate('json', commentBody), async (c) =>
      c.json({ comments: await plans.comment(who(c), c.req.valid('param').id, c.req.valid('json')) }, 201))
    .post('/:id/grids', validate('param', idParam), validate('json', drawBody), async (c) =>
      c.json(await ops.draw(who(c), c.req.valid('param').id, c.req.valid('json')), 201))
    .put('/:id/grids/:code/geometry', validate('param', codeParam), validate('json', reshapeBody), async (c) => {
      const { id, code } = c.req.valid('param');
      return c.json(await ops.reshape(who(c), id, code, c.req.valid('json')));
    })
    .post('/:id/grids/:code/split', validate('param', codeParam), validate('json', splitBody), async (c) => {
      const { id, code } = c.req.valid('param');
      return c.json(await ops.split(who(c), id, code, c.req.valid('json')));
    })
    .patch('/:id/grids/:code', validate('param', codeParam), validate('json', patchGridBody), async (c) => {
      const { id, code } = c.req.valid('param');
      return c.json(await ops.patch(who(c), id, code, c.req.valid('json')));
    })
    .delete('/:id/grids/:code', validate('param', codeParam), validate('json', versionBody), async (c) => {
      const { id, code } = c.req.valid('param');
      return c.json(await ops.remove(who(c), id, code, c.req.valid('json')));
    })
    .post('/:id/merge', validate('param', idParam), validate('json', mergeBody), async (c) =>
      c.json(await ops.merge(who(c), c.req.valid('param').id, c.req.valid('json'))))
    .post('/:id/reassign', validate('param', idParam), validate('json', reassignBody), async (c) =>
      c.json(await reassign.reassign(who(c), c.req.valid('param').id, c.req.valid('json'))))
    .post('/:id/operations/:opId/revert', validate('param', opParam), validate('json', versionBody), async (c) => {
      const { id, opId } = c.req.valid('param');
      return c.json(await ops.revert(who(c), id, opId, c.req.valid('json')));
    })
    .post('/:id/submit', validate('param', idParam), validate('json', submitBody), async (c) =>
      c.json({ version: await plans.submit(who(c), c.req.valid('param').id, c.req.valid('json')) }))
    .post('/:id/approve', validate('param', idParam), validate('json', approveBody), async (c) =>
      c.json({ version: await plans.approve(who(c), c.req.valid('param').id, c.req.valid('json')) }))
    .post('/:id/reject', validate('param', idParam), validate('json', rejectBody), async (c) =>
      c.json({ version: await plans.reject(who(c), c.req.valid('param').id, c.req.valid('json')) }))
    .post('/:id/publish', validate('param', idParam), validate('json', publishBody), async (c) =>
      c.json({ version: await plans.publish(who(c), c.req.valid('param').id, c.req.valid('json')) }));
}
