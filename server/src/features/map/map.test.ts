import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { demoWithSessions, json } from '../../../test/api.ts';

// The map's start view names the grids a user is granted by code (issue 10, point 1): a grid
// leader's one grid, a supervisor's three, nobody else's; each with its id, name and box, so the
// client can mark, frame and open them.
type Own = { id: number; code: string; name: string; bbox: [number, number, number, number] };
type MapBody = { bounds: [number, number, number, number]; ownGrids: Own[] };

const demo = demoWithSessions();
const send: typeof demo.send = (...args) => demo.send(...args);

const mapAs = async (who: string) => json<MapBody>(await send(who, 'GET', '/api/map'));
/** The grid codes a demo account is granted, from the database rather than from the route. */
const grantedCodes = async (who: string) => (await demo.db.sql<{ code: string }[]>`
  select distinct unnest(r.grid_codes) as code from role_assignment r join app_user u on u.id = r.user_id
  where u.username = ${who} order by 1`).map((r) => r.code);

describe('GET /api/map: the caller\'s own grids', () => {
  it('gives a grid leader their grid, with the id /api/grids/:id answers and a box inside the start extent', async () => {
    const body = await mapAs('leader.furun1');
    expect(body.ownGrids.map((g) => g.code)).toEqual(await grantedCodes('leader.furun1'));
    expect(body.ownGrids).toHaveLength(1);
    const [own] = body.ownGrids;
    const detail = await json<{ code: string; name: string }>(await send('leader.furun1', 'GET', `/api/grids/${own!.id}`));
    expect(detail).toMatchObject({ code: own!.code, name: own!.name });
    const [w, s, e, n] = own!.bbox;
    expect(w).toBeLessThan(e);
    expect(s).toBeLessThan(n);
    // the start extent is the grant's extent: the grid's own box
    for (let i = 0; i < 4; i++) expect(Math.abs(own!.bbox[i]! - body.bounds[i]!)).toBeLessThan(1e-5);
    // a point inside the grid, asked of /api/grids/at (as locate-me does), finds the same grid
    const [p] = await demo.db.sql<{ lon: number; lat: number }[]>`select ST_X(pt) as lon, ST_Y(pt) as lat
      from (select ST_PointOnSurface(geom) as pt from grid where id = ${own!.id}) x`;
    const at = await send('leader.furun1', 'GET', `/api/grids/at?lon=${p!.lon}&lat=${p!.lat}`);
    expect(at.status).toBe(200);
    expect((await json<{ grid: { id: number } }>(at)).grid.id).toBe(own!.id);
  });

  it('gives a supervisor all three granted grids, and nobody granted by jurisdiction any', async () => {
    const supervisor = await mapAs('supervisor');
    expect(supervisor.ownGrids.map((g) => g.code)).toEqual(await grantedCodes('supervisor'));
    expect(supervisor.ownGrids).toHaveLength(3);
    for (const who of ['admin', 'planner', 'manager.furun', 'viewer']) expect((await mapAs(who)).ownGrids).toEqual([]);
    const anonymous = await json<MapBody>(await createApp({ sql: demo.db.sql }).request('/api/map'));
    expect(anonymous.ownGrids).toEqual([]);
  });

  it('leaves out a granted code that no grid of the plan in force carries', async () => {
    await demo.db.sql`update role_assignment set grid_codes = grid_codes || '{999999999999999}'::text[]
      where user_id = (select id from app_user where username = 'assistant.furun1') and grid_codes is not null`;
    const codes = (await mapAs('assistant.furun1')).ownGrids.map((g) => g.code);
    expect(codes).toHaveLength(1);
    expect(codes).not.toContain('999999999999999');
  });
});
