import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createBuilding, createGrid, createJurisdictions, createPlan, createSession, createUser, square } from '../../../test/factories.ts';

// 四至 on a made-up town whose neighbours are known by construction, and on the Haidian demo.
let db: TestDatabase;
let demo: TestDatabase;
let planId: number;
const grids: Record<string, string> = {};
const as: Record<string, string> = {};
const staff: Record<string, number> = {};

type Body = { planId: number; grids: { code: string; name: string; sides: Record<string, { kind: string; name?: string }>; text: Record<string, string> }[] };

beforeAll(async () => {
  [db, demo] = await Promise.all([createTestDatabase(), createTestDatabase({ demo: true })]);
  // community A = [116, 116.01] × [40, 40.01] cut into a west and an east grid; community B south of it
  const j = await createJurisdictions(db.sql, { wkt: square(116, 40, 0.01) });
  const [b] = await db.sql`insert into jurisdiction (code, name, level, parent_id, region_code, geom)
    values (${`${j.communityCode.slice(0, 9)}002`}, '南邻社区', 'community', ${j.townId}, ${j.regionCode}, ST_GeomFromText(${square(116, 39.99, 0.01)}, 4326))
    returning id, code`;
  await db.sql`update jurisdiction set geom = ST_Multi(ST_Union(geom, ST_GeomFromText(${square(116, 39.99, 0.01)}, 4326))) where id in (${j.townId}, ${j.countyId})`;
  planId = await createPlan(db.sql, { jurisdictionId: j.townId, regionCode: j.regionCode });
  const rect = (x0: number, y0: number, x1: number, y1: number) => `MULTIPOLYGON(((${x0} ${y0},${x1} ${y0},${x1} ${y1},${x0} ${y1},${x0} ${y0})))`;
  const base = { planId, regionCode: j.regionCode };
  grids.west = (await createGrid(db.sql, { ...base, communityId: j.communityId, communityCode: j.communityCode, wkt: rect(116, 40, 116.005, 40.01), seqNo: 1 })).code;
  grids.east = (await createGrid(db.sql, { ...base, communityId: j.communityId, communityCode: j.communityCode, wkt: rect(116.005, 40, 116.01, 40.01), seqNo: 2 })).code;
  grids.south = (await createGrid(db.sql, { ...base, communityId: Number(b!.id), communityCode: b!.code, wkt: square(116, 39.99, 0.01), seqNo: 1 })).code;
  // 测试东路 runs 10 m inside the east edge; 测试北路 20 m north of the community, across its whole width
  await db.sql`insert into road (region_code, name, class, geom) values
    (${j.regionCode}, '测试东路', 'primary', ST_GeomFromText('LINESTRING(116.00988 39.995, 116.00988 40.015)', 4326)),
    (${j.regionCode}, '测试北路', 'secondary', ST_GeomFromText('LINESTRING(115.99 40.01018, 116.02 40.01018)', 4326)),
    (${j.regionCode}, null, 'service', ST_GeomFromText('LINESTRING(115.99 40.00002, 116.02 40.00002)', 4326))`;
  const [planner, manager, viewer] = await Promise.all([
    createUser(db.sql, { grants: [{ role: 'planner', jurisdictionId: j.townId }] }),
    createUser(db.sql, { grants: [{ role: 'community_manager', jurisdictionId: j.communityId }] }),
    createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: j.countyId }] }),
  ]);
  for (const [k, u] of Object.entries({ planner, manager, viewer })) as[k] = (await createSession(db.sql, u.id)).cookie;
  // the east grid's file: one building with two residents in special groups, a leader with a work phone
  await createBuilding(db.sql, { regionCode: j.regionCode, wkt: square(116.007, 40.004, 0.0002), households: 240, residents: [['elderly_alone'], ['disabled', 'low_income']] });
  await db.sql`update resident set phone = '13900001111', id_number = case when id = (select min(id) from resident) then '110108195001011234' end`;
  const leader = await createUser(db.sql, { username: 'leader.east', grants: [{ role: 'grid_leader', gridCodes: [grids.east] }] });
  await db.sql`update app_user set phone = '010-62345678' where id in (${leader.id}, ${manager.id})`;
  staff.leader = leader.id;
  staff.manager = manager.id;
  const [p] = await demo.sql`select id from app_user where username = 'planner'`;
  as.demoPlanner = (await createSession(demo.sql, Number(p!.id))).cookie;
});
afterAll(() => Promise.all([db?.drop(), demo?.drop()]));

const get = (d: TestDatabase, who: string, path: string) => createApp({ sql: d.sql }).request(path, { headers: { Cookie: as[who]! } });
const byCode = (body: Body) => Object.fromEntries(body.grids.map((g) => [g.code, g]));

describe('GET /api/plans/:id/four-boundaries', () => {
  it('names the road along a side, the neighbouring grid, the community across and the community edge', async () => {
    const res = await get(db, 'planner', `/api/plans/${planId}/four-boundaries`);
    expect(res.status).toBe(200);
    const g = byCode((await res.json()) as Body);
    expect(g[grids.east!]!.sides).toEqual({
      E: { kind: 'road', name: '测试东路' },
      S: { kind: 'community', name: '南邻社区' },
      W: { kind: 'grid', name: `网格${grids.west!.slice(-3)}` },
      N: { kind: 'road', name: '测试北路' },
    });
    expect(g[grids.west!]!.sides.W).toEqual({ kind: 'boundary', name: expect.stringMatching(/^测试社区/) });
    expect(g[grids.west!]!.text['zh-CN']).toMatch(/^东至网格002，南至南邻社区，西至测试社区\d+界，北至测试北路$/);
    expect(g[grids.east!]!.text.en).toBe(`East to 测试东路, south to 南邻社区, west to grid 网格${grids.west!.slice(-3)}, north to 测试北路.`);
    // the south grid's northern neighbours are grids of another community: that community is named
    expect(g[grids.south!]!.sides.N).toEqual({ kind: 'community', name: expect.stringMatching(/^测试社区/) });
  });

  it('gives a community manager only the grids of their community', async () => {
    const body = (await (await get(db, 'manager', `/api/plans/${planId}/four-boundaries`)).json()) as Body;
    expect(body.grids.map((g) => g.code).sort()).toEqual([grids.west, grids.east].sort());
  });

  it('is 403 without plans.view and 404 for an unknown plan', async () => {
    expect((await get(db, 'viewer', `/api/plans/${planId}/four-boundaries`)).status).toBe(403);
    const res = await get(db, 'planner', '/api/plans/999999/four-boundaries');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'plan_not_found' } });
  });

  it('reads the demo streets: 学院路 east and 清华东路 north of the 中国矿业大学 grid', async () => {
    const [plan] = await demo.sql`select id from grid_plan where status = 'published'`;
    const body = (await (await get(demo, 'demoPlanner', `/api/plans/${plan!.id}/four-boundaries`)).json()) as Body;
    expect(body.grids).toHaveLength(23);
    const g = byCode(body);
    expect(g['110108010027001']!.sides).toMatchObject({ E: { kind: 'road', name: '学院路' }, N: { kind: 'road', name: '清华东路' } });
    // 静淑苑社区第4网格: 学清路 along its east side, 清华东路 to the south, 林业大学北路 to the north
    expect(g['110108010024004']!.sides).toMatchObject({
      E: { name: '学清路' }, S: { name: '清华东路' }, N: { name: '林业大学北路' },
    });
    expect(g['110108010024004']!.text['zh-CN']).toMatch(/^东至学清路，南至清华东路，西至.+，北至林业大学北路$/);
  });
});

type GridFile = {
  grid: { code: string; name: string; community: { name: string } };
  fourBoundaries: { text: Record<string, string> };
  stats: { households: number; buildings: number; residents: number; specialGroups: Record<string, number> | null };
  staff: { userId: number; role: string; displayName: string; phone: string | null; via: string }[];
  geometry: { type: string };
  bbox: number[];
};

describe('GET /api/plans/:id/grids/:code/file', () => {
  it('gives the grid, its 四至, aggregate statistics, staff with work phones, geometry and bbox', async () => {
    const res = await get(db, 'planner', `/api/plans/${planId}/grids/${grids.east}/file`);
    expect(res.status).toBe(200);
    const f = (await res.json()) as GridFile;
    expect(f.grid).toMatchObject({ code: grids.east, name: `网格${grids.east!.slice(-3)}`, community: { name: expect.stringMatching(/^测试社区/) } });
    expect(f.fourBoundaries.text['zh-CN']).toBe(`东至测试东路，南至南邻社区，西至网格${grids.west!.slice(-3)}，北至测试北路`);
    expect(f.stats).toMatchObject({ households: 240, buildings: 1, residents: 2 });
    expect(f.staff).toEqual([
      { userId: staff.leader, role: 'grid_leader', displayName: '用户 leader.east', phone: '010-62345678', via: 'grid' },
      { userId: staff.manager, role: 'community_manager', displayName: expect.any(String), phone: '010-62345678', via: 'community' },
    ]);
    expect(f.geometry.type).toBe('MultiPolygon');
    expect(f.bbox.map((v) => Math.round(v * 1000) / 1000)).toEqual([116.005, 40, 116.01, 40.01]);
  });

  it('counts special groups only for a caller who may read the grid\'s residents, and never carries personal data', async () => {
    const planner = (await (await get(db, 'planner', `/api/plans/${planId}/grids/${grids.east}/file`)).json()) as GridFile;
    expect(planner.stats.specialGroups).toBeNull();
    const res = await get(db, 'manager', `/api/plans/${planId}/grids/${grids.east}/file`);
    const text = await res.text();
    expect((JSON.parse(text) as GridFile).stats.specialGroups).toMatchObject({ elderly_alone: 1, disabled: 1, low_income: 1, migrant: 0 });
    expect(text).not.toMatch(/居民\d|110108195001011234|13900001111/);
  });

  it('is 404 for a grid outside the caller\'s scope or not in the plan, 400 for a malformed code', async () => {
    const other = await get(db, 'manager', `/api/plans/${planId}/grids/${grids.south}/file`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: 'grid_not_found' } });
    expect((await get(db, 'planner', `/api/plans/${planId}/grids/999999999999999/file`)).status).toBe(404);
    const bad = await get(db, 'planner', `/api/plans/${planId}/grids/12ab/file`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/code/) } });
  });
});
