import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession, createUser } from '../../../test/factories.ts';
import { createIncidentBus, type IncidentChange } from './incident-bus.ts';

// The loop over HTTP on the Haidian demo: report, escalate, accept, dispatch to a department, handle,
// feed back, verify; scope, bad input and simultaneous actions.
let db: TestDatabase;
const as: Record<string, { cookie: string; csrfToken: string }> = {};
let grid: { code: string; lon: number; lat: number };
let otherCommunityPoint: { lon: number; lat: number };
let departmentId: number;
const changes: IncidentChange[] = [];
const bus = createIncidentBus();
bus.subscribe((c) => changes.push(c));
let now = new Date('2026-12-07T02:00:00Z'); // Monday 10:00 in Beijing
/** Moves the app's clock, the sessions with it (they would expire or idle out across hours). */
async function setNow(t: string) {
  now = new Date(t);
  await db.sql`update user_session set created_at = ${now}, last_seen_at = ${now}, expires_at = ${new Date(now.getTime() + 86_400_000)}`;
}

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  for (const u of await db.sql`select id, username from app_user`) as[u.username] = await createSession(db.sql, Number(u.id), now);
  const [g] = await db.sql`select r.grid_codes[1] as code from role_assignment r join app_user u on u.id = r.user_id where u.username = 'leader.furun1'`;
  const [p] = await db.sql`select ST_X(ST_PointOnSurface(g.geom)) as lon, ST_Y(ST_PointOnSurface(g.geom)) as lat
    from grid g join grid_plan gp on gp.id = g.plan_id where g.code = ${g!.code} and gp.status = 'published'`;
  grid = { code: g!.code, lon: Number(p!.lon), lat: Number(p!.lat) };
  const [o] = await db.sql`select ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat from jurisdiction
    where level = 'community' and code <> '110108010031' and geom is not null order by code limit 1`;
  otherCommunityPoint = { lon: Number(o!.lon), lat: Number(o!.lat) };
  const [d] = await db.sql`insert into department (jurisdiction_id, region_code, name, kind)
    select id, region_code, '学院路街道城管执法队', 'urban_management' from jurisdiction where code = '110108010' returning id`;
  departmentId = Number(d!.id);
  const staff = await createUser(db.sql, { username: 'dept.test', grants: [] });
  await db.sql`insert into department_member (department_id, user_id) values (${departmentId}, ${staff.id})`;
  as['dept.test'] = await createSession(db.sql, staff.id, now);
});
afterAll(() => db.drop());

const app = () => createApp({ sql: db.sql, clock: () => now, bus });
const get = (who: string, path: string) => app().request(path, { headers: { Cookie: as[who]!.cookie } });
const send = (who: string, path: string, body: unknown) =>
  app().request(path, { method: 'POST', body: JSON.stringify(body), headers: { Cookie: as[who]!.cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': as[who]!.csrfToken } });

type Detail = {
  id: number; status: string; level: string; version: number; allowed: string[]; grid: { code: string } | null; community: { code: string };
  town: { code: string } | null; deadline: { dueAt: string | null; provisional: boolean; calendarVersion: string }; overdue: boolean;
  timeline: { action: string; actor: { id: number } | null; to: string; note: string | null }[]; closedOnTime: boolean | null;
  assignee: { kind: string; id: string; name: string | null } | null;
};
const report = async (who = 'leader.furun1', extra: Record<string, unknown> = {}) => {
  const res = await send(who, '/api/incidents', { categoryCode: '0102', lon: grid.lon, lat: grid.lat, description: '楼下堆放垃圾', ...extra });
  return { res, body: (await res.json()) as Detail & { duplicates: { id: number }[] } };
};
const act = async (who: string, id: number, body: Record<string, unknown>) => {
  const current = (await (await get(who, `/api/incidents/${id}`)).json()) as Detail;
  return send(who, `/api/incidents/${id}/transitions`, { version: current.version, ...body });
};

describe('reporting', () => {
  it('fixes the grid, community, town and county at report time and keeps a grid worker\'s report at the grid', async () => {
    const { res, body } = await report();
    expect(res.status).toBe(201);
    expect(body.grid?.code).toBe(grid.code);
    expect(body.community.code).toBe('110108010031');
    expect(body.town?.code).toBe('110108010');
    expect(body.level).toBe('grid');
    expect(body.status).toBe('reported');
    // 0102 is 4 working hours from Monday 10:00: due 15:30 the same day (lunch 12:00–13:30 does not count)
    expect(body.deadline.dueAt).toBe('2026-12-07T07:30:00.000Z');
    const [row] = await db.sql`select grid_code, community_code, town_code, county_code from incident where id = ${body.id}`;
    expect(row).toEqual({ grid_code: grid.code, community_code: '110108010031', town_code: '110108010', county_code: '110108' });
  });

  it('reports by anyone else go to the community, and GCJ-02 coordinates are converted at the edge', async () => {
    const [x, y] = gcoord.transform([grid.lon, grid.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const { res, body } = await report('manager.furun', { lon: x, lat: y, crs: 'gcj02' });
    expect(res.status).toBe(201);
    expect(body.level).toBe('community');
    expect(body.grid?.code).toBe(grid.code);
    const [row] = await db.sql`select ST_X(geom) as lon, ST_Y(geom) as lat from incident where id = ${body.id}`;
    expect(Math.abs(Number(row!.lon) - grid.lon)).toBeLessThan(1e-5);
    expect(Math.abs(Number(row!.lat) - grid.lat)).toBeLessThan(1e-5);
    // the first report of this category here is offered as a duplicate of the second
    expect(body.duplicates.length).toBeGreaterThan(0);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const [before] = await db.sql`select count(*)::int as n from incident`;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ lon: 0, lat: 0 }, 400, 'outside_jurisdiction'],
      [{ categoryCode: '9999' }, 400, 'category_not_found'],
      [{ categoryCode: '01' }, 400, 'invalid_request'],
      [{ lon: 200 }, 400, 'invalid_request'],
      [{ lon: 'x' }, 400, 'invalid_request'],
      [{ description: '' }, 400, 'invalid_request'],
      [{ description: 'x'.repeat(2001) }, 400, 'invalid_request'],
      [{ description: 'a\u0000b' }, 400, 'invalid_request'],
      [{ source: 'rumour' }, 400, 'invalid_request'],
      [{ surprise: 1 }, 400, 'invalid_request'],
    ];
    for (const [extra, status, code] of cases) {
      const { res, body } = await report('leader.furun1', extra);
      expect([res.status, (body as unknown as { error: { code: string } }).error?.code], JSON.stringify(extra)).toEqual([status, code]);
    }
    // a grid leader may not report in another community
    const { res, body } = await report('leader.furun1', otherCommunityPoint);
    expect([res.status, (body as unknown as { error: { code: string } }).error.code]).toEqual([403, 'report_outside_scope']);
    expect((await get('viewer', '/api/incidents')).status).toBe(200);
    expect((await report('viewer')).res.status).toBe(403);
    const [after] = await db.sql`select count(*)::int as n from incident`;
    expect(after!.n).toBe(before!.n);
  });
});

describe('the loop', () => {
  it('goes from a grid leader\'s report to a verified close through the community and a department', async () => {
    const { body: created } = await report();
    const id = created.id;
    expect(created.allowed).toBeUndefined();
    let d = (await (await get('leader.furun1', `/api/incidents/${id}`)).json()) as Detail;
    expect(d.allowed).toEqual(expect.arrayContaining(['escalate', 'self_handle', 'void']));
    expect((await act('leader.furun1', id, { action: 'escalate' })).status).toBe(400); // a reason is required
    expect((await act('leader.furun1', id, { action: 'escalate', note: '需要社区协调清运' })).status).toBe(200);
    // the department cannot see it yet: not dispatched to them
    expect((await get('dept.test', `/api/incidents/${id}`)).status).toBe(404);
    expect((await act('manager.furun', id, { action: 'accept' })).status).toBe(200);
    const bad = await act('manager.furun', id, { action: 'dispatch', assignee: { kind: 'department', unitId: '999999' } });
    expect(bad.status).toBe(400);
    await setNow('2026-12-07T03:00:00Z'); // 11:00
    const ok = await act('manager.furun', id, { action: 'dispatch', assignee: { kind: 'department', unitId: String(departmentId) } });
    expect(ok.status).toBe(200);
    d = (await ok.json()) as Detail;
    expect(d.status).toBe('dispatched');
    expect(d.assignee).toEqual({ kind: 'department', id: String(departmentId), name: '学院路街道城管执法队' });
    // 4 working hours from 11:00: 1 h before lunch, 3 h after → 16:30
    expect(d.deadline.dueAt).toBe('2026-12-07T08:30:00.000Z');
    expect((await act('dept.test', id, { action: 'start' })).status).toBe(200);
    expect((await act('dept.test', id, { action: 'feed_back', note: '已清运' })).status).toBe(200);
    await setNow('2026-12-07T07:00:00Z');
    const verified = await act('leader.furun1', id, { action: 'verify' });
    expect(verified.status).toBe(200);
    d = (await verified.json()) as Detail;
    expect(d.status).toBe('closed');
    expect(d.closedOnTime).toBe(true);
    expect(d.timeline.map((e) => e.action)).toEqual(['report', 'escalate', 'accept', 'dispatch', 'start', 'feed_back', 'verify']);
    expect(changes.filter((c) => c.id === id).map((c) => c.action)).toEqual(['report', 'escalate', 'accept', 'dispatch', 'start', 'feed_back', 'verify']);
    // the department sees the case it handled
    expect((await get('dept.test', `/api/incidents?limit=200`)).status).toBe(200);
    const list = (await (await get('dept.test', '/api/incidents?limit=200')).json()) as { items: { id: number }[]; total: number };
    expect(list.items.map((i) => i.id)).toEqual([id]);
  });

  it('answers a transition not allowed from the state with 409 and the allowed actions', async () => {
    const { body } = await report();
    const res = await act('leader.furun1', body.id, { action: 'verify' });
    expect(res.status).toBe(409);
    const err = (await res.json()) as { error: { code: string; details: { allowed: string[]; status: string } } };
    expect(err.error.code).toBe('transition_not_allowed');
    expect(err.error.details.status).toBe('reported');
    expect(err.error.details.allowed).toContain('self_handle');
  });

  it('keeps cases out of sight outside the scope (404) and refuses the wrong person (403)', async () => {
    const { body } = await report();
    expect((await get('supervisor', `/api/incidents/${body.id}`)).status).toBe(404);
    expect((await send('supervisor', `/api/incidents/${body.id}/transitions`, { action: 'void', version: 1, note: 'x' })).status).toBe(404);
    // the community manager sees it but it is the grid's to handle until passed up
    const early = await act('manager.furun', body.id, { action: 'accept' });
    expect([early.status, ((await early.json()) as { error: { code: string } }).error.code]).toEqual([409, 'incident_wrong_level']);
    // a case at the community is the manager's to accept, not the grid leader's
    const { body: atCommunity } = await report('manager.furun');
    const res = await act('leader.furun1', atCommunity.id, { action: 'accept' });
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([403, 'incident_action_forbidden']);
  });

  it('lets exactly one of 30 simultaneous identical actions through; the others get 409 and nothing is doubled', async () => {
    const { body } = await report('manager.furun');
    const version = body.version;
    const results = await Promise.all(Array.from({ length: 30 }, () => send('manager.furun', `/api/incidents/${body.id}/transitions`, { action: 'accept', version })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    const [n] = await db.sql`select count(*)::int as n from incident_event where incident_id = ${body.id} and action = 'accept'`;
    expect(n!.n).toBe(1);
  });
});

describe('merging duplicates', () => {
  it('voids the duplicate with a pointer, tells both timelines, and makes its reporter follow the case', async () => {
    const { body: first } = await report('manager.furun');
    const { body: dup } = await report('leader.furun1');
    const res = await send('manager.furun', `/api/incidents/${dup.id}/merge`, { into: first.id, version: dup.version, note: '同一处垃圾' });
    // the leader's own report waits at the grid: the community cannot void (or merge) it yet
    expect(res.status).toBe(409);
    const own = await send('leader.furun1', `/api/incidents/${dup.id}/merge`, { into: first.id, version: dup.version, note: '同一处垃圾' });
    expect(own.status).toBe(200);
    const [row] = await db.sql`select status, merged_into from incident where id = ${dup.id}`;
    expect(row).toEqual({ status: 'voided', merged_into: String(first.id) });
    const target = (await (await get('manager.furun', `/api/incidents/${first.id}`)).json()) as Detail;
    expect(target.timeline.at(-1)!.action).toBe('merge');
    const [leader] = await db.sql`select id from app_user where username = 'leader.furun1'`;
    const followers = await db.sql`select user_id from incident_follower where incident_id = ${first.id} and user_id is not null`;
    expect(followers.map((f) => String(f.user_id))).toContain(String(leader!.id));
  });

  it('refuses merging into itself or into a void case, and lets one of 20 simultaneous merges through', async () => {
    const { body: a } = await report('manager.furun');
    const { body: b } = await report('manager.furun');
    expect((await send('manager.furun', `/api/incidents/${a.id}/merge`, { into: a.id, version: a.version })).status).toBe(400);
    const results = await Promise.all(Array.from({ length: 20 }, () => send('manager.furun', `/api/incidents/${a.id}/merge`, { into: b.id, version: a.version })));
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array<number>(19).fill(409)]);
    const [n] = await db.sql`select count(*)::int as n from incident_event where incident_id = ${b.id} and action = 'merge'`;
    expect(n!.n).toBe(1);
    const { body: c } = await report('manager.furun');
    expect((await send('manager.furun', `/api/incidents/${c.id}/merge`, { into: a.id, version: c.version })).status).toBe(409);
    expect((await send('supervisor', `/api/incidents/${c.id}/merge`, { into: b.id, version: c.version })).status).toBe(404);
  });
});

describe('the list', () => {
  it('filters by status, grid and overdue, with the total', async () => {
    await setNow('2026-12-09T02:00:00Z'); // two days later: the open 4-hour cases are overdue
    const all = (await (await get('manager.furun', '/api/incidents?limit=200')).json()) as { items: Detail[]; total: number };
    expect(all.total).toBe(all.items.length);
    expect(all.items.every((i) => i.community.code === '110108010031')).toBe(true);
    const overdue = (await (await get('manager.furun', '/api/incidents?overdue=true&limit=200')).json()) as { items: Detail[]; total: number };
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.items.every((i) => i.overdue && i.status !== 'closed')).toBe(true);
    const closed = (await (await get('manager.furun', '/api/incidents?status=closed')).json()) as { items: Detail[]; total: number };
    expect(closed.items.every((i) => i.status === 'closed')).toBe(true);
    expect(closed.total + overdue.total).toBeLessThanOrEqual(all.total);
    expect((await get('manager.furun', '/api/incidents?status=nonsense')).status).toBe(400);
    expect((await get('manager.furun', '/api/incidents?from=yesterday')).status).toBe(400);
  });
});
