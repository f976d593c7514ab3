import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, createSession, createUser, square as wktSquare } from '../../../test/factories.ts';
import { importWith, problemsOf } from './imports.fixtures.ts';
import { householdOptions } from './imports.schema.ts';

// A street office onboarding itself from real-world-shaped files: a community boundary and nothing
// else, buildings and water exported from a Chinese web map (GCJ-02), buildings without households,
// Tilezen/OSM properties, communities far away or overlapping, and layers replaced by empty files.
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

type Geo = { type: string; coordinates: unknown };
const fc = (features: { geometry: Geo; properties?: Record<string, unknown> }[]) =>
  JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', properties: {}, ...f })) });
const rect = (x: number, y: number, w: number, h: number): Geo => ({ type: 'Polygon', coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]] });
const line = (coordinates: number[][]): Geo => ({ type: 'LineString', coordinates });
const toGcj = (g: Geo) => gcoord.transform(JSON.parse(JSON.stringify(g)) as never, gcoord.WGS84, gcoord.GCJ02) as unknown as Geo;
const run = (input: Parameters<ReturnType<typeof importWith>>[0]) => importWith(db.sql)(input);

/** Residential blocks of 40 × 15 m (in degrees near 31° N) filling a 0.01° community, 8 × 8 of them. */
function blocks(x0: number, y0: number): Geo[] {
  const out: Geo[] = [];
  for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) out.push(rect(x0 + 0.0006 + i * 0.0011, y0 + 0.0006 + j * 0.0011, 0.00042, 0.000135));
  return out;
}

describe('a first import from a Chinese web map', () => {
  it('is refused with the offset and crs=gcj02 when only the community boundary is stored, and lands inside once told', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(121.5, 31.2, 0.01) });
    const shifted = blocks(121.5, 31.2).map((g, i) => ({ geometry: toGcj(g), properties: { id: `sh-${i}`, households: 40 } }));
    const problems = await problemsOf(run({ kind: 'buildings', text: fc(shifted), jurisdiction: j.communityCode }));
    const shift = problems.find((p) => p.code === 'crs_shift');
    expect(shift).toMatchObject({ index: null, field: 'crs', params: { crs: 'gcj02', ref: 'boundaries' } });
    expect(shift!.params!.offsetM).toBeGreaterThan(400);
    expect(shift!.params!.offsetM).toBeLessThan(600);
    expect(shift!.message).toMatch(/about \d{3} m off the boundaries of .*crs=gcj02/);
    expect((await db.sql`select count(*)::int n from building`)[0]!.n).toBe(0);
    // the caller's explicit wgs84 is taken at its word: then the buildings are outside, not shifted
    const asSaid = await problemsOf(run({ kind: 'buildings', crs: 'wgs84', text: fc(shifted), jurisdiction: j.communityCode }));
    expect(asSaid.some((p) => p.code === 'crs_shift')).toBe(false);
    expect(asSaid.some((p) => p.code === 'outside_communities')).toBe(true);
    const report = await run({ kind: 'buildings', crs: 'gcj02', text: fc(shifted), jurisdiction: j.communityCode });
    expect(report.counts.inserted).toBe(64);
    const [inside] = await db.sql`select count(*)::int n from building b join jurisdiction c on c.id = b.community_id
      where c.code = ${j.communityCode} and ST_Within(b.geom, c.geom)`;
    expect(inside!.n).toBe(64);
  });

  it('detects GCJ-02 buildings against the roads already stored, before any building', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(121.6, 31.2, 0.01) });
    // streets every 0.0016° (~160 m) both ways, a 75 × 30 m slab in each block
    for (let k = 0; k <= 6; k++) {
      const at = 0.0002 + k * 0.0016;
      await db.sql`insert into road (region_code, name, class, geom) values (${j.regionCode}, ${`路${k}`}, 'residential',
        ST_GeomFromText(${`LINESTRING(${121.6 + at} 31.2, ${121.6 + at} 31.21)`}, 4326)), (${j.regionCode}, ${`街${k}`}, 'residential',
        ST_GeomFromText(${`LINESTRING(121.6 ${31.2 + at}, 121.61 ${31.2 + at})`}, 4326))`;
    }
    const slabs = Array.from({ length: 36 }, (_, i) => rect(121.6006 + (i % 6) * 0.0016, 31.2006 + Math.floor(i / 6) * 0.0016, 0.0008, 0.0003));
    const shifted = slabs.map((g) => ({ geometry: toGcj(g), properties: { households: 40 } }));
    const problems = await problemsOf(run({ kind: 'buildings', text: fc(shifted), jurisdiction: j.communityCode }));
    expect(problems[0]).toMatchObject({ code: 'crs_shift', params: { crs: 'gcj02', against: 'the stored roads' } });
    expect((await run({ kind: 'buildings', crs: 'gcj02', dryRun: true, text: fc(shifted), jurisdiction: j.communityCode })).counts.inserted).toBe(36);
  });

  it('refuses GCJ-02 community outlines spilling out of the stored street office, and takes them converted', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(121.8, 31.2, 0.02) });
    const town = j.communityCode.slice(0, 9);
    await db.sql`delete from jurisdiction where code = ${j.communityCode}`;
    const quarters = [[0, 0], [0.01, 0], [0, 0.01], [0.01, 0.01]].map(([dx, dy], i) => ({
      geometry: toGcj(rect(121.8 + dx!, 31.2 + dy!, 0.01, 0.01)), properties: { code: `${town}00${i + 1}`, name: `社区${i + 1}` } }));
    const problems = await problemsOf(run({ kind: 'jurisdictions', text: fc(quarters), jurisdiction: town }));
    expect(problems).toEqual([expect.objectContaining({ code: 'crs_shift', params: expect.objectContaining({ crs: 'gcj02', ref: 'boundaries' }) })]);
    expect((await run({ kind: 'jurisdictions', crs: 'gcj02', dryRun: true, text: fc(quarters), jurisdiction: town })).counts.inserted).toBe(4);
  });

  it('accepts WGS-84 data over the same boundary without a word', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(121.7, 31.2, 0.01) });
    const report = await run({ kind: 'buildings', dryRun: true, jurisdiction: j.communityCode,
      text: fc(blocks(121.7, 31.2).map((g) => ({ geometry: g, properties: { households: 40 } }))) });
    expect(report.counts.inserted).toBe(64);
  });
});

describe('households derived per file', () => {
  const b = (x: number, props: Record<string, unknown>) => ({ geometry: rect(x, 30.0005, 0.0003, 0.0003), properties: props });

  it('summarises a missing households property once, with its count and what to do', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(110, 30, 0.01) });
    const features = Array.from({ length: 50 }, (_, i) => b(110.0001 + i * 0.00015, i < 8 ? { households: 30 } : { floors: 6 }));
    const problems = await problemsOf(run({ kind: 'buildings', text: fc(features), jurisdiction: j.communityCode }));
    expect(problems).toEqual([expect.objectContaining({
      index: null, field: 'properties.households', code: 'missing_properties', params: { n: 42, total: 50, property: 'households', first: 9, hint: 'derive' },
      message: '42 of 50 features have no households property (the first is #9); choose a derivation: households=footprint or households=population',
    })]);
  });

  it('derives households from footprint × floors ÷ m² per household and marks them estimated', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(111, 30, 0.01) });
    const households = householdOptions.parse({ households: 'footprint', floorsProperty: 'building:levels', defaultFloors: '6', m2PerHousehold: '100' });
    const report = await run({ kind: 'buildings', households, jurisdiction: j.communityCode, text: fc([
      b(111.001, { id: 'levels', 'building:levels': 18, kind: 'building', kind_detail: 'apartments' }),
      b(111.002, { id: 'default', building: 'yes' }),
      b(111.003, { id: 'school', building: 'school' }),
      b(111.004, { id: 'tilezen', kind: 'building' }),
    ]) });
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'kind_assumed', params: { n: 2, values: 'building=yes ×1, kind=building ×1' } })]);
    const rows = await db.sql`select osm_id, kind, floors, floors_estimated, households, households_estimated,
      round(ST_Area(geom::geography))::int m2 from building where osm_id in ('levels', 'default', 'school', 'tilezen') order by osm_id`;
    const m2 = rows[0]!.m2 as number;
    expect(m2).toBeGreaterThan(900);
    expect(rows.map((r) => [r.osm_id, r.kind, r.floors, r.floors_estimated, r.households, r.households_estimated])).toEqual([
      ['default', 'residential', 6, true, Math.round((m2 * 6) / 100), true],
      ['levels', 'residential', 18, false, Math.round((m2 * 18) / 100), true],
      ['school', 'public', 6, true, 0, true],
      ['tilezen', 'residential', 6, true, Math.round((m2 * 6) / 100), true],
    ]);
  });

  it('asks for defaultFloors once when floors are missing, and derives from population ÷ household size', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(112, 30, 0.01) });
    const files = fc([b(112.001, { pop: 262 }), b(112.002, { pop: '131' }), b(112.003, { pop: 10 })]);
    const footprint = await problemsOf(run({ kind: 'buildings', households: householdOptions.parse({ households: 'footprint' }), text: files, jurisdiction: j.communityCode }));
    expect(footprint).toEqual([expect.objectContaining({ code: 'missing_properties', params: expect.objectContaining({ n: 3, property: 'floors', hint: 'floors' }),
      message: expect.stringMatching(/give defaultFloors/) })]);
    const byPopulation = householdOptions.parse({ households: 'population', populationProperty: 'pop' });
    await run({ kind: 'buildings', households: byPopulation, text: files, jurisdiction: j.communityCode });
    const rows = await db.sql`select b.households, b.households_estimated from building b join jurisdiction c on c.id = b.community_id
      where c.code = ${j.communityCode} order by b.id`;
    expect(rows.map((r) => [r.households, r.households_estimated])).toEqual([[100, true], [50, true], [4, true]]);
  });
});

describe('water and green', () => {
  it('imports water and green as landcover the map draws, replaces and removes them with an empty file', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(113, 30, 0.01) });
    const river = { geometry: rect(113.001, 30.004, 0.008, 0.0008), properties: { name: '黄浦江' } };
    const park = { geometry: rect(113.002, 30.006, 0.002, 0.002), properties: { name: '公园' } };
    expect((await run({ kind: 'water', text: fc([river]), jurisdiction: j.communityCode })).counts.inserted).toBe(1);
    expect((await run({ kind: 'green', text: fc([park]), jurisdiction: j.communityCode })).counts.inserted).toBe(1);
    const classes = async () => (await db.sql`select class, name from landcover where region_code = ${j.regionCode} order by class, id`).map((r) => [r.class, r.name]);
    expect(await classes()).toEqual([['green', '公园'], ['water', '黄浦江']]);
    const lake = { geometry: rect(113.003, 30.001, 0.001, 0.001), properties: { name: '湖' } };
    expect((await run({ kind: 'water', mode: 'replace', text: fc([lake]), jurisdiction: j.communityCode })).counts).toEqual({ inserted: 1, updated: 0, deleted: 1 });
    expect(await classes()).toEqual([['green', '公园'], ['water', '湖']]);
    const empty = fc([]);
    expect((await run({ kind: 'green', mode: 'replace', text: empty, jurisdiction: j.communityCode })).counts).toEqual({ inserted: 0, updated: 0, deleted: 1 });
    expect(await classes()).toEqual([['water', '湖']]);
    // an empty file only removes; to add it holds nothing
    expect((await problemsOf(run({ kind: 'water', text: empty, jurisdiction: j.communityCode })))[0]!.message).toBe('The file holds no features');
    const far = await problemsOf(run({ kind: 'water', text: fc([{ geometry: rect(114, 31, 0.001, 0.001) }]), jurisdiction: j.communityCode }));
    expect(far[0]).toMatchObject({ index: 0, code: 'not_touching', message: `The area does not touch ${j.communityCode}` });
  });
});

describe('replacing roads with an empty file', () => {
  it('removes the roads lying mostly inside, keeps those running on into the neighbour, and refuses empty buildings', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(115, 30, 0.01) });
    const road = (name: string, wkt: string) => db.sql`insert into road (region_code, name, class, geom)
      values (${j.regionCode}, ${name}, 'residential', ST_GeomFromText(${wkt}, 4326))`;
    await road('里路', 'LINESTRING(115.002 30.002, 115.008 30.002)');
    await road('里路二', 'LINESTRING(115.002 30.005, 115.008 30.006)');
    await road('过界长路', 'LINESTRING(115.009 30.007, 115.03 30.007)');
    const report = await run({ kind: 'roads', mode: 'replace', text: fc([]), jurisdiction: j.communityCode });
    expect(report).toMatchObject({ features: 0, counts: { inserted: 0, updated: 0, deleted: 2 } });
    expect((await db.sql`select name from road where region_code = ${j.regionCode}`).map((r) => r.name)).toEqual(['过界长路']);
    const problems = await problemsOf(run({ kind: 'buildings', mode: 'replace', text: fc([]), jurisdiction: j.communityCode }));
    expect(problems[0]!.message).toBe('The file holds no features');
    expect((await run({ kind: 'roads', mode: 'replace', text: fc([{ geometry: line([[115.001, 30.001], [115.009, 30.001]]) }]), jurisdiction: j.communityCode })).counts.inserted).toBe(1);
  });
});

describe('communities far from their parent or overlapping their siblings', () => {
  const J = (code: string, name: string, g: Geo) => ({ geometry: g, properties: { code, name } });

  it('refuses a community 1,000 km from its street office, naming the distance', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(116, 30, 0.02) });
    const town = j.communityCode.slice(0, 9);
    await db.sql`update jurisdiction set geom = ST_GeomFromText(${wktSquare(116, 30, 0.01)}, 4326) where code = ${j.communityCode}`;
    const problems = await problemsOf(run({ kind: 'jurisdictions', jurisdiction: town, text: fc([
      J(`${town}002`, '近社区', rect(116.01, 30, 0.01, 0.01)),
      J(`${town}003`, '远社区', rect(126, 30, 0.01, 0.01)),
    ]) }));
    expect(problems).toEqual([expect.objectContaining({ index: 1, id: `${town}003`, code: 'far_from_parent', params: expect.objectContaining({ parent: town }),
      message: expect.stringMatching(new RegExp(`^Community ${town}003 远社区 lies (96\\d|9\\d\\d) km from the boundary of its parent ${town}`)) })]);
    expect(problems[0]!.params!.distanceM).toBeGreaterThan(900_000);
  });

  it('refuses a town of a new county far from that county in the same file', async () => {
    const problems = await problemsOf(run({ kind: 'jurisdictions', jurisdiction: '980100', text: fc([
      J('980100', '新县', rect(100, 30, 0.05, 0.05)),
      J('980100001', '远街道', rect(100.1, 30, 0.02, 0.02)),
    ]) }));
    expect(problems).toEqual([expect.objectContaining({ id: '980100001', code: 'far_from_parent', params: expect.objectContaining({ distance: expect.stringMatching(/^\d,\d{3} m$/) }) })]);
  });

  it('refuses communities overlapping each other or a stored sibling, and tolerates sliver overlaps of shared borders', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(117, 30, 0.02) });
    const town = j.communityCode.slice(0, 9);
    // the stored 001 covers the whole town square; move it to the south-west quarter first
    await db.sql`update jurisdiction set geom = ST_GeomFromText(${wktSquare(117, 30, 0.01)}, 4326) where code = ${j.communityCode}`;
    const problems = await problemsOf(run({ kind: 'jurisdictions', jurisdiction: town, text: fc([
      J(`${town}002`, '东社区', rect(117.01, 30, 0.01, 0.01)),
      J(`${town}003`, '北社区', rect(117, 30.009, 0.01, 0.01)),
      J(`${town}004`, '压社区', rect(117.002, 30.012, 0.004, 0.004)),
    ]) }));
    expect(problems.map((p) => [p.index, p.code, p.params?.other])).toEqual([[1, 'overlaps_sibling', j.communityCode], [1, 'overlaps_sibling', `${town}004`]]);
    expect(problems[0]!.message).toMatch(/^\d+ 北社区 overlaps the stored \d+ 测试社区\d+ by [\d,]+ m² \(10% of the smaller one/);
    expect(problems[0]!.params!.areaM2).toBeGreaterThan(100_000);
    expect(problems[1]!.message).toMatch(/^\d+ 北社区 overlaps \d+ 压社区 by [\d,]+ m² \(100% of the smaller one/);
    // a 1 m sliver along a shared 1 km border is within tolerance
    const sliver = 0.00001;
    const ok = await run({ kind: 'jurisdictions', jurisdiction: town, dryRun: true, text: fc([J(`${town}002`, '东社区', rect(117.01 - sliver, 30, 0.01, 0.01))]) });
    expect(ok.counts.inserted).toBe(1);
  });
});

describe('POST /api/imports/:kind household options', () => {
  it('validates the options and derives households through the API', async () => {
    const j = await createJurisdictions(db.sql, { wkt: wktSquare(118, 30, 0.01) });
    const user = await createUser(db.sql, { username: 'onboarder', grants: [{ role: 'admin', jurisdictionId: j.countyId }] });
    const { cookie, csrfToken } = await createSession(db.sql, user.id);
    const app = createApp({ sql: db.sql });
    const post = (q: string, body: string) => app.request(`/api/imports/buildings?jurisdiction=${j.communityCode}&${q}`,
      { method: 'POST', body, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/octet-stream' } });
    const file = fc([{ geometry: rect(118.001, 30.001, 0.0003, 0.0003), properties: { population: 52.4 } }]);
    for (const bad of ['households=guess', 'm2PerHousehold=0', 'householdSize=-1', 'defaultFloors=2.5', 'floorsProperty=a%20b']) {
      const res = await post(bad, file);
      expect(res.status, bad).toBe(400);
      expect((await res.json()) as unknown).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const res = await post('households=population&householdSize=2.62', file);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ counts: { inserted: 1 }, warnings: [] });
    const [row] = await db.sql`select households, households_estimated from building where region_code = ${j.regionCode}`;
    expect(row).toEqual({ households: 20, households_estimated: true });
  });
});
