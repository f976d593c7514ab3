import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { requireCaller, type AuthEnv } from '../../http/auth.ts';
import { validate } from '../../http/validate.ts';
import { routeQuery } from './patrol-route.schema.ts';
import { createPatrolRouteService } from './patrol-route.service.ts';

/** GET /api/patrols/route: today's suggested patrol route of the caller, or of a worker in their patrols.view scope. */
export function patrolRouteRoutes(sql: Sql, clock: () => Date) {
  const service = createPatrolRouteService(sql);
  return new Hono<AuthEnv>()
    .get('/route', validate('query', routeQuery), async (c) => {
      const q = c.req.valid('query');
      return c.json(await service.suggest(requireCaller(c.get('caller')), q, clock()));
    });
}
