import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { clientIp, requireCaller, type AuthEnv } from '../../http/auth.ts';
import { badRequest } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import { gapsXlsx } from './coverage-export.service.ts';
import { dayOf } from './coverage.domain.ts';
import { coverageQuery, gapsQuery } from './coverage.schema.ts';
import { createCoverageService } from './coverage.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /api/coverage (a day per grid), /api/coverage/gaps and its Excel export: patrols.view, scoped in the service. */
export function coverageRoutes(sql: Sql, audit: AuthRepo['audit'], clock: () => Date) {
  const coverage = createCoverageService(sql);
  return new Hono<AuthEnv>()
    .get('/', validate('query', coverageQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const q = c.req.valid('query');
      const now = clock();
      const day = q.date ?? dayOf(now);
      if (day > dayOf(now)) throw badRequest('date_in_future', `date: ${day} has not begun in Beijing time`, [{ field: 'date', message: 'is in the future' }]);
      return c.json(await coverage.day(caller, q.jurisdiction, day, now));
    })
    .get('/gaps', validate('query', gapsQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const q = c.req.valid('query');
      return c.json(await coverage.gaps(caller, q.jurisdiction, q.days, clock()));
    })
    .get('/gaps/export', validate('query', gapsQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const q = c.req.valid('query');
      const gaps = await coverage.gaps(caller, q.jurisdiction, q.days, clock());
      // workers' names and their patrol record leave the server in bulk: who took which place is recorded
      const count = gaps.grids.length + gaps.buildings.items.length + gaps.streets.items.length + gaps.workers.length;
      await audit({ userId: caller.userId, action: 'patrol.coverage_export', entity: 'jurisdiction', ip: clientIp(c),
        details: { format: 'xlsx', jurisdiction: q.jurisdiction, count } });
      return c.body(gapsXlsx(gaps), 200, {
        'Content-Type': XLSX, 'Cache-Control': 'no-store',
        'Content-Disposition': `attachment; filename="coverage-gaps-${q.jurisdiction}-${gaps.asOf}.xlsx"`,
      });
    });
}
