import { testClient } from 'hono/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('GET /api/health', () => {
  it('reports the real PostgreSQL and PostGIS versions', async () => {
    const client = testClient(createApp({ sql: db.sql }));
    const res = await client.api.health.$get();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.postgres).toMatch(/^\d+\.\d+/);
    expect(body.postgis).toMatch(/^3\./);
  });

  it('answers unknown API routes with a 404 in the error shape', async () => {
    const app = createApp({ sql: db.sql });
    const res = await app.request('/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'route_not_found', message: expect.any(String) } });
  });

  it('refuses oversize bodies with 413 before any route runs', async () => {
    const app = createApp({ sql: db.sql });
    const body = 'x'.repeat(2 * 1024 * 1024);
    const res = await app.request('/api/health', { method: 'POST', body, headers: { 'Content-Length': String(body.length) } });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });
});
