/**
 * The incident suites' town: the geometry of the synthetic 合成区 (990101: 4 street offices, 85 communities,
 * 601 grids in a published plan, buildings and roads; data/generate, without its ledger), each street office
 * with its departments, and the two callers of the suites: a county commander signed in (the list) and a
 * county-wide grid leader with an API key (intake).
 */
import type { Sql } from 'postgres';
import { centredFrame } from '../../data/generate/frame.ts';
import { DEFAULTS } from '../../data/generate/generate.ts';
import { writeModel } from '../../data/generate/load.ts';
import { buildModel } from '../../data/generate/model.ts';
import { randomToken, SESSION_ABSOLUTE_MS, SESSION_COOKIE, tokenHash } from '../../server/src/features/auth/auth.domain.ts';
import { createAuthRepo } from '../../server/src/features/auth/auth.repo.ts';

export const COUNTY = DEFAULTS.region;
const HOUSEHOLDS = 200_000;
const KINDS = ['urban_management', 'sanitation', 'landscaping', 'housing', 'transport', 'traffic_police', 'public_security', 'emergency'];

/** What the town holds and how long it took to write. */
export interface Town {
  towns: number;
  communities: number;
  grids: number;
  departments: number;
  seconds: number;
}

/** Writes the town's places, plan and departments (a larger town for more grids: 658,500 households make 2,000). */
export async function writeTown(sql: Sql, log: (m: string) => void, households = HOUSEHOLDS): Promise<Town> {
  const started = performance.now();
  const model = buildModel({ households, seed: DEFAULTS.seed, region: COUNTY });
  const frame = centredFrame(DEFAULTS.center[0], DEFAULTS.center[1], model.width, model.height);
  await sql.begin((tx) => writeModel(tx, model, frame, DEFAULTS.asOf));
  await sql`insert into department (jurisdiction_id, region_code, name, kind, phone)
    select j.id, j.region_code, j.name || k.kind, k.kind, '010-0000 0000' from jurisdiction j, unnest(${KINDS}::text[]) as k(kind)
    where j.level = 'town' and j.region_code = ${COUNTY}`;
  await sql`analyze`;
  const [n] = await sql`select count(*) filter (where level = 'town')::int as towns, count(*) filter (where level = 'community')::int as communities,
      (select count(*)::int from grid) as grids, (select count(*)::int from department) as departments from jurisdiction`;
  const town: Town = { towns: n!.towns, communities: n!.communities, grids: n!.grids, departments: n!.departments, seconds: (performance.now() - started) / 1000 };
  log(`[bench] town: ${town.towns} street offices, ${town.communities} communities, ${town.grids} grids in ${town.seconds.toFixed(1)} s`);
  return town;
}

/** A user of the bench with one role over the whole county. */
export async function benchUser(sql: Sql, username: string, role: string): Promise<number> {
  const [u] = await sql`insert into app_user (username, display_name) values (${username}, ${username}) returning id`;
  await sql`insert into role_assignment (user_id, role, jurisdiction_id) select ${u!.id}, ${role}, id from jurisdiction where code = ${COUNTY}`;
  return Number(u!.id);
}

/** The county's commander, signed in as signing in stores a session: the Cookie header. */
export async function commanderCookie(sql: Sql): Promise<{ cookie: string; userId: number }> {
  const userId = await benchUser(sql, 'bench-commander', 'commander');
  const token = randomToken();
  const now = new Date();
  await createAuthRepo(sql).createSession({
    hash: tokenHash(token), userId, csrfToken: randomToken(), now, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS), ip: null, userAgent: 'wangge-bench',
  });
  return { cookie: `${SESSION_COOKIE}=${token}`, userId };
}

/** A grid leader of every grid of the county with an API key, as a phone app or an Open311 client would hold: `wgk_…`. */
export async function reporterKey(sql: Sql): Promise<{ key: string; userId: number }> {
  const userId = await benchUser(sql, 'bench-reporter', 'grid_leader');
  return { key: await apiKeyFor(sql, userId, 'bench intake'), userId };
}

/** A new API key of the user, as the admin console makes one: `wgk_…`. */
export async function apiKeyFor(sql: Sql, userId: number, name: string): Promise<string> {
  const prefix = randomToken(6).replace(/[^A-Za-z0-9]/g, 'x').slice(0, 8).padEnd(8, 'x');
  const secret = randomToken(32);
  await sql`insert into api_key (user_id, name, prefix, key_hash) values (${userId}, ${name}, ${prefix}, ${tokenHash(secret)})`;
  return `wgk_${prefix}_${secret}`;
}
