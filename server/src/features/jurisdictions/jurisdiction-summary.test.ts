import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { json } from '../../../test/api.ts';
import { useDemoApi } from '../../../test/demo-api.ts';

// The side panel's totals of a place, over the demo: they must add up to what the grid panel says of
// each grid, and cover only what the caller's map grants cover.
const FURUN = '110108010031';
const AGRI_EAST = '110108010019';
const TOWN = '110108010';
const api = useDemoApi();

interface Summary {
  jurisdiction: { id: number; code: string; level: string };
  coverage: 'full' | 'partial';
  totals: {
    grids: number; communities: number; households: number; residents: number; buildings: number; areaM2: number;
    band: { under: number; within: number; over: number }; workers: number; unstaffedGrids: number;
  };
}
interface GridStats { stats: { households: number; residents: number; buildings: number; areaM2: number }; band: { status: 'under' | 'within' | 'over' } }

const idOf = async (code: string) => Number((await api.db.sql`select id from jurisdiction where code = ${code}`)[0]!.id);
/** The grids in force under a code, or with these codes. */
const gridsOf = async (where: { prefix?: string; codes?: string[] }) => (await api.db.sql`
  select g.id from grid g join grid_plan p on p.id = g.plan_id
  where p.status = 'published' and (g.code like ${`${where.prefix ?? '-'}%`} or g.code = any(${where.codes ?? []}::text[]))`).map((r) => Number(r.id));
/** The same totals added up from GET /api/grids/:id, one grid at a time (area rounded per grid there, so compared within 1 m² a grid). */
async function addedUp(ids: number[]) {
  const sum = { grids: ids.length, households: 0, residents: 0, buildings: 0, areaM2: 0, band: { under: 0, within: 0, over: 0 } };
  let area = 0;
  for (const id of ids) {
    const g = await json<GridStats>(await api.send('admin', 'GET', `/api/grids/${id}`));
    sum.households += g.stats.households;
    sum.residents += g.stats.residents;
    sum.buildings += g.stats.buildings;
    area += g.stats.areaM2;
    sum.band[g.band.status] += 1;
  }
  sum.areaM2 = expect.closeTo(area, -Math.log10(2 * ids.length)) as unknown as number;
  return sum;
}
const summaryAs = async (who: string, code: string) => api.send(who, 'GET', `/api/jurisdictions/${await idOf(code)}/summary`);
const grantedCodes = async (username: string) => ((await api.db.sql`
  select r.grid_codes from role_assignment r join app_user u on u.id = r.user_id where u.username = ${username}`)[0]!.grid_codes as string[]);

describe('GET /api/jurisdictions/:id/summary', () => {
  it('adds up a community\'s grids as the grid panel counts them, with the grids out of band and the staffing', async () => {
    const res = await summaryAs('admin', FURUN);
    expect(res.status).toBe(200);
    const s = await json<Summary>(res);
    expect(s.coverage).toBe('full');
    const ids = await gridsOf({ prefix: FURUN });
    expect(ids.length).toBeGreaterThan(1);
    expect(s.totals).toMatchObject({ ...(await addedUp(ids)), communities: 1 });
    expect(s.totals.households).toBeGreaterThan(0);
    // the demo's leader and assistant share 富润's most populated grid; the manager is not a grid worker
    expect(s.totals.workers).toBe(2);
    expect(s.totals.unstaffedGrids).toBe(ids.length - 1);
  });

  it('adds up a street office over all its communities', async () => {
    const s = await json<Summary>(await summaryAs('commander', TOWN));
    const [n] = await api.db.sql`select count(distinct g.community_id)::int communities, count(*)::int grids from grid g join grid_plan p on p.id = g.plan_id
      where p.status = 'published' and g.code like ${`${TOWN}%`}`;
    expect(s).toMatchObject({ coverage: 'full', jurisdiction: { level: 'town' } });
    expect(s.totals.grids).toBe(n!.grids);
    expect(s.totals.communities).toBe(n!.communities);
    const furun = await json<Summary>(await summaryAs('commander', FURUN));
    expect(s.totals.households).toBeGreaterThan(furun.totals.households);
    expect(s.totals.band.under + s.totals.band.within + s.totals.band.over).toBe(s.totals.grids);
  });

  it('gives a grid worker only their own grids, wherever they look, and 404 where they have none', async () => {
    const mine = await grantedCodes('leader.furun1');
    const own = await addedUp(await gridsOf({ codes: mine }));
    for (const code of [FURUN, TOWN]) {
      const s = await json<Summary>(await summaryAs('leader.furun1', code));
      expect(s.coverage).toBe('partial');
      expect(s.totals).toMatchObject({ ...own, communities: 1, workers: 2, unstaffedGrids: 0 });
    }
    const elsewhere = await summaryAs('leader.furun1', AGRI_EAST);
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toMatchObject({ error: { code: 'jurisdiction_not_found' } });
    // a supervisor of three grids sees those three
    const sup = await json<Summary>(await summaryAs('supervisor', AGRI_EAST));
    expect(sup).toMatchObject({ coverage: 'partial', totals: { grids: 3 } });
    expect(sup.totals).toMatchObject(await addedUp(await gridsOf({ codes: await grantedCodes('supervisor') })));
    // a community manager asking about the street office gets their community
    const manager = await json<Summary>(await summaryAs('manager.furun', TOWN));
    expect(manager).toMatchObject({ coverage: 'partial', totals: { communities: 1, grids: (await gridsOf({ prefix: FURUN })).length } });
  });

  it('answers a clear 4xx to bad or unknown ids and to anonymous callers', async () => {
    expect((await api.send('admin', 'GET', '/api/jurisdictions/999999999/summary')).status).toBe(404);
    for (const bad of ['abc', '-1', '1.5', '99999999999999999999']) {
      const res = await api.send('admin', 'GET', `/api/jurisdictions/${bad}/summary`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
    expect((await createApp({ sql: api.db.sql }).request(`/api/jurisdictions/${await idOf(FURUN)}/summary`)).status).toBe(401);
  });

  it('is quick on the demo street office (reported, not asserted: timing targets live in bench/)', async () => {
    const id = await idOf(TOWN);
    await api.send('commander', 'GET', `/api/jurisdictions/${id}/summary`);
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) await api.send('commander', 'GET', `/api/jurisdictions/${id}/summary`);
    console.log(`[summary] street office totals: ${((performance.now() - t0) / 5).toFixed(1)} ms per request`);
  });
});
