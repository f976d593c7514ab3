import type { Sql } from 'postgres';
import type { Scope } from '../auth/scope.repo.ts';
import type { DeviceProtocol } from './devices.repo.ts';
import { workerInScope } from './patrol-scope.ts';

export interface PatrolRecord {
  id: number;
  userId: number;
  userName: string;
  deviceId: number;
  source: DeviceProtocol;
  startedAt: Date;
  endedAt: Date | null;
  lastFixAt: Date | null;
  fixes: number;
  keptFixes: number;
  distanceM: number;
}

export interface TrackFix {
  t: Date;
  lon: number;
  lat: number;
  accuracy: number | null;
  speed: number | null;
  kept: boolean;
}

export interface Position {
  userId: number;
  name: string;
  role: string | null;
  lon: number;
  lat: number;
  fixedAt: Date;
  accuracy: number | null;
  speed: number | null;
  heading: number | null;
  patrolId: number | null;
}

const PATROL_COLUMNS = (sql: Sql) => sql`p.id, p.user_id, u.display_name as user_name, p.device_id, d.protocol, p.started_at, p.ended_at, p.last_fix_at, p.fixes, p.kept_fixes, p.distance_m`;
const PATROL_FROM = (sql: Sql) => sql`from patrol p join app_user u on u.id = p.user_id join device d on d.id = p.device_id`;

const toPatrol = (r: Record<string, unknown>): PatrolRecord => ({
  id: Number(r.id), userId: Number(r.user_id), userName: String(r.user_name), deviceId: Number(r.device_id), source: r.protocol as DeviceProtocol,
  startedAt: r.started_at as Date, endedAt: (r.ended_at as Date | null) ?? null, lastFixAt: (r.last_fix_at as Date | null) ?? null,
  fixes: Number(r.fixes), keptFixes: Number(r.kept_fixes), distanceM: Math.round(Number(r.distance_m) * 10) / 10,
});

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Patrols, their tracks, and workers' current positions. */
export function createPatrolsRepo(sql: Sql) {
  return {
    async byId(id: number): Promise<PatrolRecord | undefined> {
      const [r] = await sql`select ${PATROL_COLUMNS(sql)} ${PATROL_FROM(sql)} where p.id = ${id}`;
      return r ? toPatrol(r) : undefined;
    },

    /** The open patrol of a device, if any. */
    async openOf(deviceId: number): Promise<PatrolRecord | undefined> {
      const [r] = await sql`select ${PATROL_COLUMNS(sql)} ${PATROL_FROM(sql)} where p.device_id = ${deviceId} and p.ended_at is null`;
      return r ? toPatrol(r) : undefined;
    },

    /** Opens a patrol on the device unless one is open already (whatever the burst, one is open); answers it and whether it is new. */
    async start(deviceId: number, userId: number, at: Date): Promise<{ patrol: PatrolRecord; created: boolean }> {
      const [ins] = await sql`insert into patrol (user_id, device_id, started_at) values (${userId}, ${deviceId}, ${at})
        on conflict (device_id) where ended_at is null do nothing returning id`;
      return { patrol: (await this.openOf(deviceId))!, created: Boolean(ins) };
    },

    /** Ends an open patrol at `at` (never before its last fix); false when it was not open. */
    async stop(id: number, at: Date): Promise<boolean> {
      const r = await sql`update patrol set ended_at = greatest(${at}::timestamptz, started_at, coalesce(last_fix_at, started_at)) where id = ${id} and ended_at is null`;
      return r.count === 1;
    },

    /** Patrols of the workers in the scope (and the caller's own) overlapping [from, to), newest first. */
    async list(f: { scope: Scope; callerId: number; userId?: number; from: Date; to: Date; gridCode?: string; limit: number }): Promise<PatrolRecord[]> {
      const rows = await sql`select ${PATROL_COLUMNS(sql)} ${PATROL_FROM(sql)}
        where p.started_at < ${f.to} and coalesce(p.ended_at, p.last_fix_at, p.started_at) >= ${f.from}
          and (p.user_id = ${f.callerId} or ${workerInScope(sql, f.scope, sql`p.user_id`)})
          ${f.userId === undefined ? sql`` : sql`and p.user_id = ${f.userId}`}
          ${f.gridCode === undefined ? sql`` : sql`and exists (select 1 from grid g join grid_plan gp on gp.id = g.plan_id
              where g.code = ${f.gridCode} and gp.status = 'published' and exists (
                select 1 from gps_fix x where x.patrol_id = p.id and x.fixed_at >= p.started_at and x.kept and ST_Intersects(g.geom, x.geom)))`}
        order by p.started_at desc, p.id desc limit ${f.limit}`;
      return rows.map(toPatrol);
    },

    /** True when the caller may see this worker's patrols: their own, or a worker holding a role in the scope. */
    async sees(scope: Scope, callerId: number, userId: number): Promise<boolean> {
      if (userId === callerId) return true;
      const [r] = await sql`select ${workerInScope(sql, scope, sql`${userId}::bigint`)} as ok`;
      return Boolean(r!.ok);
    },

    /** A patrol's fixes in time order (set-aside ones included, flagged). */
    async track(p: PatrolRecord): Promise<TrackFix[]> {
      const to = p.endedAt ?? p.lastFixAt ?? p.startedAt;
      const rows = await sql`select fixed_at, ST_X(geom) as lon, ST_Y(geom) as lat, accuracy, speed, kept from gps_fix
        where patrol_id = ${p.id} and fixed_at >= ${new Date(+p.startedAt - 1)} and fixed_at <= ${new Date(+to + 1)}
        order by fixed_at`;
      return rows.map((r) => ({ t: r.fixed_at as Date, lon: Number(r.lon), lat: Number(r.lat), accuracy: num(r.accuracy), speed: num(r.speed), kept: Boolean(r.kept) }));
    },

    /** Workers' current positions in the scope (and the caller's own) seen since `since`. */
    async positions(scope: Scope, callerId: number, since: Date, userIds?: number[]): Promise<Position[]> {
      const rows = await sql`select w.user_id, u.display_name, w.patrol_id, w.fixed_at, ST_X(w.geom) as lon, ST_Y(w.geom) as lat, w.accuracy, w.speed, w.heading,
          (select ra.role from role_assignment ra where ra.user_id = w.user_id order by ra.id limit 1) as role
        from worker_position w join app_user u on u.id = w.user_id
        where w.fixed_at >= ${since} and (w.user_id = ${callerId} or ${workerInScope(sql, scope, sql`w.user_id`)})
          ${userIds ? sql`and w.user_id = any(${userIds}::bigint[])` : sql``}
        order by w.fixed_at desc limit 5000`;
      return rows.map((r) => ({
        userId: Number(r.user_id), name: String(r.display_name), role: (r.role as string | null) ?? null, lon: Number(r.lon), lat: Number(r.lat),
        fixedAt: r.fixed_at as Date, accuracy: num(r.accuracy), speed: num(r.speed), heading: num(r.heading), patrolId: num(r.patrol_id),
      }));
    },
  };
}

export type PatrolsRepo = ReturnType<typeof createPatrolsRepo>;
