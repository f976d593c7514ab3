import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { clientIp, requireCaller, type AuthEnv } from '../../http/auth.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { planDate } from '../grids/grids.domain.ts';
import { createHouseholdsRepo } from './households.repo.ts';
import { maskName } from '../residents/residents.domain.ts';
import { createHouseholdBody, patchHouseholdBody, searchHouseholdsQuery } from './households.schema.ts';

/** GET /api/households (the picker's search), POST /api/households and PATCH /api/households/:id (move to another building, change room). */
export function householdsRoutes(sql: Sql, audit: AuthRepo['audit'], clock: () => Date) {
  const repo = createHouseholdsRepo(sql);
  const outOfScope = (field: string) => badRequest('building_out_of_scope', `${field}: no such building in your scope`, [{ field, message: 'not in your scope' }]);
  return new Hono<AuthEnv>()
    .get('/', validate('query', searchHouseholdsQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const f = c.req.valid('query');
      const page = await repo.search(scopeFor(caller.grants, 'residents.read'), planDate(clock()), f);
      // the heads' names are personal data, even masked: who looked for which households is on record
      await audit({ userId: caller.userId, action: 'households.search', entity: 'household', ip: clientIp(c),
        details: { q: f.q ?? null, ids: page.items.map((h) => h.id) } });
      return c.json({ items: page.items.map((h) => ({ ...h, head: maskName(h.head) })), more: page.more, limit: f.limit, offset: f.offset });
    })
    .post('/', validate('json', createHouseholdBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const body = c.req.valid('json');
      const created = await repo.create(scopeFor(caller.grants, 'residents.write'), planDate(clock()), body);
      if (!created) throw outOfScope('buildingId');
      await audit({ userId: caller.userId, action: 'household.create', entity: 'household', entityId: created.id, ip: clientIp(c) });
      return c.json(created, 201);
    })
    .patch('/:id', validate('param', idParam), validate('json', patchHouseholdBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { id } = c.req.valid('param');
      const { version, ...patch } = c.req.valid('json');
      const scope = scopeFor(caller.grants, 'residents.write');
      const date = planDate(clock());
      const before = await repo.byId(scope, date, id);
      if (!before) throw notFound('household_not_found', `No household with id ${id} in your scope`);
      if (patch.buildingId !== undefined && !(await repo.buildingInScope(scope, date, patch.buildingId))) throw outOfScope('buildingId');
      if (!(await repo.update(scope, date, id, version, patch))) {
        throw conflict('version_conflict', 'Someone else changed this household; review the current record and try again', { current: await repo.byId(scope, date, id) });
      }
      await audit({ userId: caller.userId, action: patch.buildingId && patch.buildingId !== before.buildingId ? 'household.move' : 'household.update',
        entity: 'household', entityId: id, fields: Object.keys(patch), ip: clientIp(c), details: { fromBuilding: before.buildingId, toBuilding: patch.buildingId ?? before.buildingId } });
      return c.json(await repo.byId(scope, date, id));
    });
}
