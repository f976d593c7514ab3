import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signedInSender } from '../../../test/api.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';

// Degenerate geometries sent to the studio's edits are a 400 invalid_geometry saying what is wrong
// (an empty ring was a TypeError and a 500), and change nothing. Each detail names the problem as
// a file's geometry would have it (code and params), so the client says it in the user's language.
const FURUN = '110108010031';
let db: TestDatabase;
let send: Awaited<ReturnType<typeof signedInSender>>;
let plan: number;
let code: string;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  send = await signedInSender(db.sql);
  const [j] = await db.sql`select id from jurisdiction where code = ${FURUN}`;
  plan = (await json<{ id: number }>(await send('planner', 'POST', '/api/plans', { jurisdictionId: Number(j!.id) }))).id;
  const [g] = await db.sql`select code from grid where plan_id = ${plan} and code like ${`${FURUN}%`} order by code limit 1`;
  code = String(g!.code);
});
afterAll(() => db.drop());

const sq = [[116.34, 39.99], [116.341, 39.99], [116.341, 39.991], [116.34, 39.991], [116.34, 39.99]];
const bowtie = [[116.34, 39.99], [116.341, 39.991], [116.341, 39.99], [116.34, 39.991], [116.34, 39.99]];
const GEOMETRIES: [string, unknown, RegExp, { code: string; params?: Record<string, unknown> }][] = [
  ['an empty ring', { type: 'Polygon', coordinates: [[]] }, /ring 0 has 0 positions; a closed ring needs at least 4/, { code: 'ring_too_short', params: { ring: 1, positions: 0 } }],
  ['an unclosed ring', { type: 'Polygon', coordinates: [sq.slice(0, 4)] }, /ring 0 is not closed/, { code: 'ring_not_closed', params: { ring: 1 } }],
  ['an empty MultiPolygon part', { type: 'MultiPolygon', coordinates: [[sq], []] }, /polygon 1: a polygon needs at least one ring/, { code: 'no_rings', params: { part: 2 } }],
  ['no coordinates', { type: 'Polygon', coordinates: [] }, /a polygon needs at least one ring/, { code: 'no_rings' }],
  // well formed, but PostGIS finds it invalid (ST_IsValidDetail in the service)
  ['a self-intersecting ring', { type: 'Polygon', coordinates: [bowtie] }, /Self-intersection/, { code: 'invalid_geometry', params: { defect: 'self_intersection' } }],
];
const ROUTES: [string, string, (geom: unknown) => Record<string, unknown>][] = [
  ['POST', '/api/plans/:id/grids', (geom) => ({ version: 1, geom })],
  ['PUT', '/api/plans/:id/grids/:code/geometry', (geom) => ({ version: 1, geom })],
  ['POST', '/api/plans/:id/reassign', (within) => ({ version: 1, toCode: code, within })],
];

describe('degenerate geometry in plan edits', () => {
  it.each(ROUTES.flatMap(([method, path, body]) => GEOMETRIES.map(([what, g, message, problem]) => [method, path, what, body, g, message, problem] as const)))(
    '%s %s with %s is 400 invalid_geometry', async (method, path, _, body, geom, message, problem) => {
      const res = await send('planner', method, path.replace(':id', String(plan)).replace(':code', code), body(geom));
      expect(res.status).toBe(400);
      const { error } = await json<{ error: { code: string; message: string; details: { field: string; reason: string; problem: unknown }[] } }>(res);
      expect(error.code).toBe('invalid_geometry');
      expect(error.message).toMatch(message);
      expect(error.details[0]!.field).toMatch(/^(geom|within)$/);
      expect(error.details[0]).toMatchObject({ reason: 'geometry', problem: { ...problem, params: problem.params ?? {} } });
      const [p] = await db.sql`select version from grid_plan where id = ${plan}`;
      expect(p!.version).toBe(1);
    });

  it('takes an outline with heights as its 2D outline (was a raw "Geometry has Z dimension" 400)', async () => {
    const [g] = await db.sql`select ST_AsGeoJSON(ST_Force3D(geom, 50), 9)::json geom from grid where plan_id = ${plan} and code = ${code}`;
    const res = await send('planner', 'PUT', `/api/plans/${plan}/grids/${code}/geometry`, { version: 1, geom: g!.geom });
    expect(res.status).toBe(200);
    const [z] = await db.sql`select ST_NDims(geom) n from grid where plan_id = ${plan} and code = ${code}`;
    expect(z!.n).toBe(2);
  });
});
