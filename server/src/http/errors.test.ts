import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { badRequest, onError, onNotFound } from './errors.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

function appThrowing(fn: () => Promise<unknown>) {
  const app = new Hono().get('/x', async (c) => c.json(await fn()));
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}

describe('onError', () => {
  it('maps an AppError to its status and stable code', async () => {
    const res = await appThrowing(async () => { throw badRequest('bad_thing', 'that was bad', { field: 'x' }); }).request('/x');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_thing', message: 'that was bad', details: { field: 'x' } } });
  });

  it('turns invalid geometry from PostGIS into a 400, not a 500', async () => {
    const res = await appThrowing(() => db.sql`select ST_GeomFromText('POLYGON((0 0, 1 1))', 4326)`).request('/x');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_geometry');
  });

  it('turns a constraint violation into a 400 and a duplicate into a 409', async () => {
    const check = await appThrowing(() => db.sql`insert into jurisdiction (code, name, level, region_code) values ('12', 'x', 'county', '110108')`).request('/x');
    expect(check.status).toBe(400);
    await db.sql`insert into jurisdiction (code, name, level, region_code) values ('990001', 'x', 'county', '990001')`;
    const dup = await appThrowing(() => db.sql`insert into jurisdiction (code, name, level, region_code) values ('990001', 'y', 'county', '990001')`).request('/x');
    expect(dup.status).toBe(409);
  });

  it('logs anything else as a 500 without leaking its message or query', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await appThrowing(() => db.sql`select * from secret_table_name`).request('/x');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/secret_table_name/);
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: 'Internal server error' } });
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});
