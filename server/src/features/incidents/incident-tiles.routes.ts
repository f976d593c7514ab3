import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { requireCaller, type AuthEnv } from '../../http/auth.ts';
import { badRequest } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';
import { tileCoordProblem } from '../tiles/tiles.domain.ts';
import { tileCoordParams } from '../tiles/tiles.schema.ts';
import type { IncidentBus } from './incident-bus.ts';
import { periodOf } from './incident-stats.domain.ts';
import { carriesCells } from './incident-tiles.domain.ts';
import { createIncidentTilesRepo } from './incident-tiles.repo.ts';
import { heatQuery } from './incident-tiles.schema.ts';
import { createIncidentsService } from './incidents.service.ts';

const MVT = 'application/vnd.mapbox-vector-tile';

/**
 * GET /tiles/incidents/:z/:x/:y.mvt: the heatmap of the cases the caller may see (the list's scope), over a
 * window (default the last 30 days): cells up to z14, cases above. Signed in only, and never through the
 * shared tile cache nor a shared HTTP cache: two callers with different scopes get different tiles.
 */
export function incidentTilesRoutes(sql: Sql, clock: () => Date, bus: IncidentBus) {
  const repo = createIncidentTilesRepo(sql);
  const service = createIncidentsService(sql, { clock, bus });
  return new Hono<AuthEnv>().get('/:z/:x/:y', validate('param', tileCoordParams), validate('query', heatQuery), async (c) => {
    const caller = requireCaller(c.get('caller'));
    const t = c.req.valid('param');
    const problem = tileCoordProblem(t);
    if (problem) throw badRequest('invalid_tile', problem);
    const q = c.req.valid('query');
    const now = clock();
    const window = periodOf(now, q.from, q.to);
    if ('problem' in window) throw badRequest('invalid_request', `to: ${window.problem}`, [{ field: 'to', message: window.problem }]);
    const scope = await service.scopeOf(caller);
    const filter = { ...window, category: q.category, status: q.status };
    const mvt = carriesCells(t.z) ? await repo.cells(t, scope, filter) : await repo.points(t, scope, filter, now);
    c.header('Cache-Control', 'private, no-store');
    if (mvt.length === 0) return c.body(null, 204);
    return c.body(mvt as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': MVT });
  });
}
