import { describe, expect, it } from 'vitest';
import { json } from '../../../test/api.ts';
import { useDemoApi } from '../../../test/demo-api.ts';

// A draft of one community of the demo street office is compared with the plan in force within
// that community only: the other communities' grids are context, not "unchanged" grids of the draft.
const JINGSHU = '110108010024';
const api = useDemoApi();

describe('plan diff within the draft scope', () => {
  it('counts only the grids of the draft\'s community', async () => {
    const [j] = await api.db.sql`select id from jurisdiction where code = ${JINGSHU}`;
    const draft = await json<{ id: number }>(await api.send('planner', 'POST', '/api/plans', { jurisdictionId: Number(j!.id) }));
    const [n] = await api.db.sql`select count(*)::int n from grid where plan_id = ${draft.id} and code like ${`${JINGSHU}%`}`;
    const [all] = await api.db.sql`select count(*)::int n from grid where plan_id = ${draft.id}`;
    expect(all!.n).toBeGreaterThan(n!.n);
    const diff = await json<{ totals: { unchanged: number; added: number }; grids: { unchanged: string[] } }>(await api.send('planner', 'GET', `/api/plans/${draft.id}/diff`));
    expect(diff.totals.unchanged).toBe(n!.n);
    expect(diff.grids.unchanged.every((c) => c.startsWith(JINGSHU))).toBe(true);
  });

  it('names each moved building by its compound and name, address or nearest road, never only by its id', async () => {
    const [j] = await api.db.sql`select id from jurisdiction where code = ${JINGSHU}`;
    const draft = await json<{ id: number }>(await api.send('planner', 'POST', '/api/plans', { jurisdictionId: Number(j!.id) }));
    // the buildings of the community's first grid move to its second
    const [from, to] = await api.db.sql`select code, geom from grid where plan_id = ${draft.id} and code like ${`${JINGSHU}%`} order by code limit 2`;
    const ids = (await api.db.sql`select b.id from building b join grid g on g.plan_id = ${draft.id} and g.code = ${from!.code}
      where ST_Intersects(g.geom, b.anchor) and b.households > 0 order by b.id limit 3`).map((r) => Number(r.id));
    expect(ids.length).toBeGreaterThan(0);
    const res = await api.send('planner', 'POST', `/api/plans/${draft.id}/reassign`, { version: 1, toCode: to!.code, buildingIds: ids });
    expect(res.status).toBe(200);
    const diff = await json<{ buildings: { id: number; name: string | null; address: string | null; compound: string | null; nearRoad: string | null }[] }>(
      await api.send('planner', 'GET', `/api/plans/${draft.id}/diff`));
    expect(diff.buildings.map((b) => b.id).sort()).toEqual([...ids].sort());
    for (const b of diff.buildings) expect(b.name ?? b.address ?? b.nearRoad ?? b.compound).toBeTruthy();
  });
});
