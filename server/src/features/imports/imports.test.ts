import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, createSession, square as wktSquare } from '../../../test/factories.ts';
import { MAX_FEATURES_PER_FILE, MAX_VERTICES_PER_GEOMETRY, type ImportProblem } from './geojson.domain.ts';
import { importWith, problemsOf } from './imports.fixtures.ts';

// Base-data imports over the Haidian demo: broken files are rejected with every problem located
// and change nothing; good files add or replace; a new city starts from its own boundaries.
let db: TestDatabase;
const as: Record<string, { cookie: string; csrfToken: string }> = {};
const COMMUNITY = '110108010031';

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  for (const u of await db.sql`select id, username from app_user`) as[u.username] = await createSession(db.sql, Number(u.id));
});
afterAll(() => db.drop());

type Geo = { type: string; coordinates: unknown };
const fc = (features: { geometry: Geo | null; properties?: Record<string, unknown> }[]) =>
  JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', properties: {}, ...f })) });
const square = (x: number, y: number, s = 0.0003): Geo => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });
/** A closed ring of `n` positions (n − 1 distinct) around (x, y). */
const circle = (x: number, y: number, n: number, r = 0.0005): Geo => {
  const ring = Array.from({ length: n - 1 }, (_, i) => [x + r * Math.cos((2 * Math.PI * i) / (n - 1)), y + r * Math.sin((2 * Math.PI * i) / (n - 1))]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
};
const bowtie = (x: number, y: number): Geo => ({ type: 'Polygon', coordinates: [[[x, y], [x + 0.001, y + 0.001], [x + 0.001, y], [x, y + 0.001], [x, y]]] });

/** A point well inside a demo community, and one outside every demo community. */
async function inside(code: string) {
  const [p] = await db.sql`select ST_X(pt) x, ST_Y(pt) y from (select ST_PointOnSurface(geom) pt from jurisdiction where code = ${code}) s`;
  return [p!.x as number, p!.y as number] as const;
}
const counts = async () => {
  const [c] = await db.sql`select (select count(*)::int from building) b, (select count(*)::int from road) r,
    (select count(*)::int from jurisdiction) j, (select count(*)::int from compound) c`;
  return c!;
};
const run = (input: Parameters<ReturnType<typeof importWith>>[0]) => importWith(db.sql)(input);
const post = (who: string, path: string, body: string) => createApp({ sql: db.sql }).request(path, {
  method: 'POST', body, headers: { Cookie: as[who]!.cookie, 'X-CSRF-Token': as[who]!.csrfToken, 'Content-Type': 'application/geo+json' },
});

describe('broken building files', () => {
  it('reports every problem with its place and writes nothing', async () => {
    const [x, y] = await inside(COMMUNITY);
    const before = await counts();
    const text = fc([
      { geometry: square(x, y), properties: { households: 80, id: 'ok-1' } },
      { geometry: bowtie(x, y), properties: { households: 10, id: 'bowtie' } },
      { geometry: square(x, y), properties: { floors: 5, id: 'no-households' } },
      { geometry: square(x, y), properties: { households: 'lots', id: 'wrong-type' } },
      { geometry: square(121.5, 31.2), properties: { households: 10, id: 'shanghai' } },
      { geometry: { type: 'Point', coordinates: [x, y] }, properties: { households: 1, id: 'point' } },
      { geometry: square(12_950_000, 4_860_000, 30), properties: { households: 1, id: 'metres' } },
    ]);
    const problems = await problemsOf(run({ kind: 'buildings', text, jurisdiction: '110108010' }));
    expect(problems.map((p) => [p.index, p.id])).toEqual([
      [1, 'bowtie'], [2, 'no-households'], [3, 'wrong-type'], [4, 'shanghai'], [5, 'point'], [6, 'metres'],
    ]);
    expect(problems[0]).toMatchObject({ field: 'geometry', code: 'invalid_geometry', params: { defect: 'self_intersection' }, message: expect.stringMatching(/Self-intersection/) });
    expect(problems[0]!.location![0]).toBeCloseTo(x + 0.0005, 6);
    expect(problems[0]!.location![1]).toBeCloseTo(y + 0.0005, 6);
    expect(problems[1]).toMatchObject({ field: 'properties.households', message: 'missing' });
    expect(problems[2]).toMatchObject({ field: 'properties.households', code: 'invalid_property', message: 'must be a whole number from 0 to 10000' });
    expect(problems[3]).toMatchObject({ message: expect.stringMatching(/outside every community of 110108010/), location: [expect.any(Number), expect.any(Number)] });
    expect(problems[4]!.message).toMatch(/Point is not accepted/);
    expect(problems[5]!.message).toMatch(/metres/);
    expect(await counts()).toEqual(before);
  });

  it('rejects a file that declares a projected CRS', async () => {
    const [x, y] = await inside(COMMUNITY);
    const text = JSON.stringify({ ...JSON.parse(fc([{ geometry: square(x, y), properties: { households: 5 } }])),
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4547' } } });
    const problems = await problemsOf(run({ kind: 'buildings', text, jurisdiction: '110108010' }));
    expect(problems).toEqual([expect.objectContaining({ index: null, field: 'crs', message: expect.stringMatching(/4547/) })]);
  });

  it('recognises a GCJ-02 copy of the demo buildings and accepts it once told the CRS', async () => {
    const rows = await db.sql`select b.osm_id, b.households, ST_AsGeoJSON(b.geom, 7)::json g from building b
      join jurisdiction j on j.id = b.community_id where j.code like '110108010%' order by b.id limit 40`;
    expect(rows).toHaveLength(40);
    const shifted = rows.map((r, i) => ({
      geometry: gcoord.transform(r.g as never, gcoord.WGS84, gcoord.GCJ02) as unknown as Geo,
      properties: { households: r.households, id: `gcj-${i}` },
    }));
    const before = await counts();
    const problems = await problemsOf(run({ kind: 'buildings', text: fc(shifted), jurisdiction: '110108010' }));
    const shift = problems.find((p) => p.field === 'crs');
    expect(shift?.message).toMatch(/about \d{3} m off.*GCJ02.*crs=gcj02/);
    const report = await run({ kind: 'buildings', text: fc(shifted), jurisdiction: '110108010', crs: 'gcj02', dryRun: true });
    expect(report.counts.inserted).toBe(40);
    expect(await counts()).toEqual(before);
  });

  it('keeps buildings that have households in the ledger when replacing', async () => {
    const [x, y] = await inside(COMMUNITY);
    const before = await counts();
    const problems = await problemsOf(run({ kind: 'buildings', mode: 'replace', text: fc([{ geometry: square(x, y), properties: { households: 5 } }]), jurisdiction: COMMUNITY }));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ index: null, message: expect.stringMatching(/households in the ledger but is not in the file/) });
    expect(await counts()).toEqual(before);
  });
});

describe('a new city from its own files', () => {
  const J = (code: string, name: string, g: Geo) => ({ geometry: g, properties: { code, name } });
  const jurisdictions = fc([
    J('990100', '新区', square(100, 30, 0.02)),
    J('990100001', '新街道', square(100, 30, 0.02)),
    J('990100001001', '东社区', square(100.01, 30, 0.01)),
    J('990100001002', '西社区', square(100, 30, 0.01)),
  ]);

  it('imports jurisdictions, then refuses the same codes in add mode', async () => {
    const report = await run({ kind: 'jurisdictions', text: jurisdictions, jurisdiction: '990100' });
    expect(report.counts).toEqual({ inserted: 4, updated: 0, deleted: 0 });
    const rows = await db.sql`select c.code, p.code parent, c.level from jurisdiction c left join jurisdiction p on p.id = c.parent_id
      where c.code like '990100%' order by c.code`;
    expect(rows.map((r) => [r.code, r.parent, r.level])).toEqual([
      ['990100', null, 'county'], ['990100001', '990100', 'town'], ['990100001001', '990100001', 'community'], ['990100001002', '990100001', 'community'],
    ]);
    const problems = await problemsOf(run({ kind: 'jurisdictions', text: jurisdictions, jurisdiction: '990100' }));
    expect(problems.map((p) => p.message).every((m) => /already stored; use mode replace/.test(m))).toBe(true);
  });

  it('adds buildings with compounds, then replaces them keeping ids', async () => {
    const b = (x: number, id: string, households: number, compound?: string) => ({ geometry: square(x, 30.005, 0.0005), properties: { id, households, compound, floors: 6 } });
    const first = await run({ kind: 'buildings', text: fc([b(100.001, 'n1', 100, '甲小区'), b(100.002, 'n2', 120, '甲小区'), b(100.012, 'n3', 90)]), jurisdiction: '990100001' });
    expect(first.counts).toEqual({ inserted: 3, updated: 0, deleted: 0 });
    const stored = await db.sql`select b.osm_id, j.code, c.name compound from building b join jurisdiction j on j.id = b.community_id
      left join compound c on c.id = b.compound_id where b.osm_id like 'n%' order by b.osm_id`;
    expect(stored.map((r) => [r.osm_id, r.code, r.compound])).toEqual([['n1', '990100001002', '甲小区'], ['n2', '990100001002', '甲小区'], ['n3', '990100001001', null]]);
    const dry = await run({ kind: 'buildings', mode: 'replace', dryRun: true, text: fc([b(100.001, 'n1', 150), b(100.013, 'n4', 60)]), jurisdiction: '990100001' });
    expect(dry.counts).toEqual({ inserted: 1, updated: 1, deleted: 2 });
    expect((await db.sql`select count(*)::int n from building where osm_id like 'n%'`)[0]!.n).toBe(3);
    const second = await run({ kind: 'buildings', mode: 'replace', text: fc([b(100.001, 'n1', 150), b(100.013, 'n4', 60)]), jurisdiction: '990100001' });
    expect(second.counts).toEqual({ inserted: 1, updated: 1, deleted: 2 });
    const after = await db.sql`select osm_id, households from building where osm_id like 'n%' order by osm_id`;
    expect(after.map((r) => [r.osm_id, r.households])).toEqual([['n1', 150], ['n4', 60]]);
    // n1 names no compound now but still stands in 甲小区, which stays; nothing else is left in a compound
    const compounds = await db.sql`select c.name, array_agg(b.osm_id) ids from compound c join jurisdiction j on j.id = c.community_id
      left join building b on b.compound_id = c.id where j.code like '990100%' group by c.id`;
    expect(compounds.map((c) => [c.name, c.ids])).toEqual([['甲小区', ['n1']]]);
  });

  it('adds and replaces roads, splitting multi-lines', async () => {
    const line = (y: number): number[][] => [[100.001, y], [100.019, y]];
    const roads = fc([
      { geometry: { type: 'LineString', coordinates: line(30.001) }, properties: { name: '一路', class: 'primary' } },
      { geometry: { type: 'MultiLineString', coordinates: [line(30.002), line(30.004)] }, properties: { name: '二路', highway: 'residential' } },
    ]);
    expect((await run({ kind: 'roads', text: roads, jurisdiction: '990100001' })).counts.inserted).toBe(3);
    const replaced = await run({ kind: 'roads', mode: 'replace', text: fc([{ geometry: { type: 'LineString', coordinates: line(30.003) }, properties: {} }]), jurisdiction: '990100001' });
    expect(replaced.counts).toEqual({ inserted: 1, updated: 0, deleted: 3 });
    const problems = await problemsOf(run({ kind: 'roads', text: fc([{ geometry: { type: 'LineString', coordinates: [[101, 31], [101.01, 31]] } }]), jurisdiction: '990100001' }));
    expect(problems[0]).toMatchObject({ index: 0, message: 'The road does not touch 990100001', location: [101, 31] });
  });

  it('replaces jurisdictions, dropping the unused ones and refusing to drop those in use', async () => {
    const town = J('990100001', '新街道（改）', square(100, 30, 0.02));
    const east = J('990100001001', '东社区', square(100.01, 30, 0.01));
    const west = J('990100001002', '西社区', square(100, 30, 0.01));
    await run({ kind: 'jurisdictions', text: fc([J('990100001003', '空社区', square(100, 30.01, 0.01))]), jurisdiction: '990100001' });
    const before = await counts();
    const problems = await problemsOf(run({ kind: 'jurisdictions', mode: 'replace', text: fc([town, east]), jurisdiction: '990100001' }));
    expect(problems).toEqual([expect.objectContaining({ index: null, id: '990100001002', message: expect.stringMatching(/西社区 is not in the file but still has buildings, compounds/) })]);
    expect(await counts()).toEqual(before);
    const report = await run({ kind: 'jurisdictions', mode: 'replace', text: fc([town, east, west]), jurisdiction: '990100001' });
    expect(report.counts).toEqual({ inserted: 0, updated: 3, deleted: 1 });
    const rows = await db.sql`select code, name from jurisdiction where code like '990100001%' order by code`;
    expect(rows.map((r) => [r.code, r.name])).toEqual([['990100001', '新街道（改）'], ['990100001001', '东社区'], ['990100001002', '西社区']]);
  });
});

describe('replacing in one community', () => {
  it('drops only the roads lying mostly inside it: a road crossing the border into the neighbour stays', async () => {
    // community [105, 105.01] × [25, 25.01]; its neighbour east of it
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(105, 25, 0.01) });
    await db.sql`insert into jurisdiction (code, name, level, parent_id, region_code, geom) values (${`${j.communityCode.slice(0, 9)}002`}, '东邻社区',
      'community', ${j.townId}, ${j.regionCode}, ST_GeomFromText(${wktSquare(105.01, 25, 0.01)}, 4326))`;
    const road = (name: string, wkt: string) => db.sql`insert into road (region_code, name, class, geom)
      values (${j.regionCode}, ${name}, 'residential', ST_GeomFromText(${wkt}, 4326))`;
    await road('里路', 'LINESTRING(105.002 25.002, 105.008 25.002)');
    await road('出界一点', 'LINESTRING(105.002 25.004, 105.011 25.004)');
    await road('过界长路', 'LINESTRING(105.009 25.006, 105.03 25.006)');
    await road('边界路', 'LINESTRING(105.01 25.001, 105.01 25.009)');
    await road('邻居路', 'LINESTRING(105.012 25.002, 105.018 25.002)');
    const report = await run({ kind: 'roads', mode: 'replace', jurisdiction: j.communityCode,
      text: fc([{ geometry: { type: 'LineString', coordinates: [[105.002, 25.008], [105.008, 25.008]] }, properties: { name: '新路' } }]) });
    expect(report.counts).toEqual({ inserted: 1, updated: 0, deleted: 3 });
    const left = await db.sql`select name from road where region_code = ${j.regionCode} order by name`;
    expect(left.map((r) => r.name).sort()).toEqual(['新路', '过界长路', '邻居路'].sort());
  });

  it('drops only the buildings filed under it (by a point on their surface), not a neighbour\'s building across the border', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(106, 25, 0.01) });
    const [east] = await db.sql`insert into jurisdiction (code, name, level, parent_id, region_code, geom) values (${`${j.communityCode.slice(0, 9)}002`},
      '东邻社区', 'community', ${j.townId}, ${j.regionCode}, ST_GeomFromText(${wktSquare(106.01, 25, 0.01)}, 4326)) returning id`;
    const building = (osmId: string, communityId: number, wkt: string) => db.sql`insert into building (community_id, region_code, osm_id, kind, households, geom)
      values (${communityId}, ${j.regionCode}, ${osmId}, 'residential', 0, ST_GeomFromText(${wkt}, 4326))`;
    await building('w-in', j.communityId, wktSquare(106.002, 25.002, 0.001));
    // 40 % of it inside the community, its anchor in the neighbour
    await building('e-across', Number(east!.id), 'MULTIPOLYGON(((106.0096 25.005,106.0106 25.005,106.0106 25.006,106.0096 25.006,106.0096 25.005)))');
    const report = await run({ kind: 'buildings', mode: 'replace', jurisdiction: j.communityCode,
      text: fc([{ geometry: square(106.004, 25.004), properties: { households: 20, id: 'w-new' } }]) });
    expect(report.counts).toEqual({ inserted: 1, updated: 0, deleted: 1 });
    const left = await db.sql`select osm_id from building where region_code = ${j.regionCode} order by osm_id`;
    expect(left.map((r) => r.osm_id)).toEqual(['e-across', 'w-new']);
  });
});

describe('POST /api/imports/:kind', () => {
  it('needs data.import and a target inside the caller\'s scope', async () => {
    const text = fc([{ geometry: square(116.3, 40), properties: { households: 1 } }]);
    expect((await post('commander', '/api/imports/buildings?jurisdiction=110108010', text)).status).toBe(403);
    const res = await post('planner', '/api/imports/buildings?jurisdiction=990100001', text);
    expect(res.status).toBe(404);
    expect((await post('planner', '/api/imports/parks?jurisdiction=110108010', text)).status).toBe(400);
  });

  it('answers 400 import_invalid with the problem list, and takes files over the API-wide 1 MiB', async () => {
    const [x, y] = await inside(COMMUNITY);
    const body = fc([{ geometry: bowtie(x, y), properties: { households: 3 } }]) + ' '.repeat(1_500_000);
    const res = await post('planner', `/api/imports/buildings?jurisdiction=${COMMUNITY}&dryRun=true`, body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; details: { problems: ImportProblem[] } } };
    expect(json.error.code).toBe('import_invalid');
    expect(json.error.details.problems[0]).toMatchObject({ index: 0, field: 'geometry' });
  });

  it('refuses a geometry over the vertex cap naming its feature, and takes one at the cap', async () => {
    const [x, y] = await inside(COMMUNITY);
    const url = `/api/imports/buildings?jurisdiction=${COMMUNITY}&dryRun=true`;
    const atCap = await post('planner', url, fc([{ geometry: circle(x, y, MAX_VERTICES_PER_GEOMETRY), properties: { households: 10, id: 'round' } }]));
    expect(atCap.status).toBe(200);
    const res = await post('planner', url, fc([
      { geometry: square(x, y), properties: { households: 10, id: 'small' } },
      { geometry: circle(x, y, MAX_VERTICES_PER_GEOMETRY + 1), properties: { households: 10, id: 'huge' } },
    ]));
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; details: { problems: ImportProblem[] } } };
    expect(json.error.code).toBe('import_invalid');
    expect(json.error.details.problems).toEqual([expect.objectContaining({
      index: 1, id: 'huge', field: 'geometry.coordinates', message: expect.stringMatching(/^The geometry has 20,001 vertices; at most 20,000 are accepted per feature/),
    })]);
  });

  it('refuses a file with more features than one import takes with 413 too_many_features', async () => {
    const feature = JSON.stringify({ type: 'Feature', properties: { households: 1 }, geometry: null });
    const body = `{"type":"FeatureCollection","features":[${Array(MAX_FEATURES_PER_FILE + 1).fill(feature).join(',')}]}`;
    const before = await counts();
    const res = await post('planner', `/api/imports/buildings?jurisdiction=${COMMUNITY}`, body);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'too_many_features', message: expect.stringMatching(/200,001 features; one import takes at most 200,000/) } });
    expect(await counts()).toEqual(before);
  });

  it('imports and audits a good file', async () => {
    const [x, y] = await inside(COMMUNITY);
    const res = await post('planner', `/api/imports/buildings?jurisdiction=${COMMUNITY}`, fc([{ geometry: square(x, y, 0.0001), properties: { households: 12, name: '新楼' } }]));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'buildings', dryRun: false, counts: { inserted: 1 } });
    const [a] = await db.sql`select action, details from audit_log where action = 'import.buildings'`;
    expect(a!.details).toMatchObject({ jurisdiction: COMMUNITY, inserted: 1 });
  });
});
