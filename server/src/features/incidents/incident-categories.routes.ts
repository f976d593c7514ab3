import { Hono } from 'hono';
import type { Sql } from 'postgres';
import type { AuthEnv } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';
import { createIncidentCategoriesRepo } from './incident-categories.repo.ts';
import { categoriesQuery, categoryCodeParam } from './incident-categories.schema.ts';

/** GET /api/incident-categories (classes each followed by their minor classes) and /api/incident-categories/:code. */
export function incidentCategoriesRoutes(sql: Sql) {
  const repo = createIncidentCategoriesRepo(sql);
  return new Hono<AuthEnv>()
    .get('/', validate('query', categoriesQuery), async (c) => c.json({ items: await repo.list(c.req.valid('query')) }))
    .get('/:code', validate('param', categoryCodeParam), async (c) => {
      const { code } = c.req.valid('param');
      const item = await repo.byCode(code);
      if (!item) throw notFound('category_not_found', `No incident category with code ${code}`);
      return c.json(item);
    });
}
