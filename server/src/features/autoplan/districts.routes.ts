import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { requireCaller, type AuthEnv } from '../../http/auth.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { districtsBody } from './autoplan.schema.ts';
import { districtsFor } from './districts.service.ts';

/** POST /api/jurisdictions/:id/districts: a street office or a city into districts (nothing stored). */
export function districtsRoutes(sql: Sql) {
  return new Hono<AuthEnv>()
    .post('/:id/districts', validate('param', idParam), validate('json', districtsBody), async (c) =>
      c.json(await districtsFor(sql, requireCaller(c.get('caller')), c.req.valid('param').id, c.req.valid('json'))));
}
