// Test data for the residents browser test, made through the public API as a real user would:
// the demo puts every 富润社区 resident in one grid, so a manager and a grid leader would see the
// same people; one household added in another grid of the community tells them apart.
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';

/** A signed-in API session: the cookie and the CSRF token of a demo account. */
export async function apiSession(baseUrl: string, username: string, password: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${baseUrl}${path}`, {
      method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return { call };
}

/** The z/x/y of the tile holding lon/lat. */
function tileAt(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n) };
}

type Bbox = [number, number, number, number];
interface GridAt { grid: { id: number; code: string } }

/** The community's grids other than `except`, found by asking /api/grids/at across the community's box. */
async function otherGrids(baseUrl: string, communityId: number, except: string) {
  const node = (await (await fetch(`${baseUrl}/api/jurisdictions/${communityId}`)).json()) as { code: string; bbox: Bbox };
  const [w, s, e, n] = node.bbox;
  const found = new Map<string, GridAt['grid']>();
  for (let i = 1; i < 12; i++) {
    for (let j = 1; j < 12; j++) {
      const res = await fetch(`${baseUrl}/api/grids/at?lon=${w + ((e - w) * i) / 12}&lat=${s + ((n - s) * j) / 12}`);
      if (!res.ok) continue;
      const { grid } = (await res.json()) as GridAt;
      if (grid.code !== except && grid.code.startsWith(node.code)) found.set(grid.code, grid);
    }
  }
  return [...found.values()];
}

/** Buildings near the grid's centre, read from the buildings vector tile there. */
async function buildingsIn(baseUrl: string, grid: { id: number; code: string }) {
  const { bbox } = (await (await fetch(`${baseUrl}/api/grids/${grid.id}`)).json()) as { bbox: Bbox };
  const t = tileAt((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2, 16);
  const res = await fetch(`${baseUrl}/tiles/buildings/${t.z}/${t.x}/${t.y}.mvt`);
  const layer = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers.buildings;
  const ids: { id: number; lon: number; lat: number }[] = [];
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const f = layer!.feature(i).toGeoJSON(t.x, t.y, t.z);
    const ring = (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates[0]?.[0] : undefined) ?? [];
    const lon = ring.reduce((a, p) => a + p[0]!, 0) / (ring.length || 1);
    const lat = ring.reduce((a, p) => a + p[1]!, 0) / (ring.length || 1);
    ids.push({ id: Number(f.properties?.id), lon, lat });
  }
  // nearest the grid's centre first; /api/grids/at then decides which are really in it
  const [cx, cy] = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
  return ids.sort((a, b) => Math.hypot(a.lon - cx, a.lat - cy) - Math.hypot(b.lon - cx, b.lat - cy)).slice(0, 40);
}

/** Adds a household with one resident named `name` to a grid of the manager's community that is not `leaderGrid`; returns its code. */
export async function addResidentInOtherGrid(baseUrl: string, manager: Awaited<ReturnType<typeof apiSession>>, communityId: number, leaderGrid: string, name: string) {
  for (const grid of await otherGrids(baseUrl, communityId, leaderGrid)) {
    for (const b of await buildingsIn(baseUrl, grid)) {
      const at = await fetch(`${baseUrl}/api/grids/at?lon=${b.lon}&lat=${b.lat}`);
      if (!at.ok || ((await at.json()) as GridAt).grid.code !== grid.code) continue;
      const household = await manager.call<{ id: number }>('POST', '/api/households', { buildingId: b.id, entrance: 1, room: 'E2E-101', housing: 'rented' });
      const r = await manager.call<{ id: number; version: number; gridCode: string }>('POST', '/api/residents', {
        householdId: household.id, name, gender: 'F', birthDate: '1950-03-08', relation: 'head', specialGroups: ['elderly_alone'],
      });
      if (r.gridCode !== leaderGrid) return r.gridCode;
      // the building's anchor lies in the leader's grid after all: rename so the searched name stays unique to the other grid
      await manager.call('PATCH', `/api/residents/${r.id}`, { version: r.version, name: `${name}（未用）` });
    }
  }
  throw new Error(`no building outside grid ${leaderGrid} could take a household`);
}
