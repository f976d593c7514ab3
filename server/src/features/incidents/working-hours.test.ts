import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';

// Working hours per organisation: a community's own hours move the deadlines of its cases.
let db: TestDatabase;
const as: Record<string, { cookie: string; csrfToken: string }> = {};
let community: { id: number; lon: number; lat: number };
const now = new Date('2026-12-07T02:00:00Z'); // Monday 10:00 in Beijing

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  for (const u of await db.sql`select id, username from app_user`) as[u.username] = await createSession(db.sql, Number(u.id), now);
  const [c] = await db.sql`select j.id, ST_X(ST_PointOnSurface(g.geom)) as lon, ST_Y(ST_PointOnSurface(g.geom)) as lat
    from jurisdiction j join grid g on g.community_id = j.id join grid_plan p on p.id = g.plan_id
    where j.code = '110108010031' and p.status = 'published' limit 1`;
  community = { id: Number(c!.id), lon: Number(c!.lon), lat: Number(c!.lat) };
});
afterAll(() => db.drop());

const send = (who: string, method: string, path: string, body: unknown) => createApp({ sql: db.sql, clock: () => now }).request(path, {
  method, body: JSON.stringify(body), headers: { Cookie: as[who]!.cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': as[who]!.csrfToken },
});
const due = async () => {
  const res = await send('manager.furun', 'POST', '/api/incidents', { categoryCode: '0102', lon: community.lon, lat: community.lat, description: '垃圾' });
  return ((await res.json()) as { deadline: { dueAt: string } }).deadline.dueAt;
};

describe('working hours per organisation', () => {
  it('counts a case\'s 4 working hours on its community\'s own hours, and on the default again when they are cleared', async () => {
    // default 8:30–12:00, 13:30–17:30: 10:00 + 4 h → 15:30
    expect(await due()).toBe('2026-12-07T07:30:00.000Z');
    const set = await send('admin', 'PUT', `/api/jurisdictions/${community.id}/working-hours`, { hours: ['08:00-12:00', '14:00-18:00'] });
    expect(set.status).toBe(200);
    // 10:00–12:00, then 14:00–16:00
    expect(await due()).toBe('2026-12-07T08:00:00.000Z');
    expect((await send('admin', 'PUT', `/api/jurisdictions/${community.id}/working-hours`, { hours: null })).status).toBe(200);
    expect(await due()).toBe('2026-12-07T07:30:00.000Z');
  });

  it('refuses overlapping or malformed periods and those outside the caller\'s data, and writes nothing', async () => {
    for (const hours of [['13:00-12:00'], ['08:00-12:00', '11:00-14:00'], ['8-12'], [], ['25:00-26:00']]) {
      expect((await send('admin', 'PUT', `/api/jurisdictions/${community.id}/working-hours`, { hours })).status, JSON.stringify(hours)).toBe(400);
    }
    expect((await send('manager.furun', 'PUT', `/api/jurisdictions/${community.id}/working-hours`, { hours: ['08:00-12:00'] })).status).toBe(403);
    expect((await send('planner', 'PUT', '/api/jurisdictions/999999/working-hours', { hours: ['08:00-12:00'] })).status).toBe(404);
    const [row] = await db.sql`select working_hours from jurisdiction where id = ${community.id}`;
    expect(row!.working_hours).toBeNull();
  });
});
