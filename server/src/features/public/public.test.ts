import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';
import { mountClient } from '../../http/static.ts';
import { createIncidentBus } from '../incidents/incident-bus.ts';
import { coarsen } from './public.domain.ts';

// The resident-facing API on the Haidian demo, without an account: a report from 我的网格, its follow
// link through handling, closing, rating and a merge; 公示 of finished cases; a grid with its workers.
// Every public answer is searched as text for the personal data and exact places it must never carry.
let db: TestDatabase;
const staff: Record<string, { cookie: string; csrfToken: string }> = {};
const now = new Date('2026-12-07T02:00:00Z'); // Monday 10:00 in Beijing
const COMMUNITY = '110108010031';
const NAME = '张小明';
const PHONE = '13912345678';
const DESCRIPTION = '楼门口堆了旧家具，挡住消防通道';
const NOTE = '已清运，联系人李四';
let grid: { code: string; lon: number; lat: number };
let point: { lon: number; lat: number };
const bus = createIncidentBus();

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  for (const u of await db.sql`select id, username from app_user`) staff[u.username] = await createSession(db.sql, Number(u.id), now);
  const [g] = await db.sql`select r.grid_codes[1] as code from role_assignment r join app_user u on u.id = r.user_id where u.username = 'leader.furun1'`;
  const [p] = await db.sql`select ST_X(ST_PointOnSurface(g.geom)) as lon, ST_Y(ST_PointOnSurface(g.geom)) as lat
    from grid g join grid_plan gp on gp.id = g.plan_id where g.code = ${g!.code} and gp.status = 'published'`;
  grid = { code: String(g!.code), lon: Number(p!.lon), lat: Number(p!.lat) };
  // a door 20–30 m from the centre of its 100 m cell: the exact point and the cell's centre differ in the fourth decimal
  const c = coarsen(grid.lon, grid.lat);
  point = { lon: c.lon + 0.0002, lat: c.lat + 0.0002 };
});
afterAll(() => db.drop());

const app = () => createApp({ sql: db.sql, clock: () => now, bus });
const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
const anon = (path: string, body?: unknown, a = app(), ip = '192.0.2.1') =>
  a.request(path, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }, from(ip));
const asStaff = (who: string, path: string, body?: unknown) => app().request(path, body === undefined ? { headers: { Cookie: staff[who]!.cookie } } : {
  method: 'POST', body: JSON.stringify(body), headers: { Cookie: staff[who]!.cookie, 'X-CSRF-Token': staff[who]!.csrfToken, 'Content-Type': 'application/json' },
});
const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;
const errorCode = async (res: Response) => (await json<{ error: { code: string } }>(res)).error.code;

type Filed = { id: number; token: string; trackUrl: string };
const residentReport = async (extra: Record<string, unknown> = {}, a = app(), ip?: string) =>
  anon('/api/public/reports', { categoryCode: '0102', lon: point.lon, lat: point.lat, description: DESCRIPTION, name: NAME, phone: PHONE, ...extra }, a, ip);
const fileOne = async () => {
  const res = await residentReport();
  expect(res.status).toBe(201);
  return json<Filed>(res);
};

/** Staff act on a case at the version they read. */
async function act(who: string, id: number, body: Record<string, unknown>) {
  const { version } = await json<{ version: number }>(await asStaff(who, `/api/incidents/${id}`));
  const res = await asStaff(who, `/api/incidents/${id}/transitions`, { version, ...body });
  expect(res.status, `${String(body.action)}: ${await res.clone().text()}`).toBe(200);
}
/** The community accepts a resident's report, handles it itself, feeds back and verifies: the case is closed. */
async function close(id: number) {
  await act('manager.furun', id, { action: 'accept' });
  await act('manager.furun', id, { action: 'dispatch', assignee: { kind: 'community', unitId: COMMUNITY } });
  await act('manager.furun', id, { action: 'start' });
  await act('manager.furun', id, { action: 'feed_back', note: NOTE });
  await act('manager.furun', id, { action: 'verify' });
}

/** What a public answer must never contain: the reporter, their words, staff notes and names, the exact point. */
function expectNothingPersonal(text: string) {
  for (const secret of [NAME, PHONE, DESCRIPTION, '李四', '郑红梅', 'reporter', 'address', 'description', 'photo']) expect(text).not.toContain(secret);
  expect(text).not.toContain(point.lon.toFixed(5));
  expect(text).not.toContain(point.lat.toFixed(5));
}

describe('a resident\'s report without an account', () => {
  it('is filed at the community with the resident\'s name and phone kept private, and followed by its link', async () => {
    const filed = await fileOne();
    expect(filed.trackUrl).toBe(`/public/track/${filed.token}`);
    const [row] = await db.sql`select source, reporter_user_id, reporter_name, reporter_phone, level, status, community_code from incident where id = ${filed.id}`;
    expect(row).toEqual({ source: 'resident', reporter_user_id: null, reporter_name: NAME, reporter_phone: PHONE, level: 'community', status: 'reported', community_code: COMMUNITY });
    const [f] = await db.sql`select token_hash, user_id from incident_follower where incident_id = ${filed.id}`;
    expect(f!.user_id).toBeNull();
    expect(f!.token_hash).not.toContain(filed.token); // only the hash is stored
    const res = await anon(filed.trackUrl.replace('/public/', '/api/public/'));
    expect(res.status).toBe(200);
    const text = await res.text();
    expectNothingPersonal(text);
    const t = JSON.parse(text) as { status: string; steps: { step: string }[]; deadline: { dueAt: string } | null; rating: { canRate: boolean }; community: string };
    expect(t.status).toBe('reported');
    expect(t.steps.map((s) => s.step)).toEqual(['report']);
    expect(t.deadline?.dueAt).toBeTruthy();
    expect(t.rating.canRate).toBe(false);
    expect(t.community).toBe('富润社区');
    // the case's handlers see the resident masked, as any resident reporter
    const detail = await json<{ reporter: { name: string; phone: string; userId: null } }>(await asStaff('manager.furun', `/api/incidents/${filed.id}`));
    expect(detail.reporter).toMatchObject({ userId: null, name: '张*明', phone: '139****5678' });
  });

  it('refuses bad input with a clear 400 and writes nothing', async () => {
    const [before] = await db.sql`select count(*)::int as n from incident`;
    const cases: [Record<string, unknown>, string][] = [
      [{ lon: 0, lat: 0 }, 'outside_jurisdiction'], [{ categoryCode: '9999' }, 'category_not_found'], [{ description: '' }, 'invalid_request'],
      [{ phone: 'call me' }, 'invalid_request'], [{ name: 'x'.repeat(51) }, 'invalid_request'], [{ source: 'patrol' }, 'invalid_request'],
      [{ lon: 'x' }, 'invalid_request'], [{ crs: 'mars' }, 'invalid_request'],
    ];
    for (const [extra, code] of cases) {
      const res = await residentReport(extra);
      expect([res.status, await errorCode(res)], JSON.stringify(extra)).toEqual([400, code]);
    }
    const [after] = await db.sql`select count(*)::int as n from incident`;
    expect(after!.n).toBe(before!.n);
  });

  it('takes 5 reports per address in 10 minutes, then 429 with Retry-After; refused reports do not count; other addresses go on', async () => {
    const a = app();
    for (let i = 0; i < 6; i++) expect((await residentReport({ lon: 0, lat: 0 }, a, '198.51.100.7')).status).toBe(400);
    for (let i = 0; i < 5; i++) expect((await residentReport({}, a, '198.51.100.7')).status).toBe(201);
    const blocked = await residentReport({}, a, '198.51.100.7');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await errorCode(blocked)).toBe('too_many_reports');
    expect((await residentReport({}, a, '198.51.100.8')).status).toBe(201);
  });
});

type Tracked = { status: string; merged: boolean; steps: { step: string; at: string }[]; rating: { canRate: boolean; rating: number | null }; category: { code: string } };
const track = async (token: string) => json<Tracked>(await anon(`/api/public/track/${token}`));
const rate = (token: string, body: unknown, a = app()) => anon(`/api/public/track/${token}/rating`, body, a);

describe('following and rating', () => {
  it('shows the steps by name and date only, rates once the case is closed, and evaluates it for the reporter', async () => {
    const filed = await fileOne();
    const early = await rate(filed.token, { rating: 5 });
    expect([early.status, await errorCode(early)]).toEqual([409, 'rating_not_open']);
    await close(filed.id);
    const closed = await anon(`/api/public/track/${filed.token}`);
    const text = await closed.text();
    expectNothingPersonal(text);
    const t = JSON.parse(text) as Tracked;
    expect(t.steps.map((s) => s.step)).toEqual(['report', 'accept', 'dispatch', 'start', 'feed_back', 'verify']);
    expect(t.rating.canRate).toBe(true);
    expect((await rate(filed.token, { rating: 6 })).status).toBe(400);
    expect((await rate(filed.token, { rating: 4, comment: 'x'.repeat(1001) })).status).toBe(400);
    const ok = await rate(filed.token, { rating: 4, comment: '处理很快，谢谢' });
    expect(ok.status).toBe(200);
    const rated = await json<Tracked>(ok);
    expect([rated.status, rated.rating]).toEqual(['evaluated', { canRate: false, rating: 4, ratedAt: now.toISOString() }]);
    expect(rated.steps.at(-1)?.step).toBe('evaluate');
    const [f] = await db.sql`select rating, rating_comment, rated_at from incident_follower where incident_id = ${filed.id}`;
    expect(f).toEqual({ rating: 4, rating_comment: '处理很快，谢谢', rated_at: now });
    const [i] = await db.sql`select status, rating from incident where id = ${filed.id}`;
    expect(i).toEqual({ status: 'evaluated', rating: 4 });
    const [e] = await db.sql`select actor_user_id, actor_role, note, to_status from incident_event where incident_id = ${filed.id} and action = 'evaluate'`;
    expect(e).toEqual({ actor_user_id: null, actor_role: 'system', note: null, to_status: 'evaluated' });
    const again = await rate(filed.token, { rating: 1 });
    expect([again.status, await errorCode(again)]).toEqual([409, 'already_rated']);
  });

  it('lets exactly one of 30 simultaneous identical ratings through; the others get 409 and the case is evaluated once', async () => {
    const filed = await fileOne();
    await close(filed.id);
    const a = app();
    const results = await Promise.all(Array.from({ length: 30 }, () => rate(filed.token, { rating: 5 }, a)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    const [n] = await db.sql`select count(*)::int as n from incident_event where incident_id = ${filed.id} and action = 'evaluate'`;
    expect(n!.n).toBe(1);
  });

  it('answers an unknown or malformed link with the same 404', async () => {
    for (const token of ['AAAAAAAAAAAAAAAAAAAAAAAA', 'short', '..%2F..', 'x'.repeat(65)]) {
      const res = await anon(`/api/public/track/${token}`);
      expect([res.status, await errorCode(res)], token).toEqual([404, 'track_not_found']);
      const r = await rate(token, { rating: 3 });
      expect([r.status, await errorCode(r)], token).toEqual([404, 'track_not_found']);
    }
  });

  it('follows its case through a merge made by the community: the link shows the case it joined, and rates it', async () => {
    const dup = await fileOne();
    const kept = await fileOne();
    const merge = await asStaff('manager.furun', `/api/incidents/${dup.id}/merge`, { into: kept.id, version: 1, note: NOTE });
    expect(merge.status, await merge.clone().text()).toBe(200);
    const res = await anon(`/api/public/track/${dup.token}`);
    const text = await res.text();
    expectNothingPersonal(text);
    const t = JSON.parse(text) as Tracked;
    expect([t.merged, t.status, t.steps.map((s) => s.step)]).toEqual([true, 'reported', ['report', 'merge']]);
    await close(kept.id);
    expect((await rate(dup.token, { rating: 2 })).status).toBe(200);
    const [i] = await db.sql`select status, rating from incident where id = ${kept.id}`;
    expect(i).toEqual({ status: 'evaluated', rating: 2 });
    expect((await track(kept.token)).rating).toMatchObject({ canRate: true, rating: null });
  });

  it('follows a case merged into another: its progress, and the first rating evaluates it while later ones are only stored', async () => {
    const dup = await fileOne();
    const kept = await fileOne();
    await db.sql`update incident set merged_into = ${kept.id}, status = 'voided' where id = ${dup.id}`;
    await act('manager.furun', kept.id, { action: 'accept' });
    const t = await track(dup.token);
    expect(t.merged).toBe(true);
    expect([t.status, t.steps.map((s) => s.step)]).toEqual(['accepted', ['report', 'accept']]);
    expect((await track(kept.token)).merged).toBe(false);
    await act('manager.furun', kept.id, { action: 'dispatch', assignee: { kind: 'community', unitId: COMMUNITY } });
    await act('manager.furun', kept.id, { action: 'start' });
    await act('manager.furun', kept.id, { action: 'feed_back', note: NOTE });
    await act('manager.furun', kept.id, { action: 'verify' });
    expect((await rate(dup.token, { rating: 3 })).status).toBe(200);
    const second = await rate(kept.token, { rating: 5 });
    expect(second.status).toBe(200);
    expect((await json<Tracked>(second)).rating).toMatchObject({ canRate: false, rating: 5 });
    const [i] = await db.sql`select status, rating from incident where id = ${kept.id}`;
    expect(i).toEqual({ status: 'evaluated', rating: 3 });
    const ratings = await db.sql`select rating from incident_follower where token_hash is not null and incident_id in (${dup.id}, ${kept.id}) order by rating`;
    expect(ratings.map((r) => r.rating)).toEqual([3, 5]);
  });
});

type PublicItem = { id: number; status: string; synthetic: boolean; place: { lon: number; lat: number; cellMetres: number }; closingStep: string; result: { onTime: boolean | null; selfHandled: boolean } };
type Page = { items: PublicItem[]; total: number };

describe('公示: finished cases', () => {
  it('lists closed and evaluated cases only, at the centre of their 100 m cell, with no personal data', async () => {
    const open = await fileOne();
    const done = await fileOne();
    await close(done.id);
    // a grid leader's case solved on the spot is disclosed too, named by its closing step
    const own = await json<{ id: number }>(await asStaff('leader.furun1', '/api/incidents', { categoryCode: '0102', lon: point.lon, lat: point.lat, description: DESCRIPTION }));
    await act('leader.furun1', own.id, { action: 'self_handle', note: NOTE });
    await db.sql`update incident set synthetic = true where id = ${own.id}`;
    const res = await anon('/api/public/incidents?limit=200');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=60');
    const text = await res.text();
    expectNothingPersonal(text);
    const page = JSON.parse(text) as Page;
    const ids = page.items.map((i) => i.id);
    expect(ids).toContain(done.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(open.id);
    expect(page.items.every((i) => i.status === 'closed' || i.status === 'evaluated')).toBe(true);
    const [n] = await db.sql`select count(*)::int as n from incident where status in ('closed', 'evaluated') and merged_into is null`;
    expect(page.total).toBe(n!.n);
    const item = page.items.find((i) => i.id === done.id)!;
    expect(item.place).toEqual({ ...coarsen(point.lon, point.lat), cellMetres: 100 });
    expect([item.closingStep, item.result.selfHandled, item.synthetic]).toEqual(['verify', false, false]);
    const mine = page.items.find((i) => i.id === own.id)!;
    expect([mine.closingStep, mine.result.selfHandled, mine.synthetic]).toEqual(['self_handle', true, true]);
  });

  it('filters by category, place and period, pages, and leaves merged cases out', async () => {
    const done = await fileOne();
    await close(done.id);
    const get = async (q: string) => json<Page>(await anon(`/api/public/incidents?${q}`));
    expect((await get(`category=01&jurisdiction=${COMMUNITY}&limit=200`)).items.map((i) => i.id)).toContain(done.id);
    expect((await get('category=02&limit=200')).items.map((i) => i.id)).not.toContain(done.id);
    expect((await get(`jurisdiction=${grid.code}&limit=200`)).items.map((i) => i.id)).toContain(done.id);
    expect((await get('to=2026-12-01&limit=200')).items.map((i) => i.id)).not.toContain(done.id);
    expect((await get('from=2026-12-07&to=2026-12-08&limit=200')).items.map((i) => i.id)).toContain(done.id);
    const one = await get('limit=1&offset=1');
    expect(one.items).toHaveLength(1);
    expect(one.total).toBeGreaterThan(1);
    await db.sql`update incident set merged_into = (select min(id) from incident) where id = ${done.id}`;
    expect((await get('limit=200')).items.map((i) => i.id)).not.toContain(done.id);
    for (const q of ['limit=0', 'limit=201', 'category=1', 'from=yesterday', 'jurisdiction=abc', 'offset=-1']) expect((await anon(`/api/public/incidents?${q}`)).status, q).toBe(400);
  });
});

type MyGrid = {
  grid: { code: string; name: string; boundary: { type: string }; bbox: number[] }; community: { code: string; name: string }; town: { name: string } | null;
  workers: { role: string; name: string; phone: string | null }[]; matches: { kind: string; name: string; lon: number; lat: number }[];
};

describe('我的网格', () => {
  it('finds the grid at a point with its outline, places and its workers\' names and work phones, and no resident', async () => {
    const res = await anon(`/api/public/my-grid?lon=${grid.lon}&lat=${grid.lat}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const g = JSON.parse(text) as MyGrid;
    expect(g.grid.code).toBe(grid.code);
    expect(['Polygon', 'MultiPolygon']).toContain(g.grid.boundary.type);
    expect(g.community).toEqual({ code: COMMUNITY, name: '富润社区' });
    expect(g.town?.name).toBe('学院路街道');
    expect(g.workers).toEqual(expect.arrayContaining([
      { role: 'grid_leader', name: '王磊（网格长）', phone: '13900000102' },
      { role: 'grid_assistant', name: '李娜（网格协管员）', phone: '13900000103' },
    ]));
    expect(g.matches).toEqual([]);
    // residents of the grid are never named, nor their phones given
    const people = await db.sql`select r.name, r.phone from resident r join household h on h.id = r.household_id join building b on b.id = h.building_id
      join grid gr on ST_Intersects(gr.geom, b.anchor) where gr.code = ${grid.code} and r.phone is not null limit 200`;
    expect(people.length).toBeGreaterThan(0);
    for (const p of people) {
      expect(text).not.toContain(String(p.phone));
      expect(text).not.toContain(`"${String(p.name)}"`);
    }
  });

  it('finds the grid of an address or building, the best match first, with the other matches to choose from', async () => {
    const [b] = await db.sql`select b.address from building b join grid g on ST_Intersects(g.geom, b.anchor)
      join grid_plan p on p.id = g.plan_id and p.status = 'published' where b.address is not null order by b.id limit 1`;
    const res = await anon(`/api/public/my-grid?q=${encodeURIComponent(String(b!.address))}`);
    expect(res.status).toBe(200);
    const g = await json<MyGrid>(res);
    expect(g.matches.length).toBeGreaterThan(0);
    const at = await json<MyGrid>(await anon(`/api/public/my-grid?lon=${g.matches[0]!.lon}&lat=${g.matches[0]!.lat}`));
    expect(g.grid.code).toBe(at.grid.code);
    const none = await anon(`/api/public/my-grid?q=${encodeURIComponent('火星基地一号楼')}`);
    expect([none.status, await errorCode(none)]).toEqual([404, 'place_not_found']);
  });

  it('says 404 outside every grid and 400 for a malformed question', async () => {
    const outside = await anon('/api/public/my-grid?lon=0&lat=0');
    expect([outside.status, await errorCode(outside)]).toEqual([404, 'grid_not_found']);
    for (const q of ['', 'lon=116.3', 'lat=40', 'lon=x&lat=40', 'lon=200&lat=40', `lon=116.3&lat=40&q=a`, 'q=%20', `q=${'长'.repeat(65)}`]) {
      expect((await anon(`/api/public/my-grid?${q}`)).status, q).toBe(400);
    }
  });
});

describe('the public pages', () => {
  it('are served as pages of the app without signing in, while other paths under /public stay 404', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'wangge-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>网格</title>');
    const a = app();
    expect(mountClient(a, dist)).toBe(true);
    const filed = await fileOne();
    for (const path of ['/public/incidents', '/public/my-grid', filed.trackUrl]) {
      const res = await a.request(path);
      expect([res.status, await res.text()], path).toEqual([200, '<!doctype html><title>网格</title>']);
    }
    for (const path of ['/public', '/public/', '/public/nothing', '/public/track/', '/public/track/short', `${filed.trackUrl}/more`]) {
      expect((await a.request(path)).status, path).toBe(404);
    }
  });
});
