/**
 * Reads of the coverage feature: the place asked for, how fresh a day's figures are, a day's figures per grid with
 * the workers who walked each, and the gaps (grids, buildings, streets, workers) of the grids a caller may see.
 * `VisibleGrids` is the SQL filter every read shares: grids under the place and inside the caller's scope.
 */
import type { Sql } from 'postgres';
import type { Scope } from '../auth/scope.repo.ts';

/** The grids of a place a caller may see: codes under `placeCode` and inside `scope`. */
export interface VisibleGrids {
  placeCode: string;
  scope: Scope;
}

/** How many items of a gap list are sent (the total says how many there are). */
export const GAP_ITEMS_MAX = 500;

function visible(sql: Sql, v: VisibleGrids, code: ReturnType<Sql>) {
  return sql`(${code} like ${`${v.placeCode}%`} and (${code} like any(${v.scope.prefixes.map((p) => `${p}%`)}::text[]) or ${code} = any(${v.scope.gridCodes}::text[])))`;
}

/**
 * Marks days' figures stale (fixes of those days arrived late: a GPX import of past tracks), so the next request or
 * scheduler tick computes them again. Returns the rows marked.
 */
export async function markCoverageStale(sql: Sql, days: readonly string[]): Promise<number> {
  const rows = await sql`update grid_coverage_day set computed_at = day::timestamp at time zone 'Asia/Shanghai'
    where day = any(${days as string[]}::date[]) and computed_at > day::timestamp at time zone 'Asia/Shanghai' returning 1`;
  return rows.length;
}

/** The coverage reads. */
export function createCoverageRepo(sql: Sql) {
  return {
    /** A jurisdiction by code, or null. */
    async place(code: string) {
      const [j] = await sql<{ id: number; code: string; name: string; level: string }[]>`
        select id::int, code, name, level from jurisdiction where code = ${code}`;
      return j ?? null;
    },

    /** The grids in force on `day` and how many of them have figures, with the oldest computation among those. */
    async freshness(day: string) {
      const [r] = await sql<{ grids: number; done: number; oldest: Date | null }[]>`
        select count(*)::int as grids, count(d.grid_id)::int as done, min(d.computed_at) as oldest
        from grids_on(${day}::date) g left join grid_coverage_day d on d.day = ${day}::date and d.grid_id = g.id`;
      return r!;
    },

    /** The plans in force on `asOf` holding grids under `placeCode`, with the code of the place each plans. */
    async plansInForce(asOf: string, placeCode: string) {
      return sql<{ id: number; jurisdictionId: number; code: string }[]>`
        select distinct p.id::int as id, p.jurisdiction_id::int as "jurisdictionId", j.code
        from grids_on(${asOf}::date) g join grid_plan p on p.id = g.plan_id join jurisdiction j on j.id = p.jurisdiction_id
        where g.code like ${`${placeCode}%`} order by 1`;
    },

    /** A day's figures of each visible grid in force that day, with its workers (their own role for the grid first). */
    async day(day: string, v: VisibleGrids) {
      return sql<DayRow[]>`
        select g.code as "gridCode", g.name as "gridName", c.code as "communityCode", c.name as "communityName",
          coalesce(d.patrolled, false) as patrolled, coalesce(d.minutes, 0)::float8 as "minutesInside", coalesce(d.distance_m, 0) as "distanceM",
          coalesce(d.buildings_passed, 0) as "buildingsPassed", coalesce(d.buildings_total, 0) as "buildingsTotal",
          coalesce(d.street_m_walked, 0) as "streetWalkedM", coalesce(d.street_m_total, 0) as "streetTotalM", d.computed_at as "computedAt",
          coalesce((select json_agg(json_build_object('userId', w.user_id, 'name', u.display_name, 'role', (
              select r.role from role_assignment r where r.user_id = w.user_id
              order by (g.code = any(coalesce(r.grid_codes, '{}'))) desc, r.id limit 1),
              'minutes', w.minutes::float8, 'distanceM', w.distance_m) order by w.minutes desc, w.user_id)
            from patrol_grid_day w join app_user u on u.id = w.user_id where w.day = ${day}::date and w.grid_id = g.id), '[]') as workers
        from grids_on(${day}::date) g join jurisdiction c on c.id = g.community_id
        left join grid_coverage_day d on d.day = ${day}::date and d.grid_id = g.id
        where ${visible(sql, v, sql`g.code`)}
        order by g.code`;
    },

    /** The visible grids in force on `asOf`: when each was last patrolled, and its leaders and assistants (一格一员). */
    async gapGrids(asOf: string, v: VisibleGrids) {
      return sql<GapGridRow[]>`
        select g.code as "gridCode", g.name as "gridName", c.code as "communityCode", c.name as "communityName",
          (select max(p.last_at) from patrol_grid_day p where p.grid_code = g.code and p.day <= ${asOf}::date) as "lastPatrolledAt",
          ${staff(sql, 'grid_leader')} as leaders, ${staff(sql, 'grid_assistant')} as assistants
        from grids_on(${asOf}::date) g join jurisdiction c on c.id = g.community_id
        where ${visible(sql, v, sql`g.code`)}
        order by g.code`;
    },

    /** Buildings of the visible grids not passed since `since` (never passed first), at most GAP_ITEMS_MAX, and how many. */
    async unpassedBuildings(asOf: string, since: Date, v: VisibleGrids) {
      const rows = await sql<(BuildingGap & { total: number })[]>`
        select b.id::int, b.name, b.address, g.code as "gridCode", bv.last_passed_at as "lastPassedAt",
          ST_X(b.anchor) as lon, ST_Y(b.anchor) as lat, count(*) over ()::int as total
        from grids_on(${asOf}::date) g join building b on b.anchor && g.geom and ST_Intersects(g.geom, b.anchor)
        left join building_visit bv on bv.building_id = b.id
        where ${visible(sql, v, sql`g.code`)} and (bv.last_passed_at is null or bv.last_passed_at < ${since})
        order by bv.last_passed_at nulls first, g.code, b.id limit ${GAP_ITEMS_MAX}`;
      return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _, ...r }) => r) };
    },

    /** The stretches of each road in each visible grid of today's plan not walked since `since`, never walked and longest first, as GeoJSON. */
    async unwalkedStreets(asOf: string, since: Date, v: VisibleGrids) {
      const rows = await sql<(StreetGap & { total: number })[]>`
        select min(s.id)::int as id, r.name, g.code as "gridCode", round(sum(s.length_m)::numeric, 1)::float8 as "lengthM",
          case when bool_and(s.last_walked_at is not null) then max(s.last_walked_at) end as "lastWalkedAt",
          ST_AsGeoJSON(ST_LineMerge(ST_Collect(s.geom order by s.seq)), 6)::json as geometry, count(*) over ()::int as total
        from grids_on(${asOf}::date) g
        -- pieces are filed under the grid in force today (refresh_street_pieces, and each computation of today)
        join street_piece s on s.grid_code = g.code
        join road r on r.id = s.road_id
        where ${visible(sql, v, sql`g.code`)} and (s.last_walked_at is null or s.last_walked_at < ${since})
        group by r.id, r.name, g.code
        order by bool_and(s.last_walked_at is null) desc, sum(s.length_m) desc, min(s.id) limit ${GAP_ITEMS_MAX}`;
      return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _, ...r }) => r) };
    },

    /**
     * The workers of the visible grids whose roles carry a norm: grid staff of those grids, and staff granted a place
     * under the one asked (within the caller's scope), with their latest patrol.
     */
    async workers(asOf: string, v: VisibleGrids, roles: readonly string[]) {
      return sql<WorkerRow[]>`
        with vg as (select g.code from grids_on(${asOf}::date) g where ${visible(sql, v, sql`g.code`)})
        select u.id::int as "userId", u.display_name as name, array_agg(distinct r.role order by r.role) as roles,
          coalesce(array_agg(distinct x.code order by x.code) filter (where x.code is not null), '{}') as "gridCodes",
          (select max(p.last_fix_at) from patrol p where p.user_id = u.id) as "lastPatrolAt"
        from app_user u join role_assignment r on r.user_id = u.id
        left join jurisdiction j on j.id = r.jurisdiction_id
        -- the visible grids a worker answers for: those named in a grid grant, all under a place granted
        left join lateral (select c from unnest(r.grid_codes) c where c in (select code from vg)
          union all select vg.code from vg where j.code is not null and vg.code like j.code || '%') x(code) on true
        where u.active and r.role = any(${roles as string[]}::text[])
          and (x.code is not null or ${visible(sql, v, sql`j.code`)})
        group by u.id
        order by u.id`;
    },
  };
}

function staff(sql: Sql, role: string) {
  return sql`coalesce((select json_agg(json_build_object('userId', u.id, 'name', u.display_name) order by u.id)
    from role_assignment r join app_user u on u.id = r.user_id where u.active and r.role = ${role} and g.code = any(r.grid_codes)), '[]')`;
}

export interface DayRow {
  gridCode: string; gridName: string; communityCode: string; communityName: string; patrolled: boolean;
  minutesInside: number; distanceM: number; buildingsPassed: number; buildingsTotal: number; streetWalkedM: number; streetTotalM: number;
  computedAt: Date | null; workers: { userId: number; name: string; role: string | null; minutes: number; distanceM: number }[];
}
export interface GapGridRow {
  gridCode: string; gridName: string; communityCode: string; communityName: string; lastPatrolledAt: Date | null;
  leaders: { userId: number; name: string }[]; assistants: { userId: number; name: string }[];
}
export interface BuildingGap { id: number; name: string | null; address: string | null; gridCode: string; lastPassedAt: Date | null; lon: number; lat: number }
export interface StreetGap { id: number; name: string | null; gridCode: string; lengthM: number; lastWalkedAt: Date | null; geometry: unknown }
export interface WorkerRow { userId: number; name: string; roles: string[]; gridCodes: string[]; lastPatrolAt: Date | null }
export type CoverageRepo = ReturnType<typeof createCoverageRepo>;
