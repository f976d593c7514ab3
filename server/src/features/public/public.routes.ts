import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { clientIp, type AuthEnv } from '../../http/auth.ts';
import { validate } from '../../http/validate.ts';
import { createFailureLimiter } from '../auth/auth.domain.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import { retryLater } from '../auth/auth.service.ts';
import type { IncidentBus } from '../incidents/incident-bus.ts';
import { createIncidentsService } from '../incidents/incidents.service.ts';
import { CELL_METRES, presentClosedCase, REPORT_WINDOW_MS, REPORTS_PER_ADDRESS, trackPath } from './public.domain.ts';
import { myGridQuery, publicListQuery, publicReportBody, ratingBody, trackParam } from './public.schema.ts';
import { createPublicService } from './public.service.ts';

/**
 * /api/public: what anyone may see and do without an account. 公示 of finished cases (coarse places,
 * no personal data), a reporter's follow link and rating, a resident's report, and 我的网格.
 */
export function publicRoutes(sql: Sql, audit: AuthRepo['audit'], clock: () => Date, bus: IncidentBus) {
  const service = createPublicService(sql, { clock, bus });
  const incidents = createIncidentsService(sql, { clock, bus });
  // per process, like sign-in's: a resident files one or two reports, a script filing hundreds is stopped
  const reportsPerAddress = createFailureLimiter(REPORTS_PER_ADDRESS, REPORT_WINDOW_MS);
  return new Hono<AuthEnv>()
    .get('/incidents', validate('query', publicListQuery), async (c) => {
      const f = c.req.valid('query');
      const page = await service.repo.closed(f);
      c.header('Cache-Control', 'public, max-age=60');
      return c.json({ items: page.items.map(presentClosedCase), total: page.total, limit: f.limit, offset: f.offset, cellMetres: CELL_METRES });
    })
    .get('/track/:token', validate('param', trackParam), async (c) => c.json(await service.track(c.req.valid('param').token)))
    .post('/track/:token/rating', validate('param', trackParam), validate('json', ratingBody), async (c) =>
      c.json(await service.rate(c.req.valid('param').token, c.req.valid('json'))))
    .post('/reports', validate('json', publicReportBody), async (c) => {
      const ip = clientIp(c);
      const slot = reportsPerAddress.acquire(ip ?? 'unknown', clock().getTime());
      if (!slot.ok) throw retryLater('too_many_reports', 'Too many reports from this address; try again later', slot.retryAfterS);
      let filed: Awaited<ReturnType<typeof incidents.reportByResident>>;
      try {
        filed = await incidents.reportByResident(c.req.valid('json'));
      } catch (err) {
        // a refused report (outside every community, unknown category) costs the address nothing
        slot.release();
        throw err;
      }
      await audit({ userId: null, action: 'incident.report', entity: 'incident', entityId: filed.record.id, ip });
      return c.json({ id: filed.record.id, token: filed.token, trackUrl: trackPath(filed.token) }, 201);
    })
    .get('/my-grid', validate('query', myGridQuery), async (c) => c.json(await service.myGrid(c.req.valid('query'))));
}
