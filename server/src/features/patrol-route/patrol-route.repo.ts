import type { Sql } from 'postgres';

/** A worker whose route is asked for, with the grid codes of their role assignments. */
export interface RouteWorker {
  id: number;
  name: string;
  gridCodes: string[];
  /** Codes of the jurisdictions of its other assignments. */
  jurisdictionCodes: string[];
}

/** A grid of the plan in force that the route covers. */
export interface RouteGrid {
  id: number;
  code: string;
  name: string;
  regionCode: string;
  /** A point inside the grid, where a route starts when the worker's position is unknown. */
  lon: number;
  lat: number;
}

/** A building or street to pass, last visited longest ago (or never). */
export interface RouteTarget {
  kind: 'building' | 'street';
  id: number;
  name: string | null;
  lastVisitedAt: Date | null;
  lon: number;
  lat: number;
}

const toGrid = (r: Record<string, unknown>): RouteGrid => ({
  id: Number(r.id), code: String(r.code), name: String(r.name), regionCode: String(r.region_code), lon: Number(r.lon), lat: Number(r.lat),
});

/** The queries of the suggested route other than routing itself: who, which grids, which targets, where from. */
export function createPatrolRouteRepo(sql: Sql) {
  return {
    /** An active account and the grid codes of all its role assignments (none: an empty list). */
    async worker(userId: number): Promise<RouteWorker | undefined> {
      const [r] = await sql`select u.id, u.display_name,
          coalesce(array_agg(distinct c order by c) filter (where c is not null), '{}') as codes,
          coalesce(array_agg(distinct j.code) filter (where j.code is not null), '{}') as jurisdictions
        from app_user u left join role_assignment a on a.user_id = u.id left join lateral unnest(a.grid_codes) c on true
          left join jurisdiction j on j.id = a.jurisdiction_id
        where u.id = ${userId} and u.active group by u.id`;
      return r ? { id: Number(r.id), name: String(r.display_name), gridCodes: r.codes as string[], jurisdictionCodes: r.jurisdictions as string[] } : undefined;
    },

    /** The grids of `codes` in the plan in force on `date`. */
    async grids(codes: readonly string[], date: string): Promise<RouteGrid[]> {
      const rows = await sql`select g.id, g.code, g.name, g.region_code,
          ST_X(ST_PointOnSurface(g.geom)) as lon, ST_Y(ST_PointOnSurface(g.geom)) as lat
        from grid g join grid_plan p on p.id = g.plan_id
        where g.code = any(${codes as string[]}::text[])
          and p.status in ('published', 'retired') and p.valid_from <= ${date}::date and (p.valid_to is null or p.valid_to > ${date}::date)
        order by g.code`;
      return rows.map(toGrid);
    },

    /**
     * Up to `limit` buildings (anchor inside the grids) and streets (walkable roads, one per road: its
     * piece walked longest ago) of the grids, never visited first, then the longest ago; among equals a
     * shuffle fixed by the day and the worker, so each day brings others.
     */
    async targets(grids: readonly RouteGrid[], date: string, userId: number, limit: number): Promise<RouteTarget[]> {
      const ids = grids.map((g) => g.id);
      const codes = grids.map((g) => g.code);
      const rows = await sql`
        with b as (
          select 'building' as kind, b.id, coalesce(b.name, b.address) as name, v.last_passed_at as last, ST_X(b.anchor) as lon, ST_Y(b.anchor) as lat
          from grid g join building b on b.anchor && g.geom and ST_Intersects(g.geom, b.anchor)
            left join building_visit v on v.building_id = b.id
          where g.id = any(${ids}::bigint[])
        ), s as (
          select distinct on (p.road_id) 'street' as kind, p.id, r.name, p.last_walked_at as last,
            ST_X(ST_LineInterpolatePoint(p.geom, 0.5)) as lon, ST_Y(ST_LineInterpolatePoint(p.geom, 0.5)) as lat
          from street_piece p join road r on r.id = p.road_id
          where p.grid_code = any(${codes}::text[]) and r.class <> all (route_excluded_classes())
          order by p.road_id, p.last_walked_at nulls first, p.seq
        )
        select * from (select * from b union all select * from s) t
        order by last nulls first, md5(kind || ':' || id || ':' || ${date} || ':' || ${userId}::text), kind, id
        limit ${limit}`;
      return rows.map((r) => ({
        kind: r.kind as RouteTarget['kind'], id: Number(r.id), name: (r.name as string | null) ?? null,
        lastVisitedAt: (r.last as Date | null) ?? null, lon: Number(r.lon), lat: Number(r.lat),
      }));
    },

    /** The worker's last position if taken since `since` and within 1 km of one of the grids. */
    async position(userId: number, grids: readonly RouteGrid[], since: Date): Promise<{ lon: number; lat: number; at: Date } | undefined> {
      const [r] = await sql`select ST_X(w.geom) as lon, ST_Y(w.geom) as lat, w.fixed_at from worker_position w
        where w.user_id = ${userId} and w.fixed_at >= ${since}
          and exists (select 1 from grid g where g.id = any(${grids.map((g) => g.id)}::bigint[])
                        and ST_DWithin(g.geom::geography, w.geom::geography, 1000))`;
      return r ? { lon: Number(r.lon), lat: Number(r.lat), at: r.fixed_at as Date } : undefined;
    },
  };
}

export type PatrolRouteRepo = ReturnType<typeof createPatrolRouteRepo>;
