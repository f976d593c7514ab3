import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';

// A case keeps the grid it was filed in (DESIGN §2): the plan in force at the moment of the report
// decides, and a later plan moves only later reports.
let db: TestDatabase;
let manager: { cookie: string; csrfToken: string };
let point: { lon: number; lat: number };
let oldCode: string;
let now = new Date('2026-12-07T02:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  const [m] = await db.sql`select id from app_user where username = 'manager.furun'`;
  manager = await createSession(db.sql, Number(m!.id), now);
  await db.sql`update user_session set expires_at = '2100-01-01'`;
  const [g] = await db.sql`select g.code, ST_X(ST_PointOnSurface(g.geom)) as lon, ST_Y(ST_PointOnSurface(g.geom)) as lat
    from grid g join grid_plan p on p.id = g.plan_id where p.status = 'published' and g.code like '110108010031%' order by g.code limit 1`;
  oldCode = g!.code;
  point = { lon: Number(g!.lon), lat: Number(g!.lat) };
});
afterAll(() => db.drop());

const report = () => createApp({ sql: db.sql, clock: () => now }).request('/api/incidents', {
  method: 'POST', body: JSON.stringify({ categoryCode: '0102', ...point, description: '垃圾' }),
  headers: { Cookie: manager.cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': manager.csrfToken },
});

describe('the grid of a case by date', () => {
  it('files under the plan in force that day, and keeps it when a new plan takes over', async () => {
    const r1 = await report();
    const first = (await r1.json()) as { id: number; grid: { code: string } };
    expect(r1.status, JSON.stringify(first)).toBe(201);
    expect(first.grid.code).toBe(oldCode);
    // a new plan for the same place from 10 December: the same shapes under new codes
    await db.sql.begin(async (tx) => {
      const [old] = await tx`select p.id, p.jurisdiction_id, p.region_code from grid_plan p join grid g on g.plan_id = p.id where g.code = ${oldCode} and p.status = 'published'`;
      await tx`update grid_plan set status = 'retired', valid_to = '2026-12-10' where id = ${old!.id}`;
      const [next] = await tx`insert into grid_plan (jurisdiction_id, region_code, name, status, valid_from, published_at)
        values (${old!.jurisdiction_id}, ${old!.region_code}, '新方案', 'published', '2026-12-10', now()) returning id`;
      await tx`insert into grid (plan_id, community_id, region_code, code, name, geom)
        select ${next!.id}, community_id, region_code, left(code, 12) || '9' || right(code, 2), '新' || name, geom from grid where plan_id = ${old!.id}`;
    });
    now = new Date('2026-12-11T02:00:00Z');
    await db.sql`update user_session set last_seen_at = ${now}, created_at = ${now}`;
    const res = await report();
    const second = (await res.json()) as { id: number; grid: { code: string; name: string } };
    expect(res.status, JSON.stringify(second)).toBe(201);
    expect(second.grid.code).toBe(`${oldCode.slice(0, 12)}9${oldCode.slice(-2)}`);
    expect(second.grid.name.startsWith('新')).toBe(true);
    const [kept] = await db.sql`select grid_code from incident where id = ${first.id}`;
    expect(kept!.grid_code).toBe(oldCode);
  });
});
