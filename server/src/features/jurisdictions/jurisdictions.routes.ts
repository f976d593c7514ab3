import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { notFound } from '../../http/errors.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { buildTree } from './jurisdictions.domain.ts';
import { createJurisdictionsRepo } from './jurisdictions.repo.ts';
import { clientIp, requireCaller, type AuthEnv } from '../../http/auth.ts';
import { suggestDivisions } from './divisions.repo.ts';
import { createJurisdictionBody, divisionsQuery } from './jurisdictions.schema.ts';
import { createJurisdictionsService } from './jurisdictions.service.ts';
import { planDate } from '../grids/grids.domain.ts';
import type { CallerInvalidation } from '../auth/caller-cache.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { coverageOf } from './jurisdiction-summary.domain.ts';
import { createJurisdictionSummaryRepo } from './jurisdiction-summary.repo.ts';

/**
 * GET /api/jurisdictions (the tree), /api/jurisdictions/:id (one node with its geometry),
 * /api/jurisdictions/:id/summary (its totals), /api/jurisdictions/divisions (official codes to
 * suggest) and POST /api/jurisdictions (add one).
 */
export function jurisdictionsRoutes(sql: Sql, clock: () => Date, callers?: CallerInvalidation) {
  const repo = createJurisdictionsRepo(sql);
  const service = createJurisdictionsService(sql, callers);
  const summaries = createJurisdictionSummaryRepo(sql);
  return new Hono<AuthEnv>()
    .get('/', async (c) => c.json({ tree: buildTree(await repo.list()) }))
    .get('/divisions', validate('query', divisionsQuery), (c) => {
      const { q, parentCode, level, limit } = c.req.valid('query');
      return c.json({ items: suggestDivisions(q, { parentCode, level, limit }) });
    })
    .post('/', validate('json', createJurisdictionBody), async (c) =>
      c.json(await service.create(requireCaller(c.get('caller')), clientIp(c), c.req.valid('json')), 201))
    .get('/:id/setup', validate('param', idParam), async (c) =>
      c.json(await service.setup(requireCaller(c.get('caller')), c.req.valid('param').id, planDate(clock()))))
    // a place's totals over the grids the caller's map grants cover; 404 where they cover none of it
    .get('/:id/summary', validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param');
      const scope = scopeFor(requireCaller(c.get('caller')).grants, 'map.view');
      const node = await summaries.node(id);
      const coverage = node ? coverageOf(scope, node.code) : 'none';
      if (!node || coverage === 'none') throw notFound('jurisdiction_not_found', `No jurisdiction with id ${id} in your scope`);
      return c.json({ jurisdiction: node, coverage, totals: await summaries.totals(node.code, scope, planDate(clock())) });
    })
    .get('/:id', validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param');
      const node = await repo.byId(id);
      if (!node) throw notFound('jurisdiction_not_found', `No jurisdiction with id ${id}`);
      return c.json(node);
    });
}
