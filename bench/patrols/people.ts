/**
 * The patrol suites' people: a grid leader for every grid of the plan in force (bench-w1, bench-w2… in grid-code
 * order, each holding their grid), an admin of the county who binds the phones, and the commander who replays
 * tracks. Nothing here is a real person.
 */
import type { Sql } from 'postgres';
import { planDate } from '../../server/src/features/grids/grids.domain.ts';
import { apiKeyFor, benchUser } from '../incidents/town.ts';
import type { Box } from './walk.ts';

/** A grid leader and the box of their grid (walks stay in it). */
export interface Worker {
  userId: number;
  gridCode: string;
  box: Box;
}

/** Writes one grid leader per grid in force today; answers them in grid-code order. */
export async function writeWorkers(sql: Sql): Promise<Worker[]> {
  const rows = await sql<{ id: string; code: string; b: number[] }[]>`
    with g as (select code, geom, row_number() over (order by code) as n from grids_on(${planDate(new Date())}::date)),
    u as (insert into app_user (username, display_name) select 'bench-w' || n, '合成网格员' || n from g returning id, username),
    r as (insert into role_assignment (user_id, role, grid_codes)
      select u.id, 'grid_leader', array[g.code] from u join g on u.username = 'bench-w' || g.n returning user_id)
    select u.id, g.code, array[ST_XMin(g.geom), ST_YMin(g.geom), ST_XMax(g.geom), ST_YMax(g.geom)] as b
    from u join g on u.username = 'bench-w' || g.n order by g.n`;
  return rows.map((r) => ({ userId: Number(r.id), gridCode: r.code, box: r.b.map(Number) as unknown as Box }));
}

/** An API key for each of the workers (the web app's clients of the ingest suite). */
export async function workerKeys(sql: Sql, workers: readonly Worker[]): Promise<string[]> {
  const keys: string[] = [];
  for (const w of workers) keys.push(await apiKeyFor(sql, w.userId, 'bench patrol'));
  return keys;
}

/** The county's admin (binds phones to workers: users.manage) with an API key. */
export async function adminKey(sql: Sql): Promise<string> {
  return apiKeyFor(sql, await benchUser(sql, 'bench-admin', 'admin'), 'bench devices');
}

