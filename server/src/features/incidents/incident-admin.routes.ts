import { Hono, type Context } from 'hono';
import type { Sql } from 'postgres';
import { clientIp, requireCaller, type AuthEnv } from '../../http/auth.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { createDepartmentsService } from './departments.service.ts';
import type { DepartmentRecord } from './departments.repo.ts';
import {
  adminCategoryParam, calendarDateParam, calendarDayBody, calendarQuery, calendarYearParam, createCategoryBody, createDepartmentBody,
  departmentsQuery, membersBody, patchCategoryBody, patchDepartmentBody,
} from './incident-admin.schema.ts';
import { createIncidentAdminService, type AdminActor } from './incident-admin.service.ts';
import type { AdminCategory } from './incident-categories.repo.ts';

const actorOf = (c: Context<AuthEnv>): AdminActor => ({ userId: requireCaller(c.get('caller')).userId, ip: clientIp(c) });
const presentCategory = ({ updatedAt, ...c }: AdminCategory) => ({ ...c, updatedAt: updatedAt.toISOString() });
const presentDepartment = ({ createdAt, ...d }: DepartmentRecord) => ({ ...d, createdAt: createdAt.toISOString() });

/**
 * The incidents' reference data for admins (incidents.manage), mounted at /api/admin: categories
 * (/incident-categories), departments of the admin's street offices and counties with their members
 * (/departments), and the working-day calendar's local days and years (/work-calendar).
 */
export function incidentAdminRoutes(sql: Sql, clock: () => Date) {
  const service = createIncidentAdminService(sql, clock);
  const departments = createDepartmentsService(sql);
  return new Hono<AuthEnv>()
    .get('/incident-categories', async (c) => c.json({ items: (await service.listCategories()).map(presentCategory) }))
    .post('/incident-categories', validate('json', createCategoryBody), async (c) => {
      const items = await service.createCategory(actorOf(c), c.req.valid('json'));
      return c.json({ items: items.map(presentCategory) }, 201);
    })
    .patch('/incident-categories/:code', validate('param', adminCategoryParam), validate('json', patchCategoryBody), async (c) => {
      return c.json(presentCategory(await service.patchCategory(actorOf(c), c.req.valid('param').code, c.req.valid('json'))));
    })
    .get('/departments', validate('query', departmentsQuery), async (c) => {
      const items = await departments.list(requireCaller(c.get('caller')), c.req.valid('query').jurisdiction);
      return c.json({ items: items.map(presentDepartment) });
    })
    .post('/departments', validate('json', createDepartmentBody), async (c) => {
      const d = await departments.create(requireCaller(c.get('caller')), actorOf(c), c.req.valid('json'));
      return c.json(presentDepartment(d), 201);
    })
    .patch('/departments/:id', validate('param', idParam), validate('json', patchDepartmentBody), async (c) => {
      const d = await departments.patch(requireCaller(c.get('caller')), actorOf(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json(presentDepartment(d));
    })
    .put('/departments/:id/members', validate('param', idParam), validate('json', membersBody), async (c) => {
      const d = await departments.replaceMembers(requireCaller(c.get('caller')), actorOf(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json(presentDepartment(d));
    })
    .get('/work-calendar', validate('query', calendarQuery), async (c) => c.json(await service.calendarYear(c.req.valid('query').year)))
    .put('/work-calendar/days/:date', validate('param', calendarDateParam), validate('json', calendarDayBody), async (c) => {
      return c.json(await service.putDay(actorOf(c), c.req.valid('param').date, c.req.valid('json')));
    })
    .delete('/work-calendar/days/:date', validate('param', calendarDateParam), async (c) => {
      await service.deleteDay(actorOf(c), c.req.valid('param').date);
      return c.body(null, 204);
    })
    .put('/work-calendar/years/:year', validate('param', calendarYearParam), async (c) => {
      return c.json(await service.putYear(actorOf(c), c.req.valid('param').year));
    })
    .delete('/work-calendar/years/:year', validate('param', calendarYearParam), async (c) => {
      await service.deleteYear(actorOf(c), c.req.valid('param').year);
      return c.body(null, 204);
    });
}
