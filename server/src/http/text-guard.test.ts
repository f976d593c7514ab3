import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { json, signedInSender } from '../../test/api.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createSession } from '../../test/factories.ts';

// Text PostgreSQL cannot store (NUL, lone surrogates) in a query string, a JSON body or an imported
// file is a 400 naming where it is, never a 500 "invalid byte sequence for encoding UTF8: 0x00".
const COMMUNITY = '110108010031';
let db: TestDatabase;
let send: Awaited<ReturnType<typeof signedInSender>>;
const ids = { resident: 0, household: 0, building: 0, community: 0, plan: 0 };

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  send = await signedInSender(db.sql);
  const [r] = await db.sql`select r.id resident, h.id household, h.building_id building, j.id community from resident r
    join household h on h.id = r.household_id join jurisdiction j on j.code = ${COMMUNITY} order by r.id limit 1`;
  Object.assign(ids, { resident: Number(r!.resident), household: Number(r!.household), building: Number(r!.building), community: Number(r!.community) });
  ids.plan = (await json<{ id: number }>(await send('admin', 'POST', '/api/plans', { jurisdictionId: ids.community }))).id;
});
afterAll(() => db.drop());

const counts = async () => (await db.sql`select (select count(*) from resident) r, (select count(*) from household) h,
  (select count(*) from app_user) u, (select count(*) from grid_plan) p, (select count(*) from plan_comment) c, (select count(*) from building) b`)[0];
type Err = { error: { code: string; message: string; details: unknown } };

describe('query strings', () => {
  it.each([
    ['/api/residents?q=%00', 'q'], ['/api/residents?q=ad%00min&limit=10', 'q'], ['/api/admin/users?q=x%00', 'q'],
    ['/api/audit?user=%00', 'user'], ['/api/plans?status=draft&%00=1', '\u0000'],
  ])('GET %s is 400 invalid_text naming %j', async (path, parameter) => {
    const res = await send('admin', 'GET', path);
    expect(res.status).toBe(400);
    expect(await json<Err>(res)).toMatchObject({ error: { code: 'invalid_text', details: { parameter } } });
  });
});

describe('JSON bodies', () => {
  it('the public sign-in refuses a NUL in the username with 400, not 500', async () => {
    const res = await createApp({ sql: db.sql }).request('/api/auth/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'ad\u0000min', password: 'x' }),
    });
    expect(res.status).toBe(400);
    expect(await json<Err>(res)).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'username', message: expect.stringMatching(/NUL/) }] } });
  });

  const cases = (bad: string) => [
    ['POST', '/api/residents', () => ({ householdId: ids.household, name: `张${bad}三` }), 'name'],
    ['PATCH', `/api/residents/:resident`, () => ({ version: 1, name: `张${bad}` }), 'name'],
    ['POST', '/api/residents/:resident/reveal', () => ({ fields: ['phone'], reason: `check ${bad}` }), 'reason'],
    ['POST', '/api/households', () => ({ buildingId: ids.building, room: `1${bad}01` }), 'room'],
    ['PATCH', '/api/households/:household', () => ({ version: 1, room: `1${bad}` }), 'room'],
    ['POST', '/api/admin/users', () => ({ username: 'fresh.user', displayName: `x${bad}`, grants: [] }), 'displayName'],
    ['POST', '/api/plans', () => ({ jurisdictionId: ids.community, name: `方案${bad}` }), 'name'],
    ['POST', '/api/plans/:plan/comments', () => ({ body: `意见${bad}` }), 'body'],
  ] as const;
  it.each([...cases('\u0000').map((c) => ['NUL', ...c] as const), ...cases('\ud800').map((c) => ['a lone surrogate', ...c] as const)])(
    '%s in %s %s is 400 invalid_request on its field, and nothing is written', async (_, method, path, body, field) => {
      const before = await counts();
      const res = await send('admin', method, path.replace(/:(\w+)/, (__, k: keyof typeof ids) => String(ids[k])), body());
      expect(res.status).toBe(400);
      expect(await json<Err>(res)).toMatchObject({ error: { code: 'invalid_request', details: [{ field }] } });
      expect(await counts()).toEqual(before);
    });
});

describe('imported files', () => {
  const square = (x: number, y: number, s = 0.0003) => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });
  // files are not JSON: sent as they are, not through signedInSender's JSON.stringify
  const upload = (path: string, body: string) => createApp({ sql: db.sql }).request(path, { method: 'POST', body,
    headers: { ...signedHeaders, 'Content-Type': 'application/geo+json' } });
  let signedHeaders: Record<string, string> = {};
  beforeAll(async () => {
    const [u] = await db.sql`select id from app_user where username = 'admin'`;
    const s = await createSession(db.sql, Number(u!.id));
    signedHeaders = { Cookie: s.cookie, 'X-CSRF-Token': s.csrfToken };
  });
  const point = async () => {
    const [p] = await db.sql`select ST_X(pt) x, ST_Y(pt) y from (select ST_PointOnSurface(geom) pt from jurisdiction where code = ${COMMUNITY}) s`;
    return [Number(p!.x), Number(p!.y)] as const;
  };
  const problemsOf = async (res: Response) => {
    expect(res.status).toBe(400);
    const body = await json<Err>(res);
    expect(body.error.code).toBe('import_invalid');
    return (body.error.details as { problems: { index: number | null; field?: string; message: string }[] }).problems;
  };

  it('base data: a NUL in a property and a lone surrogate in an id are located import problems', async () => {
    const [x, y] = await point();
    const file = JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { households: 10, name: 'a\u0000b' }, geometry: square(x, y) },
      { type: 'Feature', id: 'w\ud800', properties: { households: 10 }, geometry: square(x + 0.001, y) },
    ] });
    const before = await counts();
    const problems = await problemsOf(await upload(`/api/imports/buildings?jurisdiction=${COMMUNITY}`, file));
    expect(problems).toMatchObject([
      { index: 0, field: 'properties.name', message: expect.stringMatching(/NUL/) },
      { index: 1, field: 'id', message: expect.stringMatching(/lone UTF-16 surrogate/) },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('plan files: a NUL in a grid name (GeoJSON) or in a CSV cell is a located import problem', async () => {
    const [x, y] = await point();
    const file = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '网格\u0000' }, geometry: square(x, y, 0.002) }] });
    expect(await problemsOf(await upload(`/api/plans/${ids.plan}/import?format=geojson&version=1`, file)))
      .toContainEqual(expect.objectContaining({ index: 0, field: 'properties.name', message: expect.stringMatching(/NUL/) }));
    // the other rows' buildings are missing from this one-row file too: those problems come with it
    const csv = `building_id,grid_code,grid_name\n${ids.building},A,名\u0000称\n`;
    expect(await problemsOf(await upload(`/api/plans/${ids.plan}/import?format=csv&version=1`, csv)))
      .toContainEqual(expect.objectContaining({ index: 0, field: 'grid_name', message: expect.stringMatching(/NUL/) }));
  });
});
