import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';
import { importWith } from '../imports/imports.fixtures.ts';
import { gridWithLeader, insertRoads, plane } from './patrol-route.fixtures.ts';
import type { RouteAnswer } from './patrol-route.service.ts';

// Data not ours: a block of streets in Shanghai (黄浦区, around 南京东路), region 310101, whose streets are
// the targets (cut into pieces by migration 020); the network follows its roads when they change.
let db: TestDatabase;
const now = new Date();
const p = plane(121.4800, 31.2350);
const REGION = '310101';
let session: { cookie: string };

async function shanghai(sql: TestDatabase['sql']) {
  const box = p.rect(-300, -300, 900, 700);
  const [county] = await sql`insert into jurisdiction (code, name, level, region_code, geom) values (${REGION}, '黄浦区', 'county', ${REGION}, ST_GeomFromText(${box}, 4326)) returning id`;
  const [town] = await sql`insert into jurisdiction (code, name, level, parent_id, region_code, geom)
    values ('310101002', '南京东路街道', 'town', ${county!.id}, ${REGION}, ST_GeomFromText(${box}, 4326)) returning id`;
  const [community] = await sql`insert into jurisdiction (code, name, level, parent_id, region_code, geom)
    values ('310101002001', '测试社区', 'community', ${town!.id}, ${REGION}, ST_GeomFromText(${box}, 4326)) returning id`;
  return { communityId: Number(community!.id), communityCode: '310101002001', regionCode: REGION };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const { leader } = await gridWithLeader(db.sql, await shanghai(db.sql), p.rect(-20, -20, 620, 420), 1);
  await insertRoads(db.sql, REGION, [
    ['南京东路', 'secondary', p.line([0, 400], [600, 400])],
    ['九江路', 'tertiary', p.line([0, 200], [600, 200])],
    ['汉口路', 'tertiary', p.line([0, 0], [600, 0])],
    ['河南中路', 'secondary', p.line([0, 0], [0, 400])],
    ['江西中路', 'secondary', p.line([600, 0], [600, 400])],
  ]);
  await db.sql`select refresh_street_pieces(${REGION})`;
  session = await createSession(db.sql, leader.id, now);
});
afterAll(() => db.drop());

const route = async () => {
  const res = await createApp({ sql: db.sql, clock: () => now }).request('/api/patrols/route', { headers: { Cookie: session.cookie } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as RouteAnswer;
};
const network = async () => (await db.sql`select stale, edges, vertices, built_at from route_network where region_code = ${REGION}`)[0]!;

describe('streets as targets, in Shanghai', () => {
  it('routes through every street of the block, each named, never walked, on the streets', async () => {
    const r = await route();
    expect(r.targets.map((t) => t.kind)).toEqual(Array(5).fill('street'));
    expect(r.targets.map((t) => t.name).sort()).toEqual(['九江路', '南京东路', '江西中路', '汉口路', '河南中路'].sort());
    expect(r.targets.every((t) => t.lastVisitedAt === null)).toBe(true);
    expect(r.order.toSorted()).toEqual([0, 1, 2, 3, 4]);
    expect(r.unreachable).toEqual([]);
    expect(r.route!.type).toBe('LineString');
    const [x0, y0] = p.at(-1, -1);
    const [x1, y1] = p.at(601, 401);
    expect(r.route!.coordinates.every(([x, y]) => x! >= x0 && x! <= x1 && y! >= y0 && y! <= y1)).toBe(true);
    // five targets, each a street's piece walked longest ago, reached along at most the whole block's 2,600 m
    expect(r.lengthM).toBeGreaterThan(0);
    expect(r.lengthM).toBeLessThanOrEqual(2610);
    expect(r.minutes).toBe(Math.max(1, Math.round(r.lengthM! / 75)));
  });

  it('puts a street walked an hour ago last', async () => {
    const walked = new Date(now.getTime() - 3600_000);
    await db.sql`update street_piece s set last_walked_at = ${walked} from road r where r.id = s.road_id and r.name = '南京东路'`;
    const r = await route();
    expect(r.targets.at(-1)).toMatchObject({ name: '南京东路', lastVisitedAt: walked.toISOString() });
    expect(r.targets.slice(0, 4).every((t) => t.lastVisitedAt === null)).toBe(true);
  });
});

describe('the network follows the roads', () => {
  it('is marked stale by a new road and rebuilt, with it, by the next route', async () => {
    const before = await network();
    expect(before.stale).toBe(false);
    await insertRoads(db.sql, REGION, [['福建中路', 'residential', p.line([300, 0], [300, 400])]]);
    expect((await network()).stale).toBe(true);
    await route();
    const after = await network();
    expect(after.stale).toBe(false);
    expect(after.edges).toBeGreaterThan(before.edges);
    expect(after.built_at.getTime()).toBeGreaterThan(before.built_at.getTime());
  });

  it('is rebuilt by a roads import itself, before any route is asked for', async () => {
    const before = await network();
    const text = JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { name: '山西南路', highway: 'residential' }, geometry: { type: 'LineString', coordinates: [p.at(450, 0), p.at(450, 200)] } },
    ] });
    const report = await importWith(db.sql)({ kind: 'roads', mode: 'add', crs: 'wgs84', text, jurisdiction: '310101002001' });
    expect(report).toMatchObject({ counts: { inserted: 1 } });
    const after = await network();
    expect(after).toMatchObject({ stale: false });
    expect(after.edges).toBeGreaterThan(before.edges);
    const [v] = await db.sql`select count(*)::int as n from route_vertex where region_code = ${REGION} and geom ~= ST_SetSRID(ST_MakePoint(${p.at(450, 200)[0]}, ${p.at(450, 200)[1]}), 4326)`;
    expect(v!.n).toBe(1);
  });

  it('leaves out motorways, and a road deleted drops out of the network', async () => {
    await insertRoads(db.sql, REGION, [['延安高架路', 'motorway', p.line([-200, -100], [800, -100])]]);
    await route();
    const [off] = await db.sql`select count(*)::int as n from route_vertex where region_code = ${REGION} and ST_Y(geom) < ${p.at(0, -50)[1]}`;
    expect(off!.n).toBe(0);
    const withFujian = (await network()).edges;
    await db.sql`delete from road where name = '福建中路'`;
    await route();
    expect((await network()).edges).toBeLessThan(withFujian);
  });

  it('answers 30 simultaneous first requests after a change with one network and the same route', async () => {
    await db.sql`update road set name = '九江路 ' where name = '九江路'`;
    const answers = await Promise.all(Array.from({ length: 30 }, () => route()));
    expect(new Set(answers.map((a) => JSON.stringify([a.order, a.lengthM, a.route]))).size).toBe(1);
    const n = await network();
    const [v] = await db.sql`select count(*)::int as n, count(distinct geom)::int as d from route_vertex where region_code = ${REGION}`;
    expect(v).toEqual({ n: n.vertices, d: n.vertices });
    const [e] = await db.sql`select count(*)::int as n from route_edge where region_code = ${REGION}`;
    expect(e!.n).toBe(n.edges);
  });
});

describe('the demo district', () => {
  let demo: TestDatabase;
  beforeAll(async () => {
    demo = await createTestDatabase({ demo: true });
  });
  afterAll(() => demo.drop());

  it("has its network built with the seed, and routes a grid leader's day on it", async () => {
    const [n] = await demo.sql`select stale, edges from route_network where region_code = '110108'`;
    expect(n).toMatchObject({ stale: false });
    expect(n!.edges).toBeGreaterThan(1000);
    const [u] = await demo.sql`select id from app_user where username = 'leader.furun1'`;
    const leader = await createSession(demo.sql, Number(u!.id), now);
    const res = await createApp({ sql: demo.sql, clock: () => now }).request('/api/patrols/route', { headers: { Cookie: leader.cookie } });
    const r = (await res.json()) as RouteAnswer;
    expect(res.status).toBe(200);
    expect(r.targets.length).toBeGreaterThan(3);
    expect(r.targets.length).toBeLessThanOrEqual(12);
    expect(r.route?.type).toBe('LineString');
    expect(r.order.length + r.unreachable.length).toBe(r.targets.length);
    expect(r.lengthM).toBeGreaterThan(0);
  });
});
