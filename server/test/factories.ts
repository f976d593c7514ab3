import type { Sql } from 'postgres';

/** A WKT square of `size` degrees with its south-west corner at (lon, lat). */
export function square(lon: number, lat: number, size: number): string {
  const [e, n] = [lon + size, lat + size];
  return `MULTIPOLYGON(((${lon} ${lat},${e} ${lat},${e} ${n},${lon} ${n},${lon} ${lat})))`;
}

let seq = 0;
const next = () => ++seq;

/** County → town → community, all on the same square, with a household band. */
export async function createJurisdictions(sql: Sql, opts: { wkt: string; band?: [number, number] }) {
  const n = next() % 1000;
  const countyCode = `99${String(n).padStart(4, '0')}`;
  const [county] = await sql`insert into jurisdiction (code, name, level, region_code, geom)
    values (${countyCode}, ${`测试区${n}`}, 'county', ${countyCode}, ST_GeomFromText(${opts.wkt}, 4326)) returning id`;
  const [town] = await sql`insert into jurisdiction (code, name, level, parent_id, region_code, geom)
    values (${`${countyCode}001`}, ${`测试街道${n}`}, 'town', ${county!.id}, ${countyCode}, ST_GeomFromText(${opts.wkt}, 4326)) returning id`;
  const [min, max] = opts.band ?? [200, 500];
  const [community] = await sql`insert into jurisdiction (code, name, level, parent_id, region_code, household_min, household_max, geom)
    values (${`${countyCode}001001`}, ${`测试社区${n}`}, 'community', ${town!.id}, ${countyCode}, ${min}, ${max}, ST_GeomFromText(${opts.wkt}, 4326))
    returning id, code`;
  return { countyId: Number(county!.id), townId: Number(town!.id), communityId: Number(community!.id), communityCode: String(community!.code), regionCode: countyCode };
}

/** A grid plan for a jurisdiction; published plans need valid_from. */
export async function createPlan(sql: Sql, opts: { jurisdictionId: number; regionCode: string; status?: string; validFrom?: string; validTo?: string }) {
  const [plan] = await sql`insert into grid_plan (jurisdiction_id, region_code, name, status, valid_from, valid_to)
    values (${opts.jurisdictionId}, ${opts.regionCode}, ${`方案${next()}`}, ${opts.status ?? 'published'},
            ${opts.validFrom ?? '2025-01-01'}, ${opts.validTo ?? null}) returning id`;
  return Number(plan!.id);
}

/** A unit grid with a 15-digit code under the community. */
export async function createGrid(sql: Sql, opts: { planId: number; communityId: number; communityCode: string; regionCode: string; wkt: string; seqNo?: number }) {
  const code = `${opts.communityCode}${String(opts.seqNo ?? next() % 1000).padStart(3, '0')}`;
  const [grid] = await sql`insert into grid (plan_id, community_id, region_code, code, name, geom)
    values (${opts.planId}, ${opts.communityId}, ${opts.regionCode}, ${code}, ${`网格${code.slice(-3)}`}, ST_GeomFromText(${opts.wkt}, 4326))
    returning id`;
  return { id: Number(grid!.id), code };
}

/** A building with households and, optionally, residents tagged with special groups. */
export async function createBuilding(sql: Sql, opts: { regionCode: string; wkt: string; households: number; estimated?: boolean; residents?: string[][] }) {
  const [b] = await sql`insert into building (region_code, kind, floors, households, households_estimated, geom)
    values (${opts.regionCode}, 'residential', 6, ${opts.households}, ${opts.estimated ?? false}, ST_GeomFromText(${opts.wkt}, 4326))
    returning id`;
  const buildingId = Number(b!.id);
  if (opts.residents?.length) {
    const [h] = await sql`insert into household (building_id, region_code, room) values (${buildingId}, ${opts.regionCode}, '101') returning id`;
    for (const [i, groups] of opts.residents.entries()) {
      await sql`insert into resident (household_id, region_code, name, special_groups)
        values (${h!.id}, ${opts.regionCode}, ${`居民${i}`}, ${groups})`;
    }
  }
  return buildingId;
}

/** A user with a password and role grants (each a jurisdiction scope or grid codes). */
export async function createUser(
  sql: Sql,
  opts: { username?: string; password?: string; grants?: { role: string; jurisdictionId?: number; gridCodes?: string[] }[] },
) {
  const { hashPassword } = await import('../src/features/auth/auth.service.ts');
  const username = opts.username ?? `user${next()}`;
  const password = opts.password ?? 'correct-horse-42';
  const [u] = await sql`insert into app_user (username, display_name, password_hash)
    values (${username}, ${`用户 ${username}`}, ${await hashPassword(password)}) returning id`;
  const userId = Number(u!.id);
  for (const g of opts.grants ?? []) {
    await sql`insert into role_assignment (user_id, role, jurisdiction_id, grid_codes)
      values (${userId}, ${g.role}, ${g.jurisdictionId ?? null}, ${g.gridCodes ?? null})`;
  }
  return { id: userId, username, password };
}

/** A live session for a user, as its cookie and CSRF token (no sign-in round trip). */
export async function createSession(sql: Sql, userId: number, now = new Date()) {
  const { randomToken, tokenHash } = await import('../src/features/auth/auth.domain.ts');
  const token = randomToken();
  const csrfToken = randomToken();
  await sql`insert into user_session (id, user_id, csrf_token, created_at, last_seen_at, expires_at)
    values (${tokenHash(token)}, ${userId}, ${csrfToken}, ${now}, ${now}, ${new Date(now.getTime() + 3600_000)})`;
  return { cookie: `wangge_session=${token}`, csrfToken };
}
