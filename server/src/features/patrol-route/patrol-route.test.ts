import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, createSession, createUser, square } from '../../../test/factories.ts';
import { gridWithLeader, insertBuilding, insertRoads, placeWorker, plane } from './patrol-route.fixtures.ts';
import type { RouteAnswer } from './patrol-route.service.ts';

// A hand-made ladder of streets where the best walk is known: two rails 100 m apart, rungs every 100 m.
// Three buildings by it (T1 south at 200 m, T2 north at 200 m, T3 north at 400 m) and the worker at the
// south-west corner: the walk is T1, T2, T3 along 200 + 100 + 200 m of street; going to T2 first is 700 m.
let db: TestDatabase;
const now = new Date();
const p = plane(100.2, 30.2);
const as: Record<string, { cookie: string }> = {};
const ids: Record<string, number> = {};
let regionCode: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const place = await createJurisdictions(db.sql, { wkt: square(100.19, 30.19, 0.05) });
  regionCode = place.regionCode;
  const a = await gridWithLeader(db.sql, place, p.rect(-50, -60, 450, 160), 1);
  // a grid 2 km east of every street, and one with buildings visited at different times
  const b = await gridWithLeader(db.sql, { ...place, planId: a.planId }, p.rect(2000, 0, 2200, 200), 2);
  const c = await gridWithLeader(db.sql, { ...place, planId: a.planId }, p.rect(3000, 0, 3400, 200), 3);
  await insertRoads(db.sql, regionCode, [
    ['南街', 'residential', p.line([0, 0], [400, 0])],
    ['北街', 'residential', p.line([0, 100], [400, 100])],
    ...[0, 100, 200, 300, 400].map((x): [string, string, string] => [`${x} 号巷`, 'footway', p.line([x, 0], [x, 100])]),
    // nobody walks on a motorway: a straight one from the start to T3 must not be taken
    ['快速路', 'motorway', p.line([0, 0], [400, 100])],
  ]);
  ids.t1 = await insertBuilding(db.sql, regionCode, p.house(200, -15), 'T1');
  ids.t2 = await insertBuilding(db.sql, regionCode, p.house(200, 115), 'T2');
  ids.t3 = await insertBuilding(db.sql, regionCode, p.house(400, 115), 'T3');
  await insertBuilding(db.sql, regionCode, p.house(2100, 50), '远楼一');
  await insertBuilding(db.sql, regionCode, p.house(2150, 150), '远楼二');
  for (let k = 0; k < 14; k++) {
    const id = await insertBuilding(db.sql, regionCode, p.house(3020 + k * 25, 100), `C${k}`);
    // C0 and C7 never passed; the others k days ago
    if (k % 7) await db.sql`insert into building_visit (building_id, last_passed_at) values (${id}, ${new Date(now.getTime() - k * 86_400_000)})`;
  }
  await placeWorker(db.sql, a.leader.id, p.at(0, 0), now);
  const supervisor = await createUser(db.sql, { grants: [{ role: 'supervisor', jurisdictionId: place.communityId }] });
  const far = await createJurisdictions(db.sql, { wkt: square(101, 31, 0.01) });
  const otherSupervisor = await createUser(db.sql, { grants: [{ role: 'supervisor', jurisdictionId: far.communityId }] });
  const officer = await createUser(db.sql, { grants: [{ role: 'grid_leader', gridCodes: ['990000000000001'] }] });
  const viewer = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: place.communityId }] });
  for (const [k, u] of Object.entries({ a: a.leader, b: b.leader, c: c.leader, supervisor, otherSupervisor, officer, viewer })) {
    ids[k] = u.id;
    as[k] = await createSession(db.sql, u.id, now);
  }
});
afterAll(() => db.drop());

const get = (who: string, query = '') => createApp({ sql: db.sql, clock: () => now }).request(`/api/patrols/route${query}`, { headers: { Cookie: as[who]!.cookie } });
const route = async (who: string, query = '') => {
  const res = await get(who, query);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as RouteAnswer;
};
const near = (a: number[], b: [number, number]) => Math.abs(a[0]! - b[0]) < 2e-5 && Math.abs(a[1]! - b[1]) < 2e-5;

describe('a route on the ladder of streets', () => {
  it('visits T1, T2, T3 along 500 m of street from where the worker stands, never on the motorway', async () => {
    const r = await route('a');
    expect(r.start.from).toBe('position');
    expect(r.targets.map((t) => t.kind)).toEqual(['building', 'building', 'building']);
    expect(r.order.map((i) => r.targets[i]!.id)).toEqual([ids.t1, ids.t2, ids.t3]);
    expect(r.lengthM).toBeGreaterThan(495);
    expect(r.lengthM).toBeLessThan(505);
    expect(r.minutes).toBe(7);
    expect(r.legs.map((l) => Math.round(l.lengthM! / 10) * 10)).toEqual([200, 100, 200]);
    expect(r.unreachable).toEqual([]);
    expect(r.notice).toBeNull();
    const line = r.route!.coordinates;
    expect(r.route!.type).toBe('LineString');
    expect(near(line[0]!, p.at(0, 0))).toBe(true);
    expect(near(line.at(-1)!, p.at(400, 100))).toBe(true);
    // along the streets: through the rung at 200 m, never off the ladder
    expect(line.some((c) => near(c, p.at(200, 100)))).toBe(true);
    const [row] = await db.sql`select stale, edges from route_network where region_code = ${regionCode}`;
    expect(row).toMatchObject({ stale: false });
    expect(row!.edges).toBeGreaterThan(7);
  });

  it('starts in the grid when the worker was last seen hours ago, and on another day', async () => {
    const r = await route('a', '?date=2026-01-05');
    expect(r.date).toBe('2026-01-05');
    expect(r.start.from).toBe('grid');
    expect(r.order).toHaveLength(3);
    expect(r.lengthM).toBeGreaterThan(0);
  });
});

describe('which targets', () => {
  it('puts the buildings never passed first, then the longest ago, and leaves out the latest (12 of 14)', async () => {
    const r = await route('c');
    expect(r.targets).toHaveLength(12);
    expect(r.targets.slice(0, 2).map((t) => [t.name, t.lastVisitedAt])).toEqual(expect.arrayContaining([['C0', null], ['C7', null]]));
    const seen = r.targets.slice(2).map((t) => Date.parse(t.lastVisitedAt!));
    expect(seen).toEqual(seen.toSorted((x, y) => x - y));
    expect(r.targets.map((t) => t.name)).not.toContain('C1');
    expect(r.targets.map((t) => t.name)).not.toContain('C2');
    expect(r.order.toSorted((x, y) => x - y)).toEqual([...r.targets.keys()]);
  });

  it('gives a grid without streets its targets and no route, and says so', async () => {
    const r = await route('b');
    expect(r.targets.map((t) => t.name).sort()).toEqual(['远楼一', '远楼二']);
    expect(r.route).toBeNull();
    expect(r.lengthM).toBeNull();
    expect(r.notice).toBe('no_streets');
    expect(r.order.toSorted()).toEqual([0, 1]);
  });
});

describe('who may ask', () => {
  it("lets a supervisor see the route of a worker of their community, by the worker's own position", async () => {
    const r = await route('supervisor', `?user=${ids.a}`);
    expect(r.worker.id).toBe(ids.a);
    expect(r.start.from).toBe('position');
    expect(r.order).toHaveLength(3);
  });

  it('answers 404 for a worker outside the scope or unknown, 403 to those who may not see others or do not patrol', async () => {
    for (const [who, q] of [['otherSupervisor', `?user=${ids.a}`], ['supervisor', '?user=999999999']] as const) {
      const res = await get(who, q);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'worker_not_found' } });
    }
    for (const [who, q] of [['b', `?user=${ids.a}`], ['viewer', '']] as const) {
      const res = await get(who, q);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
  });

  it('tells a worker without grids in force why there is no route', async () => {
    for (const [who, q] of [['officer', ''], ['supervisor', ''], ['a', '?date=2024-12-31']] as const) {
      const res = await get(who, q);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'worker_without_grids' } });
    }
  });

  it('refuses a date that is not one and parameters it does not know', async () => {
    for (const q of ['?date=2026-02-30', '?date=20260105', '?user=abc', '?user=0', '?grid=1']) {
      const res = await get('a', q);
      expect(res.status, q).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
  });
});
