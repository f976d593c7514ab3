// The Haidian demo as the notifications tests need it: every account signed in, a street-office
// department with one member, a county commander, and helpers to report and act over HTTP.
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession, createUser } from '../../../test/factories.ts';
import { createIncidentBus } from '../incidents/incident-bus.ts';
import { createNotificationCenter } from './notification-center.ts';

/** A case as the tests read it back. */
export interface CaseBody {
  id: number; status: string; level: string; version: number; deadline: { dueAt: string | null };
}

/** The demo world of one test file; `now` is the app's clock, moved with setNow. */
export async function notificationsWorld(start: Date, opts: { heartbeatMs?: number } = {}) {
  const db: TestDatabase = await createTestDatabase({ demo: true });
  let now = start;
  const as: Record<string, { cookie: string; csrfToken: string }> = {};
  const ids: Record<string, number> = {};
  const [d] = await db.sql`insert into department (jurisdiction_id, region_code, name, kind)
    select id, region_code, '学院路街道环卫所', 'sanitation' from jurisdiction where code = '110108010' returning id`;
  const departmentId = Number(d!.id);
  const staff = await createUser(db.sql, { username: 'dept.sanitation', grants: [] });
  await db.sql`insert into department_member (department_id, user_id) values (${departmentId}, ${staff.id})`;
  const [county] = await db.sql`select id from jurisdiction where code = '110108'`;
  await createUser(db.sql, { username: 'commander.county', grants: [{ role: 'commander', jurisdictionId: Number(county!.id) }] });
  for (const u of await db.sql`select id, username from app_user`) {
    ids[String(u.username)] = Number(u.id);
    as[String(u.username)] = await createSession(db.sql, Number(u.id), now);
  }
  const [g] = await db.sql`select r.grid_codes[1] as code from role_assignment r join app_user u on u.id = r.user_id where u.username = 'leader.furun1'`;
  const [p] = await db.sql`select ST_X(ST_PointOnSurface(g.geom)) as lon, ST_Y(ST_PointOnSurface(g.geom)) as lat
    from grid g join grid_plan gp on gp.id = g.plan_id where g.code = ${g!.code} and gp.status = 'published'`;
  const point = { lon: Number(p!.lon), lat: Number(p!.lat) };
  const bus = createIncidentBus();
  const center = createNotificationCenter({ sql: db.sql, bus, heartbeatMs: opts.heartbeatMs });
  const app = () => createApp({ sql: db.sql, clock: () => now, bus, notifications: center });
  const headers = (who: string) => ({ Cookie: as[who]!.cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': as[who]!.csrfToken });
  const get = (who: string, path: string) => app().request(path, { headers: headers(who) });
  const send = (who: string, path: string, body: unknown = {}) => app().request(path, { method: 'POST', body: JSON.stringify(body), headers: headers(who) });

  return {
    db, as, ids, departmentId, point, bus, center, app, get, send, headers,
    now: () => now,
    /** Moves the app's clock and the sessions with it (they would idle out across hours). */
    async setNow(t: Date | string) {
      now = new Date(t);
      await db.sql`update user_session set created_at = ${now}, last_seen_at = ${now}, expires_at = ${new Date(now.getTime() + 86_400_000)}`;
    },
    /** Reports a case in leader.furun1's grid (a grid worker's stays at the grid; anyone else's goes to the community). */
    async report(who: string, categoryCode = '0203'): Promise<CaseBody> {
      const res = await send(who, '/api/incidents', { categoryCode, ...point, description: '广告牌匾破损' });
      if (res.status !== 201) throw new Error(`report as ${who}: ${res.status} ${await res.text()}`);
      return (await res.json()) as CaseBody;
    },
    /** Takes an action at the case's current version; throws unless it went through. */
    async act(who: string, id: number, body: Record<string, unknown>): Promise<CaseBody> {
      const current = (await (await get(who, `/api/incidents/${id}`)).json()) as CaseBody;
      const res = await send(who, `/api/incidents/${id}/transitions`, { version: current.version, ...body });
      if (res.status !== 200) throw new Error(`${String(body.action)} as ${who}: ${res.status} ${await res.text()}`);
      await center.settled();
      return (await res.json()) as CaseBody;
    },
    /** Who holds notifications of a kind about a case, by username, sorted. */
    async notified(incidentId: number, kind: string): Promise<string[]> {
      const rows = await db.sql`select u.username from notification n join app_user u on u.id = n.user_id
        where n.incident_id = ${incidentId} and n.kind = ${kind} order by u.username`;
      return rows.map((r) => String(r.username));
    },
  };
}

export type NotificationsWorld = Awaited<ReturnType<typeof notificationsWorld>>;
