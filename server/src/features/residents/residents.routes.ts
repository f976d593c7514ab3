import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { clientIp, requireCaller, type AuthEnv } from '../../http/auth.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { planDate } from '../grids/grids.domain.ts';
import { residentsCsv, residentsXlsx } from './residents-export.service.ts';
import { maskIdNumber, maskPhone } from './residents.domain.ts';
import { createResidentsRepo, type ResidentRow } from './residents.repo.ts';
import { createBody, exportQuery, listQuery, patchBody, revealBody } from './residents.schema.ts';

const EXPORT_MAX = 20_000;
/** Totals are exact up to here; beyond it the list says "100,000+" rather than count a whole city on every page. */
const COUNT_CAP = 100_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What leaves the server: ID numbers and phones always masked (reveal is a separate, audited call). */
const present = (r: ResidentRow) => ({ ...r, idNumber: maskIdNumber(r.idNumber), phone: maskPhone(r.phone), masked: true as const });

/** GET /api/residents, GET|PATCH /api/residents/:id, POST /api/residents/:id/reveal — all scoped in SQL. */
export function residentsRoutes(sql: Sql, audit: AuthRepo['audit'], clock: () => Date) {
  const repo = createResidentsRepo(sql);
  const missing = (id: number) => notFound('resident_not_found', `No resident with id ${id} in your scope`);
  return new Hono<AuthEnv>()
    .get('/', validate('query', listQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const f = c.req.valid('query');
      const scope = scopeFor(caller.grants, 'residents.read');
      const date = planDate(clock());
      const [page, count] = await Promise.all([repo.list(scope, { ...f, date }), repo.count(scope, { ...f, date }, COUNT_CAP)]);
      await audit({ userId: caller.userId, action: 'residents.list', entity: 'resident', ip: clientIp(c),
        details: { q: f.q ?? null, grid: f.grid ?? null, jurisdiction: f.jurisdiction ?? null, ids: page.items.map((r) => r.id) } });
      return c.json({ items: page.items.map(present), more: page.more, limit: f.limit, offset: f.offset, total: count.total, totalExact: count.exact });
    })
    .get('/export', validate('query', exportQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const f = c.req.valid('query');
      const page = await repo.list(scopeFor(caller.grants, 'residents.read'), { ...f, limit: EXPORT_MAX, offset: 0, date: planDate(clock()) });
      if (page.more) throw badRequest('export_too_large', `More than ${EXPORT_MAX} residents: filter by grid or search first`);
      await audit({ userId: caller.userId, action: 'residents.export', entity: 'resident', ip: clientIp(c),
        details: { q: f.q ?? null, grid: f.grid ?? null, jurisdiction: f.jurisdiction ?? null, format: f.format, count: page.items.length } });
      const rows = page.items.map(present);
      const headers = { 'Content-Disposition': `attachment; filename="residents-${f.grid ?? 'scope'}.${f.format}"`, 'Cache-Control': 'no-store' };
      if (f.format === 'xlsx') return c.body(residentsXlsx(rows), 200, { ...headers, 'Content-Type': XLSX });
      return c.body(residentsCsv(rows), 200, { ...headers, 'Content-Type': 'text/csv; charset=utf-8' });
    })
    .post('/', validate('json', createBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const body = c.req.valid('json');
      const scope = scopeFor(caller.grants, 'residents.write');
      const date = planDate(clock());
      const id = await repo.create(scope, date, body);
      if (!id) throw badRequest('household_out_of_scope', 'householdId: no such household in your scope', [{ field: 'householdId', message: 'not in your scope' }]);
      await audit({ userId: caller.userId, action: 'resident.create', entity: 'resident', entityId: id, ip: clientIp(c) });
      return c.json(present((await repo.byId(scope, id, date))!), 201);
    })
    .get('/:id', validate('param', idParam), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { id } = c.req.valid('param');
      const row = await repo.byId(scopeFor(caller.grants, 'residents.read'), id, planDate(clock()));
      if (!row) throw missing(id);
      await audit({ userId: caller.userId, action: 'resident.read', entity: 'resident', entityId: id, ip: clientIp(c) });
      return c.json(present(row));
    })
    .patch('/:id', validate('param', idParam), validate('json', patchBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { id } = c.req.valid('param');
      const { version, ...patch } = c.req.valid('json');
      const scope = scopeFor(caller.grants, 'residents.write');
      const date = planDate(clock());
      const updated = await repo.update(scope, id, version, patch, date);
      const current = await repo.byId(scope, id, date);
      if (!current) throw missing(id);
      // the row exists in scope but its version moved on: someone else saved first
      if (!updated) throw conflict('version_conflict', 'Someone else changed this resident; review the current record and try again', { current: present(current) });
      await audit({ userId: caller.userId, action: 'resident.update', entity: 'resident', entityId: id, fields: Object.keys(patch), ip: clientIp(c) });
      return c.json(present(current));
    })
    .post('/:id/reveal', validate('param', idParam), validate('json', revealBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { id } = c.req.valid('param');
      const { fields, reason } = c.req.valid('json');
      const row = await repo.byId(scopeFor(caller.grants, 'personal.view'), id, planDate(clock()));
      if (!row) throw missing(id);
      await audit({ userId: caller.userId, action: 'resident.reveal', entity: 'resident', entityId: id, fields, reason, ip: clientIp(c) });
      return c.json({ id, ...(fields.includes('idNumber') ? { idNumber: row.idNumber } : {}), ...(fields.includes('phone') ? { phone: row.phone } : {}) });
    });
}
