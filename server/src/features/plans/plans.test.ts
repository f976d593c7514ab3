import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signedInSender } from '../../../test/api.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { planDate } from '../grids/grids.domain.ts';

// Drafting, editing and publishing a plan for 静淑苑社区 over the Haidian demo (the town holds the plan in force).
const JINGSHU = '110108010024';
let db: TestDatabase;
let jingshuId: number;
let send: Awaited<ReturnType<typeof signedInSender>>;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  send = await signedInSender(db.sql);
  jingshuId = Number((await db.sql`select id from jurisdiction where code = ${JINGSHU}`)[0]!.id);
});
afterAll(() => db.drop());


interface Feature { properties: { code: string; inScope: boolean; parentCodes: string[]; locked: boolean }; bbox: number[] }
interface PlanBody { plan: { id: number; version: number; status: string; scope: { code: string } }; grids: { features: Feature[] }; validation: { publishable: boolean; grids: { code: string; bandStatus: string }[]; problems: { kind: string }[] } }

async function draft(who = 'planner') {
  const res = await send(who, 'POST', '/api/plans', { jurisdictionId: jingshuId });
  expect(res.status).toBe(201);
  return json<{ id: number; version: number }>(res);
}
const load = async (id: number, who = 'planner') => json<PlanBody>(await send(who, 'GET', `/api/plans/${id}`));
const scoped = (p: PlanBody) => p.grids.features.filter((f) => f.properties.inScope).map((f) => f.properties.code).sort();

/** Tiling inside the community: no overlaps and the grids' union equals what it was (m², by PostGIS). */
async function tiling(planId: number) {
  const [r] = await db.sql`
    with g as (select geom from grid where plan_id = ${planId} and community_id = ${jingshuId})
    select (select ST_Area(ST_Union(geom)::geography) from g) union_m2,
      (select coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0) from grid a join grid b
        on a.plan_id = b.plan_id and a.code < b.code and ST_Intersects(a.geom, b.geom)
        where a.plan_id = ${planId} and a.community_id = ${jingshuId} and b.community_id = ${jingshuId}) overlap_m2`;
  return { union: Number(r!.union_m2), overlap: Number(r!.overlap_m2) };
}

describe('plans', () => {
  it('drafts from the plan in force: every grid copied, only the community in scope', async () => {
    const d = await draft();
    const p = await load(d.id);
    expect(p.plan).toMatchObject({ status: 'draft', version: 1, scope: { code: JINGSHU } });
    const [n] = await db.sql`select count(*)::int n from grid g join grid_plan p on p.id = g.plan_id where p.status = 'published'`;
    expect(p.grids.features).toHaveLength(n!.n);
    expect(scoped(p).every((c) => c.startsWith(JINGSHU))).toBe(true);
    expect(scoped(p).length).toBeGreaterThan(1);
    expect(p.validation.grids.length).toBe(scoped(p).length);
  });

  it('draws, splits and merges with new codes and lineage, keeps the tiling, and undoes and redoes', async () => {
    const d = await draft();
    const before = await tiling(d.id);
    const p = await load(d.id);
    const target = p.grids.features.find((f) => f.properties.inScope)!;
    const [w, s, e, n] = target.bbox as [number, number, number, number];
    const mid = (s + n) / 2;
    const split = await send('planner', 'POST', `/api/plans/${d.id}/grids/${target.properties.code}/split`,
      { version: 1, line: { type: 'LineString', coordinates: [[w - 0.001, mid], [e + 0.001, mid]] } });
    expect(split.status).toBe(200);
    const sp = await json<{ codes: string[]; version: number; operationId: number }>(split);
    expect(sp.codes).toHaveLength(2);
    expect(sp.version).toBe(2);
    const after = await load(d.id);
    for (const c of sp.codes) expect(after.grids.features.find((f) => f.properties.code === c)!.properties.parentCodes).toEqual([target.properties.code]);
    expect(scoped(after)).not.toContain(target.properties.code);
    const t1 = await tiling(d.id);
    expect(t1.overlap).toBeLessThan(1);
    expect(Math.abs(t1.union - before.union)).toBeLessThan(1);
    // no building cut by the new border
    const [cut] = await db.sql`select count(*)::int n from building b join grid a on a.plan_id = ${d.id} and a.code = ${sp.codes[0]!}
      join grid c on c.plan_id = ${d.id} and c.code = ${sp.codes[1]!}
      where ST_Area(ST_Intersection(b.geom, a.geom)::geography) > 1 and ST_Area(ST_Intersection(b.geom, c.geom)::geography) > 1`;
    expect(cut!.n).toBe(0);

    const merged = await json<{ code: string; version: number; operationId: number }>(await send('planner', 'POST', `/api/plans/${d.id}/merge`, { version: 2, codes: sp.codes }));
    expect(merged.version).toBe(3);
    const m = await load(d.id);
    expect(m.grids.features.find((f) => f.properties.code === merged.code)!.properties.parentCodes).toEqual([...sp.codes].sort());

    const undo = await send('planner', 'POST', `/api/plans/${d.id}/operations/${merged.operationId}/revert`, { version: 3 });
    expect(undo.status).toBe(200);
    const u = await json<{ operationId: number; version: number }>(undo);
    expect(scoped(await load(d.id))).toEqual(expect.arrayContaining(sp.codes));
    const redo = await send('planner', 'POST', `/api/plans/${d.id}/operations/${u.operationId}/revert`, { version: u.version });
    expect(redo.status).toBe(200);
    expect(scoped(await load(d.id))).toContain(merged.code);
    const ops = await json<{ operations: { kind: string; user: string }[] }>(await send('planner', 'GET', `/api/plans/${d.id}/operations`));
    expect(ops.operations.map((o) => o.kind)).toEqual(['revert', 'revert', 'merge', 'split', 'create']);
    expect(ops.operations[0]!.user).toContain('孙丽');
  });

  it('draws a new grid that takes its area from the grids under it', async () => {
    const d = await draft();
    const before = await tiling(d.id);
    const [c] = await db.sql`select ST_X(ST_PointOnSurface(geom)) x, ST_Y(ST_PointOnSurface(geom)) y from jurisdiction where id = ${jingshuId}`;
    const [x, y] = [Number(c!.x), Number(c!.y)];
    const r = 0.0006;
    const square = { type: 'Polygon', coordinates: [[[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r], [x - r, y - r]]] };
    const res = await send('planner', 'POST', `/api/plans/${d.id}/grids`, { version: 1, geom: square });
    expect(res.status).toBe(201);
    const { code } = await json<{ code: string }>(res);
    expect(code).toMatch(new RegExp(`^${JINGSHU}\\d{3}$`));
    const [max] = await db.sql`select max(code) m from grid where plan_id <> ${d.id} and community_id = ${jingshuId}`;
    expect(code > String(max!.m)).toBe(true); // never a code used before
    const t = await tiling(d.id);
    expect(t.overlap).toBeLessThan(1);
    expect(Math.abs(t.union - before.union)).toBeLessThan(1);
  });

  it('reshapes a grid: neighbours give up what it gains and take what it gives up', async () => {
    const d = await draft();
    const before = await tiling(d.id);
    const codes = scoped(await load(d.id));
    for (const metres of [25, -25]) {
      const [g] = await db.sql`select code, ST_AsGeoJSON(ST_Buffer(geom::geography, ${metres})::geometry, 9)::json geom from grid
        where plan_id = ${d.id} and code = ${codes[0]!}`;
      const { version } = (await load(d.id)).plan;
      const res = await send('planner', 'PUT', `/api/plans/${d.id}/grids/${codes[0]}/geometry`, { version, geom: g!.geom });
      expect(res.status).toBe(200);
      const t = await tiling(d.id);
      expect(t.overlap).toBeLessThan(1);
      // what it gives up on the community's edge becomes a gap (validation shows it); inside, the union holds
      expect(t.union).toBeGreaterThan(before.union * 0.98);
      expect(t.union).toBeLessThanOrEqual(before.union + 1);
    }
  });

  it('reassigns buildings by click and by rectangle, moving their parcels so the grids still tile', async () => {
    const d = await draft();
    const before = await tiling(d.id);
    // a building on the border of two grids of the community
    const [pair] = await db.sql`
      select b.id, a.code from_code, n.code to_code, b.households from grid a
      join grid n on n.plan_id = a.plan_id and n.code <> a.code and n.community_id = a.community_id and ST_Touches(a.geom, n.geom)
      join building b on ST_Intersects(a.geom, b.anchor) and ST_DWithin(b.geom::geography, n.geom::geography, 40)
      where a.plan_id = ${d.id} and a.community_id = ${jingshuId} order by b.households desc limit 1`;
    const res = await send('planner', 'POST', `/api/plans/${d.id}/reassign`, { version: 1, toCode: pair!.to_code, buildingIds: [Number(pair!.id)] });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ summary: { to: pair!.to_code, buildings: 1, from: { [pair!.from_code]: 1 } } });
    const [now] = await db.sql`select code from grid g join building b on b.id = ${pair!.id} where g.plan_id = ${d.id} and ST_Intersects(g.geom, b.anchor)`;
    expect(now!.code).toBe(pair!.to_code);
    const t = await tiling(d.id);
    expect(t.overlap).toBeLessThan(1);
    expect(Math.abs(t.union - before.union)).toBeLessThan(1);
    // nothing left to take when only unassigned buildings may move
    const again = await send('planner', 'POST', `/api/plans/${d.id}/reassign`, { version: 2, toCode: pair!.from_code, buildingIds: [Number(pair!.id)], restrict: { unassignedOnly: true } });
    expect(await json(again)).toMatchObject({ error: { code: 'nothing_to_reassign' } });
    // a rectangle over the same building takes it back
    const [box] = await db.sql`select ST_AsGeoJSON(ST_Envelope(ST_Buffer(anchor::geography, 3)::geometry))::json g from building where id = ${pair!.id}`;
    const back = await send('planner', 'POST', `/api/plans/${d.id}/reassign`, { version: 2, toCode: pair!.from_code, within: box!.g });
    expect(back.status).toBe(200);
    expect((await json<{ moved: number[] }>(back)).moved).toContain(Number(pair!.id));
  });

  it('refuses bad edits with a clear 4xx and changes nothing', async () => {
    const d = await draft();
    const p = await load(d.id);
    const code = scoped(p)[0]!;
    const other = p.grids.features.find((f) => !f.properties.inScope)!.properties.code;
    const count = async () => Number((await db.sql`select count(*) n from plan_operation where plan_id = ${d.id}`)[0]!.n);
    const ops = await count();
    const bowtie = { type: 'Polygon', coordinates: [[[116.35, 40.0], [116.36, 40.01], [116.36, 40.0], [116.35, 40.01], [116.35, 40.0]]] };
    const bad = await send('planner', 'POST', `/api/plans/${d.id}/grids`, { version: 1, geom: bowtie });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { code: 'invalid_geometry' } });
    const range = await send('planner', 'POST', `/api/plans/${d.id}/grids`, { version: 1, geom: { type: 'Polygon', coordinates: [[[200, 0], [201, 0], [201, 1], [200, 0]]] } });
    expect(range.status).toBe(400);
    expect((await send('planner', 'POST', `/api/plans/${d.id}/merge`, { version: 1, codes: [code, other] })).status).toBe(400);
    expect((await send('planner', 'POST', `/api/plans/${d.id}/merge`, { version: 1, codes: [code, `${JINGSHU}999`] })).status).toBe(404);
    expect((await send('planner', 'POST', `/api/plans/99999/merge`, { version: 1, codes: [code, other] })).status).toBe(404);
    const miss = await send('planner', 'POST', `/api/plans/${d.id}/grids/${code}/split`, { version: 1, line: { type: 'LineString', coordinates: [[0, 0], [0.1, 0.1]] } });
    expect(await json(miss)).toMatchObject({ error: { code: 'split_line_does_not_cross' } });
    expect(await count()).toBe(ops);
    expect((await load(d.id)).plan.version).toBe(1);
  });

  it('never loses an update: a stale version is a 409 naming the other change; locks hold', async () => {
    const d = await draft();
    const [a, b] = scoped(await load(d.id));
    const results = await Promise.all([
      send('planner', 'PATCH', `/api/plans/${d.id}/grids/${a}`, { version: 1, name: '甲网格' }),
      send('admin', 'PATCH', `/api/plans/${d.id}/grids/${b}`, { version: 1, name: '乙网格' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = results.find((r) => r.status === 409)!;
    expect(await json(lost)).toMatchObject({ error: { code: 'plan_version_conflict', details: { currentVersion: 2, changes: [{ kind: 'rename' }] } } });
    const locked = await send('planner', 'PATCH', `/api/plans/${d.id}/grids/${a}`, { version: 2, locked: true });
    expect(locked.status).toBe(200);
    const line = { type: 'LineString', coordinates: [[116, 39], [117, 41]] };
    const refused = await send('planner', 'POST', `/api/plans/${d.id}/grids/${a}/split`, { version: 3, line });
    expect(refused.status).toBe(409);
    expect(await json(refused)).toMatchObject({ error: { code: 'grid_locked' } });
  });

  it('keeps plans to their scope and level', async () => {
    const d = await draft();
    // the 富润 manager plans 富润 only; the supervisor (grid grant) sees no plans; the commander may look
    expect((await send('manager.furun', 'GET', `/api/plans/${d.id}`)).status).toBe(404);
    expect((await send('manager.furun', 'POST', '/api/plans', { jurisdictionId: jingshuId })).status).toBe(404);
    expect((await send('supervisor', 'GET', `/api/plans/${d.id}`)).status).toBe(404);
    expect((await send('commander', 'GET', `/api/plans/${d.id}`)).status).toBe(200);
    expect((await send('commander', 'PATCH', `/api/plans/${d.id}/grids/${scoped(await load(d.id))[0]}`, { version: 1, name: 'x' })).status).toBe(403);
  });

  it('drafts a whole street office: every grid in scope and validated; a community manager may look but not edit', async () => {
    const [town] = await db.sql`select id from jurisdiction where code = '110108010'`;
    const res = await send('planner', 'POST', '/api/plans', { jurisdictionId: Number(town!.id) });
    expect(res.status).toBe(201);
    const d = await json<{ id: number }>(res);
    const p = await load(d.id);
    expect(p.plan.scope.code).toBe('110108010');
    expect(p.grids.features.every((f) => f.properties.inScope)).toBe(true);
    const furun = p.grids.features.find((f) => f.properties.code.startsWith('110108010031'))!.properties.code;
    expect((await send('manager.furun', 'GET', `/api/plans/${d.id}`)).status).toBe(200);
    expect((await send('manager.furun', 'PATCH', `/api/plans/${d.id}/grids/${furun}`, { version: 1, name: 'x' })).status).toBe(403);
    expect(p.validation.grids.length).toBe(p.grids.features.length);
  });

  it('runs the review workflow and publishes with an effective date; dates keep answering', async () => {
    const d = await draft();
    let p = await load(d.id);
    const early = await send('planner', 'POST', `/api/plans/${d.id}/submit`, { version: 1 });
    if (!p.validation.publishable) {
      expect(early.status).toBe(409);
      expect(await json(early)).toMatchObject({ error: { code: 'plan_not_publishable' } });
    }
    let version = p.plan.version;
    for (const g of p.validation.grids.filter((x) => x.bandStatus !== 'in')) {
      const r = await send('planner', 'PATCH', `/api/plans/${d.id}/grids/${g.code}`, { version, justification: '校园封闭管理，暂不调整' });
      expect(r.status).toBe(200);
      version = (await json<{ version: number }>(r)).version;
    }
    p = await load(d.id);
    expect(p.validation.publishable).toBe(true);
    const submitted = await send('planner', 'POST', `/api/plans/${d.id}/submit`, { version, note: '请审核' });
    expect(submitted.status).toBe(200);
    version = (await json<{ version: number }>(submitted)).version;
    expect((await send('planner', 'PATCH', `/api/plans/${d.id}/grids/${scoped(p)[0]}`, { version, name: 'x' })).status).toBe(409);
    // the planner is at the town, the plan's scope is a community: above it, but not their own submission
    expect(await json(await send('planner', 'POST', `/api/plans/${d.id}/approve`, { version }))).toMatchObject({ error: { code: 'own_plan' } });
    expect((await send('planner', 'POST', `/api/plans/${d.id}/reject`, { version, comment: 'ok' })).status).toBe(400);
    const rejected = await send('admin', 'POST', `/api/plans/${d.id}/reject`, { version, comment: '北侧边界请沿道路调整' });
    expect(rejected.status).toBe(200);
    version = (await json<{ version: number }>(rejected)).version;
    expect((await load(d.id)).plan.status).toBe('draft');
    version = (await json<{ version: number }>(await send('planner', 'POST', `/api/plans/${d.id}/submit`, { version }))).version;
    version = (await json<{ version: number }>(await send('admin', 'POST', `/api/plans/${d.id}/approve`, { version, comment: '同意' }))).version;
    expect((await send('planner', 'POST', `/api/plans/${d.id}/publish`, { version, validFrom: '2020-01-01' })).status).toBe(400);
    const today = planDate(new Date());
    const [old] = await db.sql`select id from grid_plan where status = 'published' and valid_to is null and jurisdiction_id = (select jurisdiction_id from grid_plan where id = ${d.id})`;
    const published = await send('planner', 'POST', `/api/plans/${d.id}/publish`, { version, validFrom: today });
    expect(published.status).toBe(200);
    const [rows] = await db.sql`select (select status from grid_plan where id = ${old!.id}) old_status, (select valid_to::text from grid_plan where id = ${old!.id}) old_to,
      (select status from grid_plan where id = ${d.id}) new_status`;
    expect(rows).toMatchObject({ old_status: 'retired', old_to: today, new_status: 'published' });
    const [b] = await db.sql`select b.id from building b join jurisdiction j on j.id = ${jingshuId} and ST_Intersects(j.geom, b.anchor) limit 1`;
    const [now] = await db.sql`select plan_id from grid_of_building(${b!.id}, ${today}::date)`;
    const [then] = await db.sql`select plan_id from grid_of_building(${b!.id}, '2025-06-01'::date)`;
    expect(Number(now!.plan_id)).toBe(d.id);
    expect(Number(then!.plan_id)).toBe(Number(old!.id));
  });
});
