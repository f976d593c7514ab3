import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession, createUser } from '../../../test/factories.ts';
import { createIncidentPlace, insertIncident, seeded, type IncidentPlace, type IncidentSpec } from '../../../test/incident-rows.ts';

// The heatmap over HTTP on PostGIS: cells at low zoom that add up to the cases in scope, cases at high zoom,
// the window and filters, and each caller's scope (a grid leader sees their grid's cases only).
let db: TestDatabase;
let place: IncidentPlace;
let neighbour: IncidentPlace;
const now = new Date('2026-06-15T04:00:00Z');
const DAY = 86_400_000;
const cases: (IncidentSpec & { id: number; place: 'mine' | 'neighbour' })[] = [];
const as: Record<string, { cookie: string }> = {};
let leaderGrid: string;
let leaderId: number;

/** The tile holding lon/lat at zoom z, by the usual Web-Mercator formula. */
function tileAt(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
}
/** The same position in pixels at a finer level (for the cell a case falls in). */
function pixelAt(lon: number, lat: number, level: number) {
  const t = tileAt(lon, lat, level);
  return { x: t.x, y: t.y };
}

beforeAll(async () => {
  db = await createTestDatabase();
  place = await createIncidentPlace(db.sql, 120.0, 30.0);
  neighbour = await createIncidentPlace(db.sql, 120.021, 30.0);
  const rnd = seeded(11);
  const categories = ['0101', '0101', '0101', '0102', '0102', '0301'];
  const make = async (p: IncidentPlace, which: 'mine' | 'neighbour', ageDays: number) => {
    const community = p.communities[Math.floor(rnd() * 2)]!;
    const spec: IncidentSpec = {
      community, grid: community.grids[Math.floor(rnd() * 3)]!, lon: community.lon - 0.0045 + rnd() * 0.009, lat: community.lat - 0.0045 + rnd() * 0.009,
      reportedAt: new Date(now.getTime() - ageDays * DAY), category: categories[Math.floor(rnd() * categories.length)]!,
      status: rnd() < 0.5 ? 'closed' : 'dispatched', dueAt: new Date(now.getTime() - (rnd() < 0.5 ? 1 : -1) * DAY),
      departmentId: rnd() < 0.3 ? p.departmentId : null,
    };
    cases.push({ ...spec, id: await insertIncident(db.sql, p, spec), place: which });
  };
  for (let i = 0; i < 80; i++) await make(place, 'mine', 0.1 + rnd() * 29);
  for (let i = 0; i < 12; i++) await make(place, 'mine', 31 + rnd() * 60);
  for (let i = 0; i < 20; i++) await make(neighbour, 'neighbour', 0.1 + rnd() * 29);
  leaderGrid = place.communities[0]!.grids[0]!;
  const commander = await createUser(db.sql, { grants: [{ role: 'commander', jurisdictionId: place.countyId }] });
  const leader = await createUser(db.sql, { grants: [{ role: 'grid_leader', gridCodes: [leaderGrid] }] });
  leaderId = leader.id;
  const staff = await createUser(db.sql, { grants: [] });
  await db.sql`insert into department_member (department_id, user_id) values (${place.departmentId}, ${staff.id})`;
  const viewer = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: place.countyId }] });
  for (const [name, u] of [['commander', commander], ['leader', leader], ['staff', staff], ['viewer', viewer]] as const) as[name] = await createSession(db.sql, u.id, now);
  // the grid leader's own report elsewhere is theirs to see too
  const other = place.communities[1]!;
  const own: IncidentSpec = { community: other, grid: other.grids[2]!, lon: other.lon, lat: other.lat, reportedAt: new Date(now.getTime() - DAY), category: '0301', status: 'reported', reporterUserId: leaderId };
  cases.push({ ...own, id: await insertIncident(db.sql, place, own), place: 'mine' });
}, 120_000);
afterAll(() => db.drop());

const app = () => createApp({ sql: db.sql, clock: () => now });
const get = (who: string | null, path: string) => app().request(path, { headers: who ? { Cookie: as[who]!.cookie } : {} });
async function tile(who: string, t: { z: number; x: number; y: number }, query = '') {
  const res = await get(who, `/tiles/incidents/${t.z}/${t.x}/${t.y}.mvt${query}`);
  if (res.status === 204) return { res, layers: {} as VectorTile['layers'] };
  return { res, layers: new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers };
}
const features = (layer: VectorTile['layers'][string] | undefined) => Array.from({ length: layer?.length ?? 0 }, (_, i) => layer!.feature(i));
const inWindow = (c: IncidentSpec, days = 30) => c.reportedAt.getTime() >= now.getTime() - days * DAY && c.reportedAt.getTime() < now.getTime();
const low = () => tileAt(place.communities[0]!.lon, place.communities[0]!.lat, 10);

describe('GET /tiles/incidents/:z/:x/:y.mvt at low zoom: cells', () => {
  it('has cells whose counts add up to the cases in scope and window, each with its most frequent category', async () => {
    const t = low();
    const { res, layers } = await tile('commander', t);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(Object.keys(layers)).toEqual(['incident_cells']);
    const cells = features(layers.incident_cells);
    const expected = cases.filter((c) => c.place === 'mine' && inWindow(c));
    expect(cells.reduce((s, f) => s + Number(f.properties.count), 0)).toBe(expected.length);
    // each cell is 1/32 of the tile: recount the cases per cell from their coordinates and compare
    const byCell = new Map<string, string[]>();
    for (const c of expected) {
      const p = pixelAt(c.lon, c.lat, t.z + 5);
      const key = `${p.x - t.x * 32}/${p.y - t.y * 32}`;
      byCell.set(key, [...(byCell.get(key) ?? []), c.category]);
    }
    expect(cells.length).toBe(byCell.size);
    for (const f of cells) {
      expect(Object.keys(f.properties).sort()).toEqual(['category', 'count']);
      const pt = f.loadGeometry()[0]![0]!;
      const key = `${Math.floor(pt.x / 128)}/${Math.floor(pt.y / 128)}`;
      const cats = byCell.get(key)!;
      expect(Number(f.properties.count), key).toBe(cats.length);
      const counts = new Map<string, number>();
      for (const code of cats) counts.set(code, (counts.get(code) ?? 0) + 1);
      const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
      expect(f.properties.category).toBe(top);
    }
  });

  it('takes the window, a category (class or minor class) and statuses', async () => {
    const t = low();
    const sum = async (q: string) => features((await tile('commander', t, q)).layers.incident_cells).reduce((s, f) => s + Number(f.properties.count), 0);
    const mine = cases.filter((c) => c.place === 'mine');
    expect(await sum('?from=2026-03-01&to=2026-06-15T04:00:00Z')).toBe(mine.filter((c) => c.reportedAt >= new Date('2026-03-01T00:00:00+08:00')).length);
    expect(await sum('?category=0102')).toBe(mine.filter((c) => inWindow(c) && c.category === '0102').length);
    expect(await sum('?category=03')).toBe(mine.filter((c) => inWindow(c) && c.category.startsWith('03')).length);
    expect(await sum('?status=closed,reported')).toBe(mine.filter((c) => inWindow(c) && ['closed', 'reported'].includes(c.status)).length);
  });

  it('cuts the window to the minute at both ends, inside their days', async () => {
    const edge = await createIncidentPlace(db.sql, 121.5, 31.0);
    const c = edge.communities[0]!;
    const from = new Date('2026-04-10T10:00:00+08:00');
    const to = new Date('2026-04-20T10:00:00+08:00');
    const minute = 60_000;
    for (const at of [from.getTime() - minute, from.getTime(), to.getTime() - minute, to.getTime()]) {
      await insertIncident(db.sql, edge, { community: c, grid: c.grids[0]!, lon: c.lon, lat: c.lat, reportedAt: new Date(at), category: '0101', status: 'reported' });
    }
    const u = await createUser(db.sql, { grants: [{ role: 'commander', jurisdictionId: edge.countyId }] });
    as.edge = await createSession(db.sql, u.id, now);
    const q = `?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    const cells = features((await tile('edge', tileAt(c.lon, c.lat, 10), q)).layers.incident_cells);
    expect(cells.reduce((n, f) => n + Number(f.properties.count), 0)).toBe(2);
    const points = features((await tile('edge', tileAt(c.lon, c.lat, 17), q)).layers.incidents);
    expect(points.length).toBe(2);
  });

  it('holds only what each caller may see: a grid leader their grid and own reports, a department its cases', async () => {
    const t = low();
    const total = async (who: string) => features((await tile(who, t)).layers.incident_cells).reduce((s, f) => s + Number(f.properties.count), 0);
    const leaderSees = cases.filter((c) => inWindow(c) && (c.grid === leaderGrid || c.reporterUserId === leaderId));
    expect(leaderSees.length).toBeGreaterThan(1);
    expect(await total('leader')).toBe(leaderSees.length);
    expect(await total('staff')).toBe(cases.filter((c) => inWindow(c) && c.departmentId === place.departmentId).length);
    // a viewer holds no incidents.view: nothing, said as an empty tile
    expect((await get('viewer', `/tiles/incidents/${t.z}/${t.x}/${t.y}.mvt`)).status).toBe(204);
  });
});

describe('GET /tiles/incidents/:z/:x/:y.mvt at high zoom: cases', () => {
  it('carries each case with id, category, status and whether it is overdue, only above z14', async () => {
    const c = cases.find((x) => x.place === 'mine' && inWindow(x) && x.status === 'dispatched' && x.dueAt! < now)!;
    const { res, layers } = await tile('commander', tileAt(c.lon, c.lat, 17));
    expect(res.status).toBe(200);
    expect(Object.keys(layers)).toEqual(['incidents']);
    const f = features(layers.incidents).find((x) => Number(x.properties.id) === c.id)!;
    expect(f.properties).toEqual({ id: c.id, category: c.category, status: 'dispatched', overdue: true });
    expect(f.type).toBe(1);
    const at14 = await tile('commander', tileAt(c.lon, c.lat, 14));
    expect(Object.keys(at14.layers)).toEqual(['incident_cells']);
  });

  it('counts every case of the tile at z15 once, the neighbours\' out of scope left out', async () => {
    const t = tileAt(place.communities[0]!.lon, place.communities[0]!.lat, 15);
    const ids = features((await tile('commander', t)).layers.incidents).map((f) => Number(f.properties.id));
    const inside = cases.filter((c) => c.place === 'mine' && inWindow(c) && (({ x, y }) => x === t.x && y === t.y)(tileAt(c.lon, c.lat, 15)));
    expect(inside.length).toBeGreaterThan(0);
    // the tile's buffer may bring cases just outside it, never a neighbour county's
    expect(ids).toEqual(expect.arrayContaining(inside.map((c) => c.id)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => cases.find((c) => c.id === id)!.place === 'mine')).toBe(true);
  });
});

describe('GET /tiles/incidents: refusals', () => {
  it.each([
    [null, '/tiles/incidents/10/853/422.mvt', 401, 'unauthenticated'],
    ['commander', '/tiles/incidents/23/0/0.mvt', 400, 'invalid_tile'],
    ['commander', '/tiles/incidents/3/8/0.mvt', 400, 'invalid_tile'],
    ['commander', '/tiles/incidents/3/0/0.png', 400, 'invalid_request'],
    ['commander', '/tiles/incidents/10/853/422.mvt?from=2026-06-10&to=2026-06-01', 400, 'invalid_request'],
    ['commander', '/tiles/incidents/10/853/422.mvt?from=2024-01-01&to=2026-06-01', 400, 'invalid_request'],
    ['commander', '/tiles/incidents/10/853/422.mvt?category=1', 400, 'invalid_request'],
    ['commander', '/tiles/incidents/10/853/422.mvt?status=lost', 400, 'invalid_request'],
  ])('%s %s → %i %s', async (who, path, status, code) => {
    const res = await get(who, path);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code } });
  });

  it('answers 204 where there is nothing', async () => {
    expect((await get('commander', '/tiles/incidents/12/0/0.mvt')).status).toBe(204);
    expect((await get('commander', `/tiles/incidents/17/0/0.mvt`)).status).toBe(204);
  });
});
