import { Hono } from 'hono';
import type { Sql } from 'postgres';

/** GET /api/health: service status with PostgreSQL and PostGIS versions. */
export function healthRoutes(sql: Sql) {
  return new Hono().get('/', async (c) => {
    const [row] = await sql<{ pg: string; postgis: string }[]>`
      select current_setting('server_version') as pg, postgis_lib_version() as postgis`;
    return c.json({ status: 'ok' as const, postgres: row?.pg ?? 'unknown', postgis: row?.postgis ?? 'unknown' });
  });
}
