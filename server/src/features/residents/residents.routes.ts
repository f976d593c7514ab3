import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { clientIp, type AuthEnv, type Caller } from '../../http/auth.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { planDate } from '../grids/grids.domain.ts';
import { maskIdNumber, maskPhone } from './residents.domain.ts';
import { createResidentsRepo, type ResidentRow } from './residents.repo.ts';
import { listQuery, patchBody, revealBody } from './residents.schema.ts';

/** What leaves the server: ID numbers and phones always masked (reveal is a separate, audited call). */
const present = (r: ResidentRow) => ({ ...r, idNumber: maskIdNumber(r.idNumber), phone: maskPhone(r.phone), masked: true as const });

const callerOf = (c: { get: (k: 'caller') => Caller | null }) => {
  const caller = c.get('caller');
  if (!caller) throw new AppError(401, 'unauthenticated', 'Sign in first');
  return caller;
};

/** GET /api/residents, GET|PATCH /api/residents/:id, POST /api/residents/:id/reveal — all scoped in SQL. */
export function residentsRoutes(sql: Sql, audit: AuthRepo['audit'], clock: () => Date) {
  const repo = createResidentsRepo(sql);
  const missing = (id: number) => notFound('resident_not_found', `No resident with id ${id} in your scope`);
  return new Hono<AuthEnv>()
    .get('/', validate('query', listQuery), async (c) => {
      const caller = callerOf(c);
      const f = c.req.valid('query');
      const page = await repo.list(scopeFor(caller.grants, 'residents.read'), { ...f, date: planDate(clock()) });
      await audit({ userId: caller.userId, action: 'residents.list', entity: 'resident', ip: clientIp(c),
        details: { q: f.q ?? null, grid: f.grid ?? null, ids: page.items.map((r) => r.id) } });
      return c.json({ items: page.items.map(present), more: page.more, limit: f.limit, offset: f.offset });
    })
    .get('/:id', validate('param', idParam), async (c) => {
      const caller = callerOf(c);
      const { id } = c.req.valid('param');
      const row = await repo.byId(scopeFor(caller.grants, 'residents.read'), id, planDate(clock()));
      if (!row) throw missing(id);
      await audit({ userId: caller.userId, action: 'resident.read', entity: 'resident', entityId: id, ip: clientIp(c) });
      return c.json(present(row));
    })
    .patch('/:id', validate('param', idParam), validate('json', patchBody), async (c) => {
      const caller = callerOf(c);
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
      const caller = callerOf(c);
      const { id } = c.req.valid('param');
      const { fields, reason } = c.req.valid('json');
      const row = await repo.byId(scopeFor(caller.grants, 'personal.view'), id, planDate(clock()));
      if (!row) throw missing(id);
      await audit({ userId: caller.userId, action: 'resident.reveal', entity: 'resident', entityId: id, fields, reason, ip: clientIp(c) });
      return c.json({ id, ...(fields.includes('idNumber') ? { idNumber: row.idNumber } : {}), ...(fields.includes('phone') ? { phone: row.phone } : {}) });
    });
}
