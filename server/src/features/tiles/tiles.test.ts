import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createBuilding, createGrid, createJurisdictions, createPlan, square } from '../../../test/factories.ts';

let db: TestDatabase;
let app: ReturnType<typeof createApp>;
const now = () => new Date('2026-06-01T04:00:00Z');

/** The z16 tile holding lon/lat. */
function tileAt(lon: number, lat: number, z = 16) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return `${z}/${x}/${y}`;
}

async function decode(res: Response) {
  return new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer())));
}

beforeAll(async () => {
  db = await createTestDatabase();
  const j = await createJurisdictions(db.sql, { wkt: square(120, 30, 0.004), band: [200, 500] });
  const plan = await createPlan(db.sql, { jurisdictionId: j.townId, regionCode: j.regionCode });
  await createGrid(db.sql, { planId: plan, communityId: j.communityId, communityCode: j.communityCode, regionCode: j.regionCode, wkt: square(120, 30, 0.004), seqNo: 7 });
  await createBuilding(db.sql, { regionCode: j.regionCode, wkt: square(120.001, 30.001, 0.0002), households: 120, estimated: true });
  await db.sql`insert into road (region_code, class, name, geom) values (${j.regionCode}, 'primary', '测试路', 'SRID=4326;LINESTRING(120 30.002, 120.004 30.002)')`;
  await db.sql`insert into landcover (region_code, class, name, geom) values (${j.regionCode}, 'water', '测试湖', ${`SRID=4326;${square(120.0018, 30.0018, 0.0004)}`})`;
  app = createApp({ sql: db.sql, clock: now });
});
afterAll(() => db.drop());

describe('GET /tiles/:layer/:z/:x/:y.mvt', () => {
  it('serves grids with households and band, and one label point per grid', async () => {
    const res = await app.request(`/tiles/grids/${tileAt(120.002, 30.002)}.mvt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const tile = await decode(res);
    const grid = tile.layers.grids!.feature(0);
    expect(grid.type).toBe(3);
    expect(grid.properties).toMatchObject({ households: 120, band: 'under', estimated: true });
    expect(String(grid.properties.code)).toMatch(/^\d{12}007$/);
    expect(tile.layers.grid_labels!.length).toBe(1);
  });

  it.each([
    ['buildings', 'buildings', { kind: 'residential', households: 120 }],
    ['roads', 'roads', { class: 'primary', name: '测试路' }],
    ['landcover', 'landcover', { class: 'water', name: '测试湖' }],
    ['jurisdictions', 'jurisdictions', { level: 'community' }],
  ])('serves the %s layer with the properties the style needs', async (layer, sourceLayer, props) => {
    const res = await app.request(`/tiles/${layer}/${tileAt(120.002, 30.002)}.mvt`);
    expect(res.status).toBe(200);
    const tile = await decode(res);
    const features = Array.from({ length: tile.layers[sourceLayer]!.length }, (_, i) => tile.layers[sourceLayer]!.feature(i).properties);
    expect(features).toContainEqual(expect.objectContaining(props));
  });

  it('answers 204 for an empty tile and for a layer below its minzoom', async () => {
    expect((await app.request('/tiles/grids/16/0/0.mvt')).status).toBe(204);
    expect((await app.request(`/tiles/buildings/${tileAt(120.002, 30.002, 10)}.mvt`)).status).toBe(204);
  });

  it('revalidates with ETag and changes the ETag when grids change', async () => {
    const path = `/tiles/grids/${tileAt(120.002, 30.002)}.mvt`;
    const first = await app.request(path);
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toMatch(/must-revalidate/);
    expect((await app.request(path, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    await db.sql`update grid set name = name || '（改）'`;
    // the new version arrives by NOTIFY, a moment after the commit
    await vi.waitFor(async () => {
      const after = await app.request(path, { headers: { 'If-None-Match': etag } });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
      const grid = (await decode(after)).layers.grids!.feature(0);
      expect(String(grid.properties.name)).toMatch(/（改）$/);
    }, { timeout: 5000, interval: 50 });
  });

  it('lets a URL pinned to the current version be cached', async () => {
    const { layers } = (await (await app.request('/api/map')).json()) as { layers: { grids: { url: string } } };
    const url = layers.grids.url.replace('{z}/{x}/{y}', tileAt(120.002, 30.002));
    expect((await app.request(url)).headers.get('cache-control')).toMatch(/max-age=86400/);
  });

  it.each([
    ['/tiles/residents/14/1/1.mvt', 404, 'unknown_layer'],
    ['/tiles/grids/23/0/0.mvt', 400, 'invalid_tile'],
    ['/tiles/grids/3/8/0.mvt', 400, 'invalid_tile'],
    ['/tiles/grids/3/0/8.mvt', 400, 'invalid_tile'],
    ['/tiles/grids/a/0/0.mvt', 400, 'invalid_request'],
    ['/tiles/grids/3/0/0.png', 400, 'invalid_request'],
    ['/tiles/grids/3/-1/0.mvt', 400, 'invalid_request'],
  ])('%s → %i %s', async (path, status, code) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code } });
  });
});
