import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signedInSender } from '../../../test/api.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';

// Automatic plans through the API on a draft for 静淑苑社区 over the Haidian demo, as the town planner.
const JINGSHU = '110108010024';
let db: TestDatabase;
let jingshuId: number;
let otherCommunityId: number;
let send: Awaited<ReturnType<typeof signedInSender>>;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  send = await signedInSender(db.sql);
  jingshuId = Number((await db.sql`select id from jurisdiction where code = ${JINGSHU}`)[0]!.id);
  otherCommunityId = Number((await db.sql`select id from jurisdiction where code = '110108010031'`)[0]!.id);
});
afterAll(() => db.drop());


interface Grid { key: string; code?: string; households: number; buildings: number; oversize: boolean; geom: unknown }
interface Proposal {
  proposalId: number;
  alternatives: { index: number; label: string; grids: Grid[]; metrics: { validation: { gapAreaM2: number; overlapAreaM2: number; unassignedBuildings: number; splitBuildings: number; inBand: number; grids: number } }; moves?: { buildingId: number; from: string; to: string; households: number }[]; infeasible?: string[] }[];
}

async function draft() {
  const res = await send('planner', 'POST', '/api/plans', { jurisdictionId: jingshuId });
  expect(res.status).toBe(201);
  return json<{ id: number; version: number }>(res);
}

/** Independent check of the stored grids of the community: gaps, overlaps (planar m²), buildings in exactly one grid. */
async function tiling(planId: number) {
  const [r] = await db.sql`
    with g as (select code, geom from grid where plan_id = ${planId} and community_id = ${jingshuId}),
    j as (select geom, 111320.0 ^ 2 * cos(radians(ST_Y(ST_Centroid(geom)))) as m2 from jurisdiction where id = ${jingshuId})
    select (select ST_Area(ST_SymDifference((select ST_Union(geom) from g), j.geom)) * j.m2 from j) as symdiff,
      (select coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom))), 0) * (select m2 from j) from g a join g b on a.code < b.code and ST_Intersects(a.geom, b.geom)) as overlap,
      (select count(*)::int from building b, j where ST_Intersects(j.geom, b.anchor)
         and (select count(*) from g where ST_Intersects(g.geom, b.anchor)) <> 1) as not_once,
      (select coalesce(array_agg(x.hh order by x.hh), '{}') from (select sum(b.households)::int as hh from g join building b on ST_Intersects(g.geom, b.anchor) group by g.code) x) as households`;
  return r!;
}

/** Two grids of the draft in 静淑苑 that share a boundary, and two that do not touch. */
async function pairs(planId: number) {
  const [adj] = await db.sql`
    select a.code as a, b.code as b from grid a join grid b on a.plan_id = b.plan_id and a.code < b.code
    where a.plan_id = ${planId} and a.community_id = ${jingshuId} and b.community_id = ${jingshuId}
      and ST_Length(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 2)::geography) > 10 order by 1, 2 limit 1`;
  const [apart] = await db.sql`
    select a.code as a, b.code as b from grid a join grid b on a.plan_id = b.plan_id and a.code < b.code
    where a.plan_id = ${planId} and a.community_id = ${jingshuId} and b.community_id = ${jingshuId}
      and not ST_DWithin(a.geom::geography, b.geom::geography, 5) order by 1, 2 limit 1`;
  return { adjacent: [String(adj!.a), String(adj!.b)], apart: apart ? [String(apart.a), String(apart.b)] : null };
}

/** A building near the shared border of two grids of 静淑苑 gains households: its grid goes over the band (510). */
async function pushOverBand(planId: number) {
  const { adjacent } = await pairs(planId);
  const [b] = await db.sql`
    select b.id, b.households from building b join grid g on g.plan_id = ${planId} and g.code = ${adjacent[0]!} and ST_Intersects(g.geom, b.anchor)
    join grid o on o.plan_id = ${planId} and o.code = ${adjacent[1]!}
    order by ST_Distance(b.anchor, o.geom), b.id limit 1`;
  const [hh] = await db.sql`select sum(b.households)::int as hh from grid g join building b on ST_Intersects(g.geom, b.anchor) where g.plan_id = ${planId} and g.code = ${adjacent[0]!}`;
  await db.sql`update building set households = households + ${510 - hh!.hh} where id = ${b!.id}`;
  return { adjacent, restore: () => db.sql`update building set households = ${b!.households} where id = ${b!.id}` };
}

describe('automatic plans', () => {
  it('proposes three valid alternatives for a community and accepts one as one operation', async () => {
    const d = await draft();
    const res = await send('planner', 'POST', `/api/plans/${d.id}/auto`, { jurisdictionId: jingshuId, band: { min: 200, max: 500 }, alternatives: 3 });
    expect(res.status).toBe(201);
    const p = await json<Proposal>(res);
    expect(p.alternatives).toHaveLength(3);
    for (const a of p.alternatives) {
      expect(a.metrics.validation).toMatchObject({ unassignedBuildings: 0, splitBuildings: 0 });
      expect(a.metrics.validation.gapAreaM2).toBeLessThan(1);
      expect(a.metrics.validation.overlapAreaM2).toBeLessThan(1);
      for (const g of a.grids) if (!g.oversize) expect(g.households).toBeGreaterThanOrEqual(200);
      for (const g of a.grids) if (!g.oversize) expect(g.households).toBeLessThanOrEqual(500);
    }
    const chosen = p.alternatives[1]!;
    const ok = await send('planner', 'POST', `/api/plans/${d.id}/proposals/${p.proposalId}/accept`, { alternative: 1, version: d.version });
    expect(ok.status).toBe(200);
    const body = await json<{ version: number; codes: string[] }>(ok);
    expect(body.version).toBe(d.version + 1);
    expect(body.codes).toHaveLength(chosen.grids.length);
    const t = await tiling(d.id);
    expect(t.symdiff).toBeLessThan(1);
    expect(t.overlap).toBeLessThan(0.1);
    expect(t.not_once).toBe(0);
    expect(t.households).toEqual(chosen.grids.map((g) => g.households).sort((x, y) => x - y));
    const stale = await send('planner', 'POST', `/api/plans/${d.id}/proposals/${p.proposalId}/accept`, { alternative: 0, version: d.version });
    expect(stale.status).toBe(409);
  });

  it('keeps locked grids as they are and re-partitions the rest of the community', async () => {
    const d = await draft();
    const [locked] = await db.sql`
      update grid set locked = true where id = (select min(id) from grid where plan_id = ${d.id} and community_id = ${jingshuId})
      returning code, ST_AsText(geom) as wkt`;
    const res = await send('planner', 'POST', `/api/plans/${d.id}/auto`, { jurisdictionId: jingshuId, alternatives: 2 });
    expect(res.status).toBe(201);
    const p = await json<Proposal>(res);
    for (const a of p.alternatives) expect(a.metrics.validation).toMatchObject({ unassignedBuildings: 0, splitBuildings: 0 });
    const ok = await send('planner', 'POST', `/api/plans/${d.id}/proposals/${p.proposalId}/accept`, { alternative: 0, version: d.version });
    expect(ok.status).toBe(200);
    const [still] = await db.sql`select ST_AsText(geom) as wkt, locked from grid where plan_id = ${d.id} and code = ${locked!.code}`;
    expect(still).toEqual({ wkt: locked!.wkt, locked: true });
    const t = await tiling(d.id);
    expect(t.symdiff).toBeLessThan(1);
    expect(t.overlap).toBeLessThan(0.1);
    expect(t.not_once).toBe(0);
  });

  it('rebalances two adjacent grids into two and refuses grids that do not touch', async () => {
    const d = await draft();
    const { adjacent, apart } = await pairs(d.id);
    if (apart) {
      const bad = await send('planner', 'POST', `/api/plans/${d.id}/rebalance`, { gridCodes: apart });
      expect(bad.status).toBe(400);
      expect((await json<{ error: { code: string } }>(bad)).error.code).toBe('grids_not_adjacent');
    }
    const sel = await send('planner', 'POST', `/api/plans/${d.id}/auto`, { jurisdictionId: jingshuId, gridCodes: adjacent, alternatives: 2 });
    expect(sel.status).toBe(201);
    for (const a of (await json<Proposal>(sel)).alternatives) expect(a.metrics.validation).toMatchObject({ gapAreaM2: 0, unassignedBuildings: 0, splitBuildings: 0 });
    const res = await send('planner', 'POST', `/api/plans/${d.id}/rebalance`, { gridCodes: adjacent });
    expect(res.status).toBe(201);
    const p = await json<Proposal>(res);
    expect(p.alternatives.length).toBeGreaterThanOrEqual(1);
    for (const a of p.alternatives) expect(a.grids).toHaveLength(2);
    const before = await db.sql`select sum(b.households)::int as hh from grid g join building b on ST_Intersects(g.geom, b.anchor) where g.plan_id = ${d.id} and g.code = any(${adjacent})`;
    expect(p.alternatives[0]!.grids.reduce((s, g) => s + g.households, 0)).toBe(before[0]!.hh);
    const ok = await send('planner', 'POST', `/api/plans/${d.id}/proposals/${p.proposalId}/accept`, { alternative: 0, version: d.version });
    expect(ok.status).toBe(200);
    const t = await tiling(d.id);
    expect(t.symdiff).toBeLessThan(1);
    expect(t.overlap).toBeLessThan(0.1);
    expect(t.not_once).toBe(0);
  });

  it('re-plans with the fewest moves when base data pushes a grid out of the band', async () => {
    const d = await draft();
    const { restore } = await pushOverBand(d.id);
    const res = await send('planner', 'POST', `/api/plans/${d.id}/replan`, { jurisdictionId: jingshuId });
    expect(res.status).toBe(201);
    const p = await json<Proposal>(res);
    const alt = p.alternatives[0]!;
    expect(alt.moves!.length).toBeGreaterThanOrEqual(1);
    expect(alt.moves!.every((m) => m.from !== m.to)).toBe(true);
    expect(alt.infeasible).toEqual([]);
    expect(alt.metrics.validation.inBand).toBe(alt.metrics.validation.grids);
    const ok = await send('planner', 'POST', `/api/plans/${d.id}/proposals/${p.proposalId}/accept`, { alternative: 0, version: d.version });
    expect(ok.status, JSON.stringify(await ok.clone().json())).toBe(200);
    const t = await tiling(d.id);
    expect(t.not_once).toBe(0);
    expect(t.overlap).toBeLessThan(0.1);
    expect((t.households as number[]).every((h) => h >= 200 && h <= 500)).toBe(true);
    await restore();
  });

  it('re-plans a whole street office: each community with the fewest moves, validated as one', async () => {
    const townId = Number((await db.sql`select parent_id from jurisdiction where id = ${jingshuId}`)[0]!.parent_id);
    const res0 = await send('planner', 'POST', '/api/plans', { jurisdictionId: townId });
    expect(res0.status).toBe(201);
    const d = await json<{ id: number; version: number }>(res0);
    const { adjacent, restore } = await pushOverBand(d.id);
    try {
      const res = await send('planner', 'POST', `/api/plans/${d.id}/replan`, { jurisdictionId: townId });
      expect(res.status, await res.clone().text()).toBe(201);
      const alt = (await json<Proposal>(res)).alternatives[0]!;
      const p = (await db.sql`select max(id) as id from plan_proposal where plan_id = ${d.id}`)[0]!;
      // the grid pushed over the band gives buildings away; grids of other communities may move too, never across communities
      expect(alt.moves!.some((m) => m.from === adjacent[0])).toBe(true);
      expect(alt.moves!.every((m) => m.from.slice(0, 12) === m.to.slice(0, 12))).toBe(true);
      expect(alt.infeasible).not.toContain(adjacent[0]);
      const [grids] = await db.sql`select count(*)::int as n from grid where plan_id = ${d.id}`;
      expect(alt.metrics.validation.grids).toBe(grids!.n); // validated over the whole street office
      const ok = await send('planner', 'POST', `/api/plans/${d.id}/proposals/${p.id}/accept`, { alternative: 0, version: d.version });
      expect(ok.status, await ok.clone().text()).toBe(200);
      const t = await tiling(d.id);
      expect(t.not_once).toBe(0);
      expect((t.households as number[]).every((h) => h >= 200 && h <= 500)).toBe(true);
    } finally {
      await restore();
    }
  }, 120_000);

  it('answers bad input with 4xx and changes nothing', async () => {
    const d = await draft();
    const auto = (body: unknown, who = 'planner') => send(who, 'POST', `/api/plans/${d.id}/auto`, body);
    const code = async (res: Response) => ({ status: res.status, code: (await json<{ error: { code: string } }>(res)).error.code });
    expect((await auto({ jurisdictionId: jingshuId, band: { min: 500, max: 200 } })).status).toBe(400);
    expect(await code(await auto({ jurisdictionId: otherCommunityId }))).toEqual({ status: 400, code: 'outside_scope' });
    expect((await auto({ jurisdictionId: 999_999 })).status).toBe(400);
    expect((await auto({ jurisdictionId: jingshuId, alternatives: 7 })).status).toBe(400);
    expect((await auto({ jurisdictionId: jingshuId }, 'viewer')).status).toBe(403);
    expect((await send('planner', 'POST', '/api/plans/999999/auto', { jurisdictionId: jingshuId })).status).toBe(404);
    expect(await code(await send('planner', 'POST', `/api/plans/${d.id}/rebalance`, { gridCodes: [`${JINGSHU}998`, `${JINGSHU}999`] })))
      .toEqual({ status: 400, code: 'grid_not_found' });
    expect((await send('planner', 'POST', `/api/plans/${d.id}/proposals/999999/accept`, { alternative: 0, version: 1 })).status).toBe(404);
    const [v] = await db.sql`select version from grid_plan where id = ${d.id}`;
    expect(v!.version).toBe(d.version);
  });

  it('re-plans 富润 with a wide band into grids that stay valid through their GeoJSON, and accepts them', async () => {
    // the snapped union was valid in PostGIS but self-intersecting once read back from 9 decimals (a 500)
    const res = await send('planner', 'POST', '/api/plans', { jurisdictionId: otherCommunityId });
    const d = await json<{ id: number; version: number }>(res);
    const replan = await send('planner', 'POST', `/api/plans/${d.id}/replan`, { jurisdictionId: otherCommunityId, band: { min: 100, max: 600 }, weights: { households: 1 } });
    expect(replan.status).toBe(201);
    const p = await json<Proposal>(replan);
    for (const g of p.alternatives[0]!.grids) {
      const [v] = await db.sql`select ST_IsValid(ST_GeomFromGeoJSON(${JSON.stringify(g.geom)})) as ok`;
      expect(v!.ok, g.key).toBe(true);
    }
    expect((await send('planner', 'POST', `/api/plans/${d.id}/proposals/${p.proposalId}/accept`, { alternative: 0, version: d.version })).status).toBe(200);
  });

  it('balances on special groups only for callers who may read the community\'s residents', async () => {
    const d = await draft();
    const weights = { households: 1, specialGroups: 2 };
    const before = await db.sql`select count(*)::int as n from plan_proposal where plan_id = ${d.id}`;
    // the town planner sees no special-group counts, so may not steer proposals by them
    for (const path of ['auto', 'replan']) {
      const res = await send('planner', 'POST', `/api/plans/${d.id}/${path}`, { jurisdictionId: jingshuId, weights });
      expect(res.status, path).toBe(403);
      expect(await json(res), path).toMatchObject({ error: { code: 'special_groups_out_of_scope' } });
    }
    const { adjacent } = await pairs(d.id);
    expect((await send('planner', 'POST', `/api/plans/${d.id}/rebalance`, { gridCodes: adjacent, weights })).status).toBe(403);
    expect((await db.sql`select count(*)::int as n from plan_proposal where plan_id = ${d.id}`)[0]!.n).toBe(before[0]!.n);
    // the admin reads residents everywhere
    expect((await send('admin', 'POST', `/api/plans/${d.id}/auto`, { jurisdictionId: jingshuId, weights, alternatives: 1 })).status).toBe(201);
  });
});
