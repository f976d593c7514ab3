import { describe, expect, it } from 'vitest';
import { json } from '../../../test/api.ts';
import { useDemoApi } from '../../../test/demo-api.ts';
import { colorUncoloredPlans } from './grid-colors.repo.ts';

// The colours of the Haidian demo plan, measured by PostGIS: neighbours differ, few colours, stable across an edit.
const JINGSHU = '110108010024';
const api = useDemoApi();

/** Pairs of grids of a plan that share more than a point of boundary (within 0.5 m) and have one colour. */
async function clashes(planId: number) {
  const rows = await api.db.sql`
    select a.code a, b.code b from grid a join grid b on a.plan_id = b.plan_id and a.id < b.id
      and ST_DWithin(a.geom, b.geom, 5e-6)
    where a.plan_id = ${planId} and a.color = b.color`;
  return rows.map((r) => `${r.a}/${r.b}`);
}
const colorsOf = async (planId: number) =>
  new Map((await api.db.sql`select code, color from grid where plan_id = ${planId}`).map((r) => [String(r.code), r.color as number | null]));

describe('grid colours', () => {
  it('colours the demo plan in force with at most five colours, no two neighbours alike', async () => {
    const [plan] = await api.db.sql`select id from grid_plan where status = 'published'`;
    const planId = Number(plan!.id);
    const colors = await colorsOf(planId);
    expect(colors.size).toBeGreaterThan(20);
    expect([...colors.values()].every((c) => c !== null)).toBe(true);
    expect(new Set(colors.values()).size).toBeLessThanOrEqual(5);
    expect(await clashes(planId)).toEqual([]);
    // nothing left to colour: a second run changes nothing
    expect(await colorUncoloredPlans(api.db.sql)).toBe(0);
  });

  it('gives a split grid\'s halves colours apart from their neighbours and leaves every other grid as it was', async () => {
    const [j] = await api.db.sql`select id from jurisdiction where code = ${JINGSHU}`;
    const draft = await json<{ id: number }>(await api.send('planner', 'POST', '/api/plans', { jurisdictionId: Number(j!.id) }));
    const before = await colorsOf(draft.id);
    const [g] = await api.db.sql`select code, ST_XMin(geom) w, ST_XMax(geom) e, (ST_YMin(geom) + ST_YMax(geom)) / 2 mid
      from grid where plan_id = ${draft.id} and code like ${`${JINGSHU}%`} order by code limit 1`;
    const line = { type: 'LineString', coordinates: [[Number(g!.w) - 0.001, Number(g!.mid)], [Number(g!.e) + 0.001, Number(g!.mid)]] };
    const res = await api.send('planner', 'POST', `/api/plans/${draft.id}/grids/${g!.code}/split`, { version: 1, line });
    expect(res.status).toBe(200);
    const { codes, operationId } = await json<{ codes: string[]; operationId: number }>(res);
    const after = await colorsOf(draft.id);
    for (const c of codes) expect(after.get(c)).not.toBeNull();
    expect(await clashes(draft.id)).toEqual([]);
    // grids that the split did not touch (it only carves the split grid) keep their colour
    const kept = [...before].filter(([code]) => code !== g!.code);
    expect(kept.filter(([code, c]) => after.get(code) !== c)).toEqual([]);
    // the plan's features carry the colour for the studio
    const p = await json<{ grids: { features: { properties: { code: string; color: number | null } }[] } }>(await api.send('planner', 'GET', `/api/plans/${draft.id}`));
    expect(p.grids.features.find((f) => f.properties.code === codes[0])!.properties.color).toBe(after.get(codes[0]!));
    // undoing the split gives the grid back with the colour it had
    const undo = await api.send('planner', 'POST', `/api/plans/${draft.id}/operations/${operationId}/revert`, { version: 2 });
    expect(undo.status).toBe(200);
    expect((await colorsOf(draft.id)).get(String(g!.code))).toBe(before.get(String(g!.code)));
  });

  it('previews a proposal in the colours accepting it keeps, clashing with no neighbour inside or outside it', async () => {
    const [j] = await api.db.sql`select id from jurisdiction where code = ${JINGSHU}`;
    const draft = await json<{ id: number }>(await api.send('planner', 'POST', '/api/plans', { jurisdictionId: Number(j!.id) }));
    const proposal = await json<{ proposalId: number; alternatives: { grids: { geom: unknown; color: number }[] }[] }>(
      await api.send('planner', 'POST', `/api/plans/${draft.id}/auto`, { jurisdictionId: Number(j!.id), band: { min: 200, max: 500 }, alternatives: 1 }));
    const previewed = proposal.alternatives[0]!.grids;
    expect(new Set(previewed.map((g) => g.color)).size).toBeGreaterThan(1);
    const res = await api.send('planner', 'POST', `/api/plans/${draft.id}/proposals/${proposal.proposalId}/accept`, { alternative: 0, version: 1 });
    expect(res.status).toBe(200);
    expect([...(await colorsOf(draft.id)).values()]).not.toContain(null);
    expect(await clashes(draft.id)).toEqual([]);
    // each accepted grid has the colour of the previewed grid it covers most of
    const changed = await api.db.sql`
      select g.code, g.color, p.color previewed from grid g join lateral (
        select p.color from jsonb_to_recordset(${api.db.sql.json(previewed as never)}) as p(geom jsonb, color int)
        order by ST_Area(ST_Intersection(g.geom, ST_SetSRID(ST_GeomFromGeoJSON(p.geom::text), 4326))) desc limit 1) p on true
      where g.plan_id = ${draft.id} and g.code like ${`${JINGSHU}%`} and g.color <> p.color`;
    expect(changed).toEqual([]);
  });
});
