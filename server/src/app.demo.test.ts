import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { testClient } from 'hono/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { createSession } from '../test/factories.ts';

// The whole API over the real Haidian demo district (OSM buildings, NBS codes, the starting plan).
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
});
afterAll(() => db.drop());

const app = () => createApp({ sql: db.sql, clock: () => new Date('2026-06-01T04:00:00Z'), config: { homeCounty: '110108', basemap: null } });

describe('the Haidian demo through the API', () => {
  it('has the real hierarchy 海淀区 → 学院路街道 → communities', async () => {
    const { tree } = await (await testClient(app()).api.jurisdictions.$get()).json();
    const county = tree.find((n) => n.code === '110108')!;
    expect(county.name).toBe('北京市海淀区');
    const town = (county.children as unknown as { code: string; name: string; children: { code: string }[] }[])[0]!;
    expect(town).toMatchObject({ code: '110108010', name: '学院路街道' });
    expect(town.children.length).toBeGreaterThanOrEqual(5);
    expect(town.children.every((c) => /^110108010\d{3}$/.test(c.code))).toBe(true);
  });

  it('finds the grid at a building of 富润家园 and its statistics agree with PostGIS', async () => {
    const [b] = await db.sql`
      select ST_X(b.anchor) as lon, ST_Y(b.anchor) as lat from building b join compound c on c.id = b.compound_id
      where c.name like '富润家园%' and b.households > 0 order by b.id limit 1`;
    const client = testClient(app());
    const at = await (await client.api.grids.at.$get({ query: { lon: String(b!.lon), lat: String(b!.lat) } })).json();
    expect(at.grid.code).toMatch(/^110108010031\d{3}$/);
    expect(at.community.name).toMatch(/富润/);
    const grid = await (await client.api.grids[':id'].$get({ param: { id: String(at.grid.id) } })).json();
    const [expected] = await db.sql`
      select sum(b.households)::int as hh from building b join grid g on ST_Intersects(g.geom, b.anchor) where g.id = ${at.grid.id}`;
    expect(grid.stats.households).toBe(expected!.hh);
    expect(grid.stats.householdsEstimated).toBe(true);
    expect(grid.stats.residents).toBeGreaterThan(grid.stats.households);
    expect(grid.stats.residentsSynthetic).toBe(true);
  });

  it('serves grid tiles over the demo with codes and band colours', async () => {
    const { center } = (await (await app().request('/api/map')).json()) as { center: [number, number] };
    const z = 15;
    const x = Math.floor(((center[0] + 180) / 360) * 2 ** z);
    const r = (center[1] * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
    const res = await app().request(`/tiles/grids/${z}/${x}/${y}.mvt`);
    expect(res.status).toBe(200);
    const layer = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers.grids!;
    const bands = new Set(Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.band));
    expect(layer.length).toBeGreaterThan(3);
    expect([...bands].every((b) => ['under', 'within', 'over'].includes(String(b)))).toBe(true);
  });

  it('puts no personal data in any tile layer: only the properties the style needs', async () => {
    const allowed: Record<string, string[]> = {
      grids: ['id', 'code', 'name', 'households', 'estimated', 'band', 'color'],
      grid_labels: ['id', 'code', 'name', 'community', 'households'],
      buildings: ['id', 'kind', 'households', 'floors', 'compound_id'],
      roads: ['class', 'name'],
      jurisdictions: ['id', 'code', 'name', 'level'],
      jurisdiction_labels: ['id', 'code', 'name', 'level'],
      landcover: ['class', 'name'],
      // the incident heatmap (signed in): counts and categories per cell, then each case's id, category and state
      incident_cells: ['count', 'category'],
      incidents: ['id', 'category', 'status', 'overdue'],
    };
    const { center } = (await (await app().request('/api/map')).json()) as { center: [number, number] };
    const seen = new Set<string>();
    for (const z of [14, 16]) {
      const x = Math.floor(((center[0] + 180) / 360) * 2 ** z);
      const r = (center[1] * Math.PI) / 180;
      const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
      for (const layer of ['grids', 'buildings', 'roads', 'jurisdictions', 'landcover']) {
        const res = await app().request(`/tiles/${layer}/${z}/${x}/${y}.mvt`);
        if (res.status === 204) continue;
        const tile = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer())));
        for (const [name, l] of Object.entries(tile.layers)) {
          seen.add(name);
          for (let i = 0; i < l.length; i++) expect(allowed[name]).toEqual(expect.arrayContaining(Object.keys(l.feature(i).properties)));
        }
      }
    }
    const [admin] = await db.sql`select id from app_user where username = 'admin'`;
    const { cookie } = await createSession(db.sql, Number(admin!.id), new Date('2026-06-01T04:00:00Z'));
    const [c] = await db.sql`select ST_X(geom) as lon, ST_Y(geom) as lat, reported_at from incident order by reported_at desc limit 1`;
    const window = `from=${encodeURIComponent(new Date(c!.reported_at.getTime() - 30 * 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(c!.reported_at.getTime() + 1000).toISOString())}`;
    for (const z of [13, 17]) {
      const x = Math.floor(((Number(c!.lon) + 180) / 360) * 2 ** z);
      const r = (Number(c!.lat) * Math.PI) / 180;
      const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
      const res = await app().request(`/tiles/incidents/${z}/${x}/${y}.mvt?${window}`, { headers: { Cookie: cookie } });
      expect(res.status).toBe(200);
      for (const [name, l] of Object.entries(new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers)) {
        seen.add(name);
        for (let i = 0; i < l.length; i++) expect(allowed[name]).toEqual(expect.arrayContaining(Object.keys(l.feature(i).properties)));
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(allowed).sort());
  });
});
