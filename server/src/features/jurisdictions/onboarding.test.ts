import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { json, signedInSender } from '../../../test/api.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { square } from '../../../test/factories.ts';

// Adding a city to a running Wangge (issue 9): a county by an admin, its street offices and
// communities, official names suggested, the map opening where each user works, and the first
// draft of an area without a plan in force.
let db: TestDatabase;
let send: Awaited<ReturnType<typeof signedInSender>>;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  send = await signedInSender(db.sql);
});
afterAll(() => db.drop());

const create = (who: string, body: unknown) => send(who, 'POST', '/api/jurisdictions', body);
const errorOf = async (res: Response) => ({ status: res.status, code: (await json<{ error: { code: string } }>(res)).error.code });

describe('adding a city', () => {
  it('an admin adds a county far from the demo, then administers it; street office and community follow', async () => {
    const county = await create('admin', { code: '310115', name: '浦东新区', level: 'county' });
    expect(county.status).toBe(201);
    expect(await json(county)).toMatchObject({ code: '310115', level: 'county', parentCode: null, official: { name: '浦东新区', path: '上海市' } });
    const [grant] = await db.sql`select r.role from role_assignment r join app_user u on u.id = r.user_id
      join jurisdiction j on j.id = r.jurisdiction_id where u.username = 'admin' and j.code = '310115'`;
    expect(grant).toMatchObject({ role: 'admin' });
    // signedInSender reads grants per request, so the new grant applies at once
    expect((await create('admin', { code: '310115004', name: '潍坊新村街道', level: 'town', parentCode: '310115' })).status).toBe(201);
    const community = await create('admin', { code: '310115004001', name: '潍坊一村', level: 'community', parentCode: '310115004', householdMin: 250, householdMax: 450 });
    expect(community.status).toBe(201);
    const [row] = await db.sql`select region_code, household_min, household_max, geom from jurisdiction where code = '310115004001'`;
    expect(row).toEqual({ region_code: '310115', household_min: 250, household_max: 450, geom: null });
    const [audit] = await db.sql`select count(*)::int as n from audit_log where action = 'jurisdiction.create'`;
    expect(audit!.n).toBe(3);
    const tree = await json<{ tree: { code: string }[] }>(await send('viewer', 'GET', '/api/jurisdictions'));
    expect(tree.tree.map((t) => t.code)).toEqual(['110108', '310115']);
  });

  it.each([
    [{ code: '3101', name: 'x', level: 'county' }, 400, 'invalid_request'],
    [{ code: '310116001', name: 'x', level: 'county' }, 400, 'code_level_mismatch'],
    [{ code: '310115005', name: 'x', level: 'town' }, 400, 'parent_required'],
    [{ code: '310116005', name: 'x', level: 'town', parentCode: '310115' }, 400, 'code_not_under_parent'],
    [{ code: '310115004002', name: 'x', level: 'community', parentCode: '310115' }, 400, 'code_not_under_parent'],
    [{ code: '310115', name: '浦东', level: 'county' }, 409, 'code_taken'],
    [{ code: '320115006', name: 'x', level: 'town', parentCode: '320115' }, 404, 'jurisdiction_not_found'],
    [{ code: '310115', name: ' ', level: 'county' }, 400, 'invalid_request'],
  ])('refuses %j with %i %s and writes nothing', async (body, status, code) => {
    const before = (await db.sql`select count(*)::int as n from jurisdiction`)[0]!.n;
    expect(await errorOf(await create('admin', body))).toEqual({ status, code });
    expect((await db.sql`select count(*)::int as n from jurisdiction`)[0]!.n).toBe(before);
  });

  it('a planner adds communities under their street office, but no county and nothing elsewhere', async () => {
    expect(await errorOf(await create('planner', { code: '330106', name: '西湖区', level: 'county' }))).toEqual({ status: 403, code: 'forbidden' });
    expect(await errorOf(await create('planner', { code: '310115004009', name: 'x', level: 'community', parentCode: '310115004' })))
      .toEqual({ status: 404, code: 'jurisdiction_not_found' });
    expect((await create('planner', { code: '110108010090', name: '新建社区', level: 'community', parentCode: '110108010' })).status).toBe(201);
    expect((await create('viewer', { code: '110108010091', name: 'x', level: 'community', parentCode: '110108010' })).status).toBe(403);
  });

  it('50 identical requests at once: one 201, 49 × 409, one row', async () => {
    const body = { code: '310115004050', name: '并发社区', level: 'community', parentCode: '310115004' };
    const res = await Promise.all(Array.from({ length: 50 }, () => create('admin', body)));
    const statuses = res.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect((await db.sql`select count(*)::int as n from jurisdiction where code = ${body.code}`)[0]!.n).toBe(1);
  });
});

describe('setup checklist', () => {
  type Setup = { steps: { key: string; done: boolean; optional: boolean }[]; communities: number; buildings: number };
  const setup = async (who: string, code: string) => {
    const [j] = await db.sql`select id from jurisdiction where code = ${code}`;
    return send(who, 'GET', `/api/jurisdictions/${j!.id}/setup`);
  };
  const done = (s: Setup) => Object.fromEntries(s.steps.map((x) => [x.key, x.done]));

  it('says what a new street office lacks, and that the demo one has it all', async () => {
    const fresh = await json<Setup>(await setup('admin', '310115004'));
    expect(fresh.communities).toBeGreaterThan(0);
    expect(done(fresh)).toEqual({ boundary: false, communities: false, buildings: false, roads: false, waterGreen: false, plan: false });
    expect(fresh.steps.find((x) => x.key === 'roads')!.optional).toBe(true);
    const demo = await json<Setup>(await setup('planner', '110108010'));
    expect(demo.buildings).toBeGreaterThan(200);
    // the community the planner added above has no boundary yet: the checklist says so
    expect(done(demo)).toMatchObject({ boundary: true, communities: false, buildings: true, roads: true, plan: true });
    expect(await json(await setup('planner', '110108010'))).toMatchObject({ communitiesWithBoundary: demo.communities - 1 });
    expect((await setup('planner', '310115004')).status).toBe(404);
    expect((await setup('viewer', '110108010')).status).toBe(403);
  });
});

describe('official codes', () => {
  it('suggests counties and street offices of the whole country, and Beijing/Shanghai communities', async () => {
    const pick = async (q: string) => (await json<{ items: { code: string; name: string; level: string; path: string }[] }>(await send('viewer', 'GET', `/api/jurisdictions/divisions?${q}`))).items;
    expect((await pick('q=浦东新区&level=county'))[0]).toMatchObject({ code: '310115', name: '浦东新区', path: '上海市' });
    expect((await pick('q=西湖区&level=county')).map((d) => d.code)).toContain('330106');
    const towns = await pick('parentCode=310115&level=town&limit=50');
    expect(towns.length).toBeGreaterThan(30);
    expect(towns.every((t) => t.code.startsWith('310115'))).toBe(true);
    expect((await pick('q=440305&level=county'))[0]).toMatchObject({ name: '南山区' });
    expect((await pick('parentCode=110108010')).some((c) => c.level === 'community')).toBe(true);
    expect((await send('viewer', 'GET', '/api/jurisdictions/divisions?limit=500')).status).toBe(400);
  });
});

describe('where the map opens', () => {
  const bounds = async (who: string | null) => {
    const res = who ? await send(who, 'GET', '/api/map') : await createApp({ sql: db.sql }).request('/api/map');
    return (await json<{ bounds: [number, number, number, number] }>(res)).bounds;
  };
  const area = (b: [number, number, number, number]) => (b[2] - b[0]) * (b[3] - b[1]);

  it('on the caller\'s own grants: a grid leader on their grid, anonymous on the home county', async () => {
    const county = await bounds(null);
    const leader = await bounds('leader.furun1');
    expect(area(leader)).toBeLessThan(area(county) / 20);
    expect(leader[0]).toBeGreaterThanOrEqual(county[0] - 1e-9);
    expect(leader[2]).toBeLessThanOrEqual(county[2] + 1e-9);
  });

  it('on a new city once it has geometry; the first draft of an area with no plan in force opens', async () => {
    await db.sql`update jurisdiction set geom = ST_GeomFromText(${square(121.52, 31.22, 0.01)}, 4326) where code like '310115%'`;
    const admin = await bounds('admin');
    expect(admin[2]).toBeGreaterThan(121); // the admin's grants now span Haidian and Pudong
    const [c] = await db.sql`select id from jurisdiction where code = '310115004001'`;
    const draft = await send('admin', 'POST', '/api/plans', { jurisdictionId: Number(c!.id) });
    expect(draft.status).toBe(201);
    const { id } = await json<{ id: number }>(draft);
    const plan = await send('admin', 'GET', `/api/plans/${id}`);
    expect(plan.status).toBe(200);
    const body = await json<{ validation: { problems: { kind: string }[] } }>(plan);
    expect(body.validation.problems.map((p) => p.kind)).toContain('gap');
    expect((await send('admin', 'GET', `/api/plans/${id}/validation`)).status).toBe(200);
  });
});
