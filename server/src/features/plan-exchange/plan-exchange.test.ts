import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import shp from 'shpjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';
import { createAuthRepo } from '../auth/auth.repo.ts';
import type { Caller } from '../../http/auth.ts';
import { createPlansService } from '../plans/plans.service.ts';

// Plan files over the Haidian demo: each export format read back gives the same codes, names and
// areas; an import replaces a draft's grids as one operation, or lists every problem and changes nothing.
const JINGSHU = '110108010024';
let db: TestDatabase;
let published: number;
const as: Record<string, { cookie: string; csrfToken: string }> = {};

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  for (const u of await db.sql`select id, username from app_user`) as[u.username] = await createSession(db.sql, Number(u.id));
  published = Number((await db.sql`select id from grid_plan where status = 'published'`)[0]!.id);
});
afterAll(() => db.drop());

const request = (who: string, path: string, init: { method?: string; body?: string | ArrayBuffer } = {}) => createApp({ sql: db.sql }).request(path, {
  ...init, headers: { Cookie: as[who]!.cookie, 'X-CSRF-Token': as[who]!.csrfToken },
});
async function caller(username: string): Promise<Caller> {
  const [u] = await db.sql`select id, display_name from app_user where username = ${username}`;
  const grants = await createAuthRepo(db.sql).grants(Number(u!.id));
  return { userId: Number(u!.id), username, displayName: u!.display_name, grants, via: 'session', sessionHash: null, csrfToken: null, mustChangePassword: false };
}
/** A new draft for 静淑苑社区 (the town plan copied, only the community editable). */
async function draft() {
  const [j] = await db.sql`select id from jurisdiction where code = ${JINGSHU}`;
  return createPlansService(db.sql, { clock: () => new Date() }).create(await caller('planner'), { jurisdictionId: Number(j!.id) });
}
type Fc = { features: { geometry: unknown; properties: Record<string, unknown> }[] };
/** code → [name, area m²] of features (area by PostGIS), and the same for the stored grids of a plan. */
async function areas(features: Fc['features']) {
  const rows = await db.sql`select x.code, x.name, ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(x.g), 4326)::geography) a
    from unnest(${features.map((f) => String(f.properties.code))}::text[], ${features.map((f) => String(f.properties.name))}::text[],
      ${features.map((f) => JSON.stringify(f.geometry))}::text[]) as x(code, name, g) order by x.code`;
  return rows.map((r) => [r.code, r.name, r.a as number] as const);
}
/** Same codes and names, areas equal to 1 m² (coordinates travel with 7 decimals, ≈ 1 cm). */
async function sameGrids(features: Fc['features'], planId: number) {
  const got = await areas(features);
  const want = await storedAreas(planId);
  expect(got.map((r) => r.slice(0, 2))).toEqual(want.map((r) => r.slice(0, 2)));
  got.forEach((r, i) => expect(Math.abs(r[2] - (want[i]![2] as number))).toBeLessThan(1));
}
async function storedAreas(planId: number) {
  const rows = await db.sql`select code, name, ST_Area(geom::geography) a from grid where plan_id = ${planId} order by code`;
  return rows.map((r) => [r.code, r.name, r.a as number] as const);
}

describe('GET /api/plans/:id/export', () => {
  it('GeoJSON: every grid with code, name, community, households and lineage', async () => {
    const res = await request('planner', `/api/plans/${published}/export?format=geojson`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="plan-\d+-v\d+\.geojson"; filename\*=UTF-8''%E5/);
    const fc = (await res.json()) as Fc;
    expect(fc.features).toHaveLength(23);
    await sameGrids(fc.features, published);
    const [h] = await db.sql`select sum(households)::int n from building b join jurisdiction c on c.id = b.community_id where c.code like '110108010%'`;
    expect(fc.features.reduce((n, f) => n + (f.properties.households as number), 0)).toBeLessThanOrEqual(h!.n);
    expect(fc.features[0]!.properties).toMatchObject({ community_code: expect.stringMatching(/^\d{12}$/), parent_codes: [], locked: false });
  });

  it('Shapefile: shpjs reads back the same codes, Chinese names and areas', async () => {
    const res = await request('planner', `/api/plans/${published}/export?format=shapefile`);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const fc = (await shp(await res.arrayBuffer())) as unknown as Fc;
    expect(fc.features.every((f) => /[\u4e00-\u9fff]/.test(String(f.properties.name)))).toBe(true);
    await sameGrids(fc.features, published);
  });

  it('KML: escaped text, and togeojson reads back the same codes, names and areas', async () => {
    await db.sql`update grid set name = ${'A&B <网格> "1"'} where plan_id = ${published} and code = (select min(code) from grid where plan_id = ${published})`;
    const res = await request('planner', `/api/plans/${published}/export?format=kml`);
    const text = await res.text();
    expect(text).toContain('A&amp;B &lt;网格&gt; &quot;1&quot;');
    const fc = kml(new DOMParser().parseFromString(text, 'text/xml') as never) as unknown as Fc;
    await sameGrids(fc.features, published);
  });

  it('CSV: every building of the town with its grid, BOM, formulas defused', async () => {
    await db.sql`update building set name = '=HYPERLINK("http://x")' where id = (select min(id) from building)`;
    const res = await request('planner', `/api/plans/${published}/export?format=csv`);
    expect(res.headers.get('content-disposition')).toMatch(/filename="plan-\d+-buildings-v\d+\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('building_id,osm_id,building_name,households,grid_code,grid_name');
    const [n] = await db.sql`select count(*)::int n from building b join jurisdiction c on c.id = b.community_id where c.code like '110108010%'`;
    expect(lines).toHaveLength(n!.n + 1);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    const [b] = await db.sql`select b.id, g.code from building b cross join lateral grid_of_building(b.id, current_date) g order by b.id desc limit 1`;
    expect(lines.find((l) => l.startsWith(`${b!.id},`))).toContain(`,${b!.code},`);
  });

  it('is refused to users without plans.view and for unknown formats', async () => {
    expect((await request('viewer', `/api/plans/${published}/export`)).status).toBe(403);
    expect((await request('planner', `/api/plans/${published}/export?format=dwg`)).status).toBe(400);
  });
});

describe('POST /api/plans/:id/import', () => {
  const upload = (id: number, format: string, version: number, body: string | ArrayBuffer) =>
    request('planner', `/api/plans/${id}/import?format=${format}&version=${version}`, { method: 'POST', body });

  it('round-trips a whole-plan Shapefile into a draft: the draft\'s grids keep their codes, the rest is skipped', async () => {
    const plan = await draft();
    const file = await (await request('planner', `/api/plans/${plan.id}/export?format=shapefile`)).arrayBuffer();
    const before = await storedAreas(plan.id);
    const res = await upload(plan.id, 'shapefile', plan.version, file);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: number; codes: string[]; skipped: string[] };
    expect(body.version).toBe(plan.version + 1);
    expect(body.codes.every((c) => c.startsWith(JINGSHU))).toBe(true);
    expect(body.skipped.length + body.codes.length).toBe(before.length);
    expect((await storedAreas(plan.id)).map((r) => r[0])).toEqual(before.map((r) => r[0]));
    const [op] = await db.sql`select kind, summary from plan_operation where plan_id = ${plan.id} order by id desc limit 1`;
    expect(op).toMatchObject({ kind: 'import', summary: { format: 'shapefile' } });
  });

  it('lists every problem of a broken file and changes nothing', async () => {
    const plan = await draft();
    const [x, y] = [116.35, 40.0];
    const fc = {
      type: 'FeatureCollection', features: [
        { type: 'Feature', properties: { name: '好' }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]]] } },
        { type: 'Feature', properties: { name: '蝴蝶' }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.001, y + 0.001], [x + 0.001, y], [x, y + 0.001], [x, y]]] } },
        { type: 'Feature', properties: { name: { zh: '错' } }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y]]] } },
        { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[x, y], [x + 1, y]] } },
        { type: 'Feature', properties: { name: '远处' }, geometry: { type: 'Polygon', coordinates: [[[120, 30], [120.001, 30], [120.001, 30.001], [120, 30]]] } },
      ],
    };
    const before = await storedAreas(plan.id);
    const res = await upload(plan.id, 'geojson', plan.version, JSON.stringify(fc));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; details: { problems: { index: number; field: string; location?: number[] }[] } } };
    expect(error.code).toBe('import_invalid');
    expect(error.details.problems.map((p) => [p.index, p.field])).toEqual([[0, 'geometry'], [1, 'geometry'], [2, 'properties.name'], [3, 'geometry.type'], [4, 'geometry']]);
    // the good square at (116.35, 40) lies outside 静淑苑社区; so does the one near Hangzhou
    expect(error.details.problems[1]!.location).toEqual([x + 0.0005, y + 0.0005]);
    expect(error.details.problems[4]).toMatchObject({ message: expect.stringMatching(/outside the draft's scope 110108010024/), location: [expect.closeTo(120, 2), expect.closeTo(30, 2)] });
    expect(await storedAreas(plan.id)).toEqual(before);
  });

  it('reads KML and says so when a file cannot be read', async () => {
    const plan = await draft();
    const bad = await upload(plan.id, 'kml', plan.version, '<kml><Document>');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { problems: { message: string }[] } } }).error.details.problems[0]!.message).toMatch(/Not readable KML/);
    const zip = await upload(plan.id, 'shapefile', plan.version, 'not a zip');
    expect(zip.status).toBe(400);
  });

  it('answers 409 on a stale version', async () => {
    const plan = await draft();
    const file = await (await request('planner', `/api/plans/${plan.id}/export?format=geojson`)).text();
    expect((await upload(plan.id, 'geojson', plan.version + 5, file)).status).toBe(409);
  });

  it('builds grids from a building → grid CSV as unions of parcels, moving a building the file moves', async () => {
    const plan = await draft();
    const csv = await (await request('planner', `/api/plans/${plan.id}/export?format=csv`)).text();
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    const codes = [...new Set(lines.slice(1).map((l) => l.split(',')[4]).filter((c) => c?.startsWith(JINGSHU)))].sort();
    // one building of the first grid goes to the second
    const moved = lines.findIndex((l, i) => i > 0 && l.split(',')[4] === codes[0]);
    const [id] = lines[moved]!.split(',');
    lines[moved] = lines[moved]!.replace(`,${codes[0]},`, `,${codes[1]},`);
    const res = await upload(plan.id, 'csv', plan.version, lines.join('\r\n'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { codes: string[] };
    expect(body.codes.length).toBe(codes.length);
    // every building of the community lies in exactly one grid of the draft, the moved one in the second grid's successor
    const [check] = await db.sql`
      select count(*) filter (where n <> 1)::int bad, count(*)::int total from (
        select b.id, count(g.id) n from building b join jurisdiction c on c.id = b.community_id
        left join grid g on g.plan_id = ${plan.id} and ST_Intersects(g.geom, b.anchor) where c.code = ${JINGSHU} group by b.id) x`;
    expect(check).toMatchObject({ bad: 0 });
    const [mate] = await db.sql`select g.code from grid g, building b where g.plan_id = ${plan.id} and b.id = ${Number(id)} and ST_Intersects(g.geom, b.anchor)`;
    const [other] = await db.sql`select g.code from grid g, building b where g.plan_id = ${plan.id} and ST_Intersects(g.geom, b.anchor)
      and b.id = (select min(bid) from unnest(${lines.slice(1).filter((l) => l.split(',')[4] === codes[1]).map((l) => Number(l.split(',')[0]))}::bigint[]) bid)`;
    expect(mate!.code).toBe(other!.code);
    const [overlap] = await db.sql`select count(*)::int n from grid a join grid b on a.plan_id = b.plan_id and a.code < b.code
      where a.plan_id = ${plan.id} and ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 1`;
    expect(overlap!.n).toBe(0);
  });

  it('lists unknown and missing buildings of a CSV and changes nothing', async () => {
    const plan = await draft();
    const before = await storedAreas(plan.id);
    const res = await upload(plan.id, 'csv', plan.version, 'building_id,grid_code\n999999999,X\n');
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { details: { problems: { index: number | null; message: string; location?: number[] }[] } } };
    expect(error.details.problems[0]).toMatchObject({ index: null, message: expect.stringMatching(/of the draft's scope is not in the file/), location: expect.any(Array) });
    expect(error.details.problems.at(-1)).toMatchObject({ index: 0, message: 'No such building' });
    expect(await storedAreas(plan.id)).toEqual(before);
  });
});
