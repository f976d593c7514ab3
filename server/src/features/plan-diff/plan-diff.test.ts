import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createBuilding, createGrid, createJurisdictions, createPlan, createSession, createUser, square } from '../../../test/factories.ts';
import type { PlanDiffResult } from './plan-diff.service.ts';

// Two versions of one community's plan: 001 split into 006 + 007, 002 unchanged, 003 widened east
// (taking building X from 004), 004 + 005 merged into 008.
let db: TestDatabase;
let oldPlan: number;
let newPlan: number;
const b: Record<string, number> = {};
const u: Record<string, number> = {};
const as: Record<string, string> = {};
let code: (seq: number) => string;

const rect = (x0: number, y0: number, x1: number, y1: number) => `MULTIPOLYGON(((${x0} ${y0},${x1} ${y0},${x1} ${y1},${x0} ${y1},${x0} ${y0})))`;

beforeAll(async () => {
  db = await createTestDatabase();
  const j = await createJurisdictions(db.sql, { wkt: square(116, 40, 0.01) });
  code = (seq) => `${j.communityCode}${String(seq).padStart(3, '0')}`;
  oldPlan = await createPlan(db.sql, { jurisdictionId: j.townId, regionCode: j.regionCode });
  newPlan = await createPlan(db.sql, { jurisdictionId: j.townId, regionCode: j.regionCode, status: 'draft' });
  await db.sql`update grid_plan set base_plan_id = ${oldPlan} where id = ${newPlan}`;
  const grid = (planId: number, seqNo: number, wkt: string) =>
    createGrid(db.sql, { planId, communityId: j.communityId, communityCode: j.communityCode, regionCode: j.regionCode, wkt, seqNo });
  await grid(oldPlan, 1, rect(116, 40, 116.003, 40.01));
  await grid(oldPlan, 2, rect(116.003, 40, 116.005, 40.01));
  await grid(oldPlan, 3, rect(116.005, 40, 116.0075, 40.01));
  await grid(oldPlan, 4, rect(116.0075, 40, 116.01, 40.005));
  await grid(oldPlan, 5, rect(116.0075, 40.005, 116.01, 40.01));
  await grid(newPlan, 6, rect(116, 40, 116.003, 40.005));
  await grid(newPlan, 7, rect(116, 40.005, 116.003, 40.01));
  await grid(newPlan, 2, rect(116.003, 40, 116.005, 40.01));
  await grid(newPlan, 3, rect(116.005, 40, 116.008, 40.01));
  await grid(newPlan, 8, rect(116.008, 40, 116.01, 40.01));
  await db.sql`update grid set parent_codes = ${[code(1)]} where plan_id = ${newPlan} and code in (${code(6)}, ${code(7)})`;
  await db.sql`update grid set parent_codes = ${[code(4), code(5)]} where plan_id = ${newPlan} and code = ${code(8)}`;
  const building = (lon: number, lat: number, households: number) => createBuilding(db.sql, { regionCode: j.regionCode, wkt: square(lon, lat, 0.0002), households });
  b.south = await building(116.001, 40.002, 100);
  b.north = await building(116.001, 40.007, 120);
  b.stays = await building(116.004, 40.004, 50);
  b.x = await building(116.0076, 40.001, 30);
  b.y = await building(116.009, 40.002, 40);
  b.z = await building(116.009, 40.007, 60);
  u.leader4 = (await createUser(db.sql, { grants: [{ role: 'grid_leader', gridCodes: [code(4)] }] })).id;
  u.leader3 = (await createUser(db.sql, { grants: [{ role: 'grid_leader', gridCodes: [code(3)] }] })).id;
  u.assistant2 = (await createUser(db.sql, { grants: [{ role: 'grid_assistant', gridCodes: [code(2)] }] })).id;
  u.planner = (await createUser(db.sql, { grants: [{ role: 'planner', jurisdictionId: j.townId }] })).id;
  u.supervisor = (await createUser(db.sql, { grants: [{ role: 'supervisor', gridCodes: [code(2)] }] })).id;
  for (const k of ['planner', 'supervisor', 'leader4']) as[k] = (await createSession(db.sql, u[k]!)).cookie;
});
afterAll(() => db?.drop());

const get = (who: string, path: string) => createApp({ sql: db.sql }).request(path, { headers: { Cookie: as[who]! } });
const diffOf = async (who: string, path: string) => {
  const res = await get(who, path);
  expect(res.status).toBe(200);
  return (await res.json()) as PlanDiffResult;
};

describe('GET /api/plans/:id/diff', () => {
  it('lists grids added with lineage, removed, changed and unchanged against the base plan', async () => {
    const d = await diffOf('planner', `/api/plans/${newPlan}/diff`);
    expect(d.against.id).toBe(oldPlan);
    expect(d.grids.added.map((g) => [g.code, g.parentCodes])).toEqual([[code(6), [code(1)]], [code(7), [code(1)]], [code(8), [code(4), code(5)]]]);
    expect(d.grids.removed.map((g) => g.code)).toEqual([code(1), code(4), code(5)]);
    expect(d.grids.changed.map((g) => [g.code, g.reasons])).toEqual([[code(3), ['geometry']]]);
    expect(d.grids.unchanged).toEqual([code(2)]);
    const widened = d.grids.changed[0]!;
    expect(widened.delta.households).toBe(30);
    expect(widened.delta.areaM2).toBeGreaterThan(20_000); // 0.0005° × 0.01° ≈ 43 m × 1.1 km
    expect(d.grids.added.find((g) => g.code === code(8))!.after).toMatchObject({ households: 40 + 60, buildings: 2 });
  });

  it('lists every building that changes grid, with the households that move between each pair', async () => {
    const d = await diffOf('planner', `/api/plans/${newPlan}/diff`);
    const moves = Object.fromEntries(d.buildings.map((m) => [m.id, `${m.from}→${m.to}`]));
    expect(moves).toEqual({
      [b.south!]: `${code(1)}→${code(6)}`, [b.north!]: `${code(1)}→${code(7)}`,
      [b.x!]: `${code(4)}→${code(3)}`, [b.y!]: `${code(4)}→${code(8)}`, [b.z!]: `${code(5)}→${code(8)}`,
    });
    expect(d.totals).toMatchObject({ buildingsMoved: 5, householdsMoved: 350, added: 3, removed: 3, changed: 1, unchanged: 1 });
    expect(d.flows.find((f) => f.from === code(4) && f.to === code(3))).toEqual({ from: code(4), to: code(3), buildings: 1, households: 30 });
  });

  it('hands the buildings of a removed grid over to the workers of the grids they go to', async () => {
    const d = await diffOf('planner', `/api/plans/${newPlan}/diff`);
    expect(d.handover.map((h) => [h.userId, h.gridCode, h.gridFate])).toEqual([[u.leader3, code(3), 'changed'], [u.leader4, code(4), 'removed']]);
    const leaving = d.handover.find((h) => h.userId === u.leader4)!;
    expect(leaving.outgoing.map((o) => [o.grid, o.households, o.buildings.map((x) => x.id), o.workers.map((w) => w.userId)]))
      .toEqual([[code(8), 40, [b.y], []], [code(3), 30, [b.x], [u.leader3]]]);
    const taking = d.handover.find((h) => h.userId === u.leader3)!;
    expect(taking.incoming.map((i) => [i.grid, i.buildings.map((x) => x.id), i.workers.map((w) => w.userId)])).toEqual([[code(4), [b.x], [u.leader4]]]);
  });

  it('is 404 for a supervisor whose grant names grids, as GET /api/plans/:id is (grid grants see no plan)', async () => {
    for (const path of [`/api/plans/${newPlan}/diff?against=${oldPlan}`, `/api/plans/${newPlan}`]) {
      const res = await get('supervisor', path);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'plan_not_found' } });
    }
  });

  it('compares the other way round when asked', async () => {
    const d = await diffOf('planner', `/api/plans/${oldPlan}/diff?against=${newPlan}`);
    expect(d.grids.added.map((g) => g.code)).toEqual([code(1), code(4), code(5)]);
    expect(d.buildings.find((m) => m.id === b.x)).toMatchObject({ from: code(3), to: code(4) });
  });

  it('is 400 with nothing to compare, for a bad id, and 404 for a plan that does not exist', async () => {
    const none = await get('planner', `/api/plans/${oldPlan}/diff`);
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ error: { code: 'no_plan_to_compare' } });
    const bad = await get('planner', `/api/plans/${newPlan}/diff?against=abc`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request' } });
    const missing = await get('planner', `/api/plans/${newPlan}/diff?against=999999`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'plan_not_found' } });
  });

  it('is 403 for a grid leader (no plans.view)', async () => {
    expect((await get('leader4', `/api/plans/${newPlan}/diff`)).status).toBe(403);
  });
});

describe('diff of a draft made with the plans API (demo)', () => {
  let demo: TestDatabase;
  let session: { cookie: string; csrfToken: string };
  beforeAll(async () => {
    demo = await createTestDatabase({ demo: true });
    const [p] = await demo.sql`select id from app_user where username = 'planner'`;
    session = await createSession(demo.sql, Number(p!.id));
  });
  afterAll(() => demo?.drop());

  const call = (method: string, path: string, body?: unknown) => createApp({ sql: demo.sql }).request(path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken, 'Content-Type': 'application/json' },
  });

  it('shows a building reassigned in the draft moving to the other grid, handed over by the grid leader and assistant', async () => {
    const [furun] = await demo.sql`select id from jurisdiction where code = '110108010031'`;
    const created = await call('POST', '/api/plans', { jurisdictionId: Number(furun!.id) });
    expect(created.status).toBe(201);
    const draft = (await created.json()) as { id: number; version: number };
    const untouched = (await (await call('GET', `/api/plans/${draft.id}/diff`)).json()) as PlanDiffResult;
    expect(untouched.totals).toMatchObject({ added: 0, removed: 0, changed: 0, buildingsMoved: 0 });

    // the building of 富润家园网格 (002) nearest to 003
    const [b] = await demo.sql`
      select b.id, b.households from building b, grid g2, grid g3
      where g2.plan_id = ${untouched.against.id} and g2.code = '110108010031002' and g3.plan_id = g2.plan_id and g3.code = '110108010031003'
        and ST_Intersects(g2.geom, b.anchor) order by ST_Distance(b.anchor, g3.geom) limit 1`;
    const [row] = await demo.sql`select version from grid_plan where id = ${draft.id}`;
    const moved = await call('POST', `/api/plans/${draft.id}/reassign`, { version: Number(row!.version), toCode: '110108010031003', buildingIds: [Number(b!.id)] });
    expect(moved.status).toBe(200);

    const d = (await (await call('GET', `/api/plans/${draft.id}/diff`)).json()) as PlanDiffResult;
    expect(d.grids.changed.map((g) => g.code)).toEqual(['110108010031002', '110108010031003']);
    expect(d.buildings).toEqual([expect.objectContaining({ id: Number(b!.id), from: '110108010031002', to: '110108010031003', households: b!.households })]);
    expect(d.handover.map((h) => [h.displayName, h.gridCode, h.outgoing.map((o) => o.grid)])).toEqual([
      ['王磊（网格长）', '110108010031002', ['110108010031003']],
      ['李娜（网格协管员）', '110108010031002', ['110108010031003']],
    ]);
  });
});
