/** A signed-in map user for the HTTP load: the session cookie a browser sends with its tile and lookup requests. */
import type { Sql } from 'postgres';
import { randomToken, SESSION_ABSOLUTE_MS, SESSION_COOKIE, tokenHash } from '../server/src/features/auth/auth.domain.ts';
import { createAuthRepo } from '../server/src/features/auth/auth.repo.ts';

/**
 * A grid leader of the benchmark town (`bench-leader`, made or reactivated here) with a fresh session,
 * stored as signing in stores it; returns the Cookie header. No password: the load never signs in.
 */
export async function benchSessionCookie(sql: Sql, countyCode = '990101'): Promise<string> {
  const [u] = await sql<{ id: number }[]>`
    insert into app_user (username, display_name) values ('bench-leader', '基准网格长')
    on conflict (username) do update set active = true returning id`;
  const userId = Number(u!.id);
  await sql`delete from role_assignment where user_id = ${userId}`;
  await sql`insert into role_assignment (user_id, role, jurisdiction_id)
    select ${userId}, 'grid_leader', id from jurisdiction where code = ${countyCode}`;
  const token = randomToken();
  const now = new Date();
  await createAuthRepo(sql).createSession({
    hash: tokenHash(token), userId, csrfToken: randomToken(), now, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS), ip: null, userAgent: 'wangge-bench',
  });
  return `${SESSION_COOKIE}=${token}`;
}
