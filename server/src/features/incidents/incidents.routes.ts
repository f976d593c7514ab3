import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { clientIp, requireCaller, type AuthEnv } from '../../http/auth.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import { maskName, maskPhone } from '../residents/residents.domain.ts';
import type { IncidentBus } from './incident-bus.ts';
import type { IncidentRecord } from './incidents.repo.ts';
import { duplicatesQuery, listQuery, mergeBody, reportBody, transitionBody } from './incidents.schema.ts';
import { createIncidentMerge } from './incident-merge.service.ts';
import { presentPhoto } from './incident-photos.service.ts';
import { createIncidentsService, DUPLICATE_METRES, toWgs84 } from './incidents.service.ts';

const OPEN = new Set(['reported', 'accepted', 'dispatched', 'handling', 'fed_back']);

/** What leaves the server: a resident reporter's name and phone masked; the workflow state reduced to what people read. */
export function presentIncident(r: IncidentRecord, now: Date) {
  const s = r.state;
  return {
    id: r.id, reportedAt: r.reportedAt.toISOString(), category: { code: r.categoryCode, name: r.categoryName, nameEn: r.categoryNameEn },
    description: r.description, source: r.source, lon: r.lon, lat: r.lat, address: r.address,
    grid: r.grid ? { code: r.grid.code, name: r.grid.name } : null, community: r.community, town: r.town, county: r.county,
    status: r.status, level: r.level, assignee: r.assignee,
    pending: s.pending ? { kind: s.pending.kind, at: s.pending.at, extra: s.pending.extra, until: s.pending.until } : null,
    clock: s.clock.phase,
    deadline: { dueAt: r.dueAt?.toISOString() ?? null, provisional: r.dueProvisional, calendarVersion: r.calendarVersion, limit: r.limit },
    overdue: OPEN.has(r.status) && r.dueAt !== null && now.getTime() > r.dueAt.getTime(),
    closedAt: r.closedAt?.toISOString() ?? null, closedOnTime: r.closedOnTime, selfHandled: s.selfHandled, reworkCount: s.reworkCount,
    escalatedFrom: s.escalatedFrom, forwarded: s.forwarded,
    reporter: { userId: r.reporterUserId, name: maskName(r.reporterName), phone: maskPhone(r.reporterPhone), anonymous: r.anonymous },
    rating: r.rating, mergedInto: r.mergedInto, photos: r.photos, synthetic: r.synthetic, version: r.version, updatedAt: r.updatedAt.toISOString(),
  };
}

/** POST|GET /api/incidents, GET /api/incidents/:id, POST /api/incidents/:id/transitions — scoped by grant, department and report. */
export function incidentsRoutes(sql: Sql, audit: AuthRepo['audit'], clock: () => Date, bus: IncidentBus) {
  const service = createIncidentsService(sql, { clock, bus });
  const merge = createIncidentMerge(sql, service, { clock, bus });
  return new Hono<AuthEnv>()
    .post('/', validate('json', reportBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const body = c.req.valid('json');
      const { record, duplicates } = await service.report(caller, body, (r) => audit({ userId: caller.userId, action: 'incident.report', entity: 'incident', entityId: r.id, ip: clientIp(c) }));
      return c.json({ ...presentIncident(record, clock()), duplicates }, 201);
    })
    .get('/', validate('query', listQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const f = c.req.valid('query');
      const now = clock();
      const scope = await service.scopeOf(caller);
      const page = await service.repo.list(scope, f, now);
      return c.json({
        items: page.items.map((r) => ({ ...presentIncident(r, now), allowed: service.allowedOn(caller, scope, r) })),
        total: page.total, totalExact: page.totalExact, limit: f.limit, offset: f.offset,
      });
    })
    .get('/duplicates', validate('query', duplicatesQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const q = c.req.valid('query');
      const [lon, lat] = toWgs84(q.lon, q.lat, q.crs);
      const items = await service.repo.nearbyOpen(await service.scopeOf(caller), q.categoryCode, lon, lat, DUPLICATE_METRES);
      return c.json({ items, metres: DUPLICATE_METRES });
    })
    .get('/:id', validate('param', idParam), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { id } = c.req.valid('param');
      const d = await service.detail(caller, id);
      // a resident reporter's name and phone are personal data, masked or not: each read is audited
      if (d.record.reporterName || d.record.reporterPhone) await audit({ userId: caller.userId, action: 'incident.read', entity: 'incident', entityId: id, ip: clientIp(c) });
      return c.json({ ...presentIncident(d.record, clock()), timeline: d.timeline.map((e) => ({ ...e, at: e.at.toISOString() })), photos: d.photos.map(presentPhoto), allowed: d.allowed });
    })
    .get('/:id/routing', validate('param', idParam), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { id } = c.req.valid('param');
      return c.json({ departments: await service.routing(caller, id) });
    })
    .post('/:id/transitions', validate('param', idParam), validate('json', transitionBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const d = await service.transition(caller, id, body);
      await audit({ userId: caller.userId, action: 'incident.transition', entity: 'incident', entityId: id, ip: clientIp(c), details: { action: body.action, to: d.record.status } });
      return c.json({ ...presentIncident(d.record, clock()), timeline: d.timeline.map((e) => ({ ...e, at: e.at.toISOString() })), photos: d.photos.map(presentPhoto), allowed: d.allowed });
    })
    // a duplicate into the case it repeats: answers the case merged into, with its timeline
    .post('/:id/merge', validate('param', idParam), validate('json', mergeBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const d = await merge(caller, id, body);
      await audit({ userId: caller.userId, action: 'incident.merge', entity: 'incident', entityId: id, ip: clientIp(c), details: { into: body.into } });
      return c.json({ ...presentIncident(d.record, clock()), timeline: d.timeline.map((e) => ({ ...e, at: e.at.toISOString() })), photos: d.photos.map(presentPhoto), allowed: d.allowed });
    });
}
