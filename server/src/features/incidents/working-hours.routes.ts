import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { clientIp, requireCaller, type AuthEnv } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { parseWorkingHours } from './calendar.domain.ts';
import { createWorkingHoursRepo } from './working-hours.repo.ts';

/** The working periods of a day ("08:30-12:00"), ascending and disjoint, or null to inherit from the level above. */
const hoursBody = z.object({
  hours: z.array(z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'each period is HH:MM-HH:MM')).min(1).max(6).nullable()
    .superRefine((spec, ctx) => {
      if (spec === null) return;
      try {
        parseWorkingHours(spec);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    }),
}).strict();

/**
 * PUT /api/jurisdictions/:id/working-hours: an organisation's working hours, on which the deadlines of the
 * cases in it are counted (a community's, else its street office's, else its county's, else the default).
 * For those who manage the place's data (data.import over it); audited. A server process reads them again
 * within a minute.
 */
export function workingHoursRoutes(sql: Sql, audit: AuthRepo['audit']) {
  const repo = createWorkingHoursRepo(sql);
  return new Hono<AuthEnv>()
    .put('/:id/working-hours', validate('param', idParam), validate('json', hoursBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { id } = c.req.valid('param');
      const { hours } = c.req.valid('json');
      const node = await repo.node(id);
      if (!node || !scopeFor(caller.grants, 'data.import').prefixes.some((p) => node.code.startsWith(p))) {
        throw notFound('jurisdiction_not_found', `No jurisdiction ${id} in your scope`);
      }
      await repo.set(id, hours);
      await audit({ userId: caller.userId, action: 'jurisdiction.working_hours', entity: 'jurisdiction', entityId: id, ip: clientIp(c), details: { hours } });
      return c.json({ id, code: node.code, name: node.name, hours });
    });
}
