import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { clientIp, requireCaller, type AuthEnv } from '../../http/auth.ts';
import { badRequest } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import type { IncidentBus } from './incident-bus.ts';
import { incidentsCsv, incidentsXlsx } from './incident-export.service.ts';
import { periodOf } from './incident-stats.domain.ts';
import { exportQuery, statsQuery } from './incident-stats.schema.ts';
import { createIncidentStatsService } from './incident-stats.service.ts';
import { createIncidentsService } from './incidents.service.ts';

/** Beyond this many cases an export is refused: a year of a street office at 1M cases a year is far more. */
export const EXPORT_MAX = 20_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /api/incidents/stats (indicators of a period by level) and GET /api/incidents/export (the list as a file); both in the caller's scope. */
export function incidentStatsRoutes(sql: Sql, audit: AuthRepo['audit'], clock: () => Date, bus: IncidentBus) {
  const stats = createIncidentStatsService(sql);
  const incidents = createIncidentsService(sql, { clock, bus });
  return new Hono<AuthEnv>()
    .get('/stats', validate('query', statsQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const q = c.req.valid('query');
      const now = clock();
      const period = periodOf(now, q.from, q.to);
      if ('problem' in period) throw badRequest('invalid_request', `to: ${period.problem}`, [{ field: 'to', message: period.problem }]);
      const scope = await incidents.scopeOf(caller);
      return c.json(await stats.stats(scope, { jurisdiction: q.jurisdiction, level: q.level, ...period }, now));
    })
    .get('/export', validate('query', exportQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const f = c.req.valid('query');
      const now = clock();
      const scope = await incidents.scopeOf(caller);
      const count = await stats.repo.count(scope, f, now);
      if (count > EXPORT_MAX) {
        throw badRequest('export_too_large', `${count} incidents match; at most ${EXPORT_MAX} are exported at once: narrow the period, place or status`, { count, max: EXPORT_MAX });
      }
      const page = await incidents.repo.list(scope, { ...f, limit: EXPORT_MAX, offset: 0 }, now);
      // the reporters' names and phones leave the server (masked) in bulk: who took which selection is recorded
      await audit({ userId: caller.userId, action: 'incident.export', entity: 'incident', ip: clientIp(c),
        details: { format: f.format, count: page.items.length, q: f.q ?? null, grid: f.grid ?? null, jurisdiction: f.jurisdiction ?? null } });
      const headers = { 'Content-Disposition': `attachment; filename="incidents-${f.jurisdiction ?? f.grid ?? 'scope'}.${f.format}"`, 'Cache-Control': 'no-store' };
      if (f.format === 'xlsx') return c.body(incidentsXlsx(page.items, now), 200, { ...headers, 'Content-Type': XLSX });
      return c.body(incidentsCsv(page.items, now), 200, { ...headers, 'Content-Type': 'text/csv; charset=utf-8' });
    });
}
