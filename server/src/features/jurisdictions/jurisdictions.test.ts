import { testClient } from 'hono/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, square } from '../../../test/factories.ts';
import type { JurisdictionNode } from './jurisdictions.domain.ts';

let db: TestDatabase;
let ids: Awaited<ReturnType<typeof createJurisdictions>>;

beforeAll(async () => {
  db = await createTestDatabase();
  ids = await createJurisdictions(db.sql, { wkt: square(120, 30, 0.01) });
});
afterAll(() => db.drop());

const client = () => testClient(createApp({ sql: db.sql }));

describe('GET /api/jurisdictions', () => {
  it('returns the county → town → community tree with extents', async () => {
    const res = await client().api.jurisdictions.$get();
    expect(res.status).toBe(200);
    const { tree } = await res.json();
    expect(tree).toHaveLength(1);
    // hono's client widens recursive types to JSON values; the domain type says what it is
    const county = tree[0] as unknown as JurisdictionNode;
    expect(county.level).toBe('county');
    expect(county.bbox).toEqual([120, 30, 120.01, 30.01]);
    expect(county.children[0]!.children[0]!.id).toBe(ids.communityId);
  });
});

describe('GET /api/jurisdictions/:id', () => {
  it('returns one node with its GeoJSON geometry and household band', async () => {
    const res = await client().api.jurisdictions[':id'].$get({ param: { id: String(ids.communityId) } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.level).toBe('community');
    expect(body.parentId).toBe(ids.townId);
    expect(body.band).toEqual({ min: 200, max: 500 });
    expect(body.geometry).toMatchObject({ type: 'MultiPolygon' });
  });

  it('is 404 jurisdiction_not_found for an unknown id and 400 for a malformed one', async () => {
    const app = createApp({ sql: db.sql });
    const missing = await app.request('/api/jurisdictions/987654');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'jurisdiction_not_found' } });
    for (const bad of ['0', '-1', '1.5', 'x']) expect((await app.request(`/api/jurisdictions/${bad}`)).status).toBe(400);
  });
});
