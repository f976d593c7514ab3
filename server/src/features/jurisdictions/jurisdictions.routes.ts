import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { notFound } from '../../http/errors.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { buildTree } from './jurisdictions.domain.ts';
import { createJurisdictionsRepo } from './jurisdictions.repo.ts';

/** GET /api/jurisdictions (the tree) and /api/jurisdictions/:id (one node with its geometry). */
export function jurisdictionsRoutes(sql: Sql) {
  const repo = createJurisdictionsRepo(sql);
  return new Hono()
    .get('/', async (c) => c.json({ tree: buildTree(await repo.list()) }))
    .get('/:id', validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param');
      const node = await repo.byId(id);
      if (!node) throw notFound('jurisdiction_not_found', `No jurisdiction with id ${id}`);
      return c.json(node);
    });
}
