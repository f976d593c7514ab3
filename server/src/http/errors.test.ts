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

  // each PostGIS failure a client can cause, told in our words and as a kind clients have a text for; the raw message never reaches the client
  const BOWTIE = `ST_GeomFromText('POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))', 4326)`;
  it.each([
    ['intersects itself', `select ST_Difference(${BOWTIE}, ST_Buffer(ST_Point(0.5, 0.2, 4326), 0.1))`,
      /^The geometry is not valid: it intersects itself$/, /self-intersection|TopologyException|GEOS/i, 'self_intersection'],
    ['has a Z', `select ST_GeomFromText('POINT Z (1 1 1)', 4326)::geometry(Point, 4326)`,
      /^The geometry is not valid: it has a Z \(height\) coordinate/, /Z dimension|column/i, 'has_z'],
    ['mixes SRIDs', `select ST_Difference(ST_GeomFromText('POINT(0 0)', 4326), ST_GeomFromText('POINT(0 0)', 3857))`,
      /^The geometry is not valid: it is in another coordinate system/, /lwgeom|mixed SRID/i, 'other_srid'],
    ['has too few points', `select ST_GeomFromText('POLYGON((0 0, 1 1))', 4326)`,
      /^The geometry is not valid: /, /LinearRing|four points|geometry requires/i, 'too_few_points'],
  ])('a geometry that %s answers invalid_geometry in our own words', async (_, query, ours, raw, defect) => {
    const res = await appThrowing(() => db.sql.unsafe(query)).request('/x');
    const text = await res.text();
    expect(res.status).toBe(400);
    const { error } = JSON.parse(text) as { error: { code: string; message: string; details: { defect: string } } };
    expect(error.code).toBe('invalid_geometry');
    expect(error.message).toMatch(ours);
    expect(error.details.defect).toEqual(defect);
    expect(text).not.toMatch(raw);
  });

  it('keeps the place GEOS names as details.location', async () => {
    const res = await appThrowing(() => db.sql.unsafe(`select ST_Union(${BOWTIE}, ST_Buffer(ST_Point(0.5, 0.2, 4326), 0.1))`)).request('/x');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_geometry', details: { defect: 'self_intersection', location: [0.5, 0.5] } } });
  });

  it.each([
    ['22P02', 400, 'invalid_input', `select 'abc'::int`, /invalid input syntax|integer/],
    ['22003', 400, 'out_of_range', `select 2147483648::int`, /integer|out of range/],
    ['22021', 400, 'invalid_text', `select convert_from('\\x6100'::bytea, 'UTF8')`, /invalid byte sequence|0x00/],
    ['22007', 400, 'invalid_date', `select '2024-99-99'::date`, /date\/time field|invalid input syntax/],
    ['54000', 413, 'too_large', `select array_fill(0, array[2000000000])`, /array size exceeds/],
  ])('answers %s with %i %s and a message of our own', async (_, status, code, query, raw) => {
    const res = await appThrowing(() => db.sql.unsafe(query)).request('/x');
    const text = await res.text();
    expect(res.status).toBe(status);
    expect(JSON.parse(text)).toMatchObject({ error: { code } });
    expect(text).not.toMatch(raw);
  });

  it('answers a statement cancelled by statement_timeout (57014) with 503 query_timeout', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const res = await appThrowing(() => db.sql.begin(async (tx) => {
      await tx`set local statement_timeout = 50`;
      return tx`select pg_sleep(5)`;
    })).request('/x');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'query_timeout', message: 'The request took too long and was stopped' } });
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
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
