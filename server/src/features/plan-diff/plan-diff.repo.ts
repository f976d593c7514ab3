import type { Sql } from 'postgres';
import type { BBox, BuildingMove, Geometry, GridPair, GridState, Worker } from './plan-diff.domain.ts';

type StateRow = {
  name: string; community_name: string; area_m2: number; households: number; buildings: number;
  parent_codes: string[]; geometry: Geometry; bbox: BBox;
};

const toState = (r: StateRow | null): GridState | null =>
  r && {
    name: r.name, communityName: r.community_name, areaM2: Math.round(Number(r.area_m2)), households: Number(r.households),
    buildings: Number(r.buildings), parentCodes: r.parent_codes, geometry: r.geometry, bbox: r.bbox,
  };

/** Every query of the plan diff: grids by code in both plans, buildings that change grid, grid workers. */
export function createPlanDiffRepo(sql: Sql) {
  return {
    /** Each code of either plan with its state before (in `beforeId`) and after (in `afterId`). */
    async gridPairs(afterId: number, beforeId: number): Promise<GridPair[]> {
      const rows = await sql<{ code: string; before: StateRow | null; after: StateRow | null; sym_diff_m2: number | null }[]>`
        with gs as (
          select g.id, g.plan_id, g.code, g.geom, json_build_object(
            'name', g.name, 'community_name', c.name, 'area_m2', ST_Area(g.geom::geography),
            'households', coalesce(s.households, 0), 'buildings', coalesce(s.buildings, 0), 'parent_codes', g.parent_codes,
            'geometry', ST_AsGeoJSON(g.geom, 7)::json,
            'bbox', json_build_array(ST_XMin(g.geom), ST_YMin(g.geom), ST_XMax(g.geom), ST_YMax(g.geom))) as state
          from grid g join jurisdiction c on c.id = g.community_id
          cross join lateral (
            select sum(b.households)::int as households, count(*)::int as buildings from building b
            where b.anchor && g.geom and ST_Intersects(g.geom, b.anchor)) s
          where g.plan_id in (${afterId}, ${beforeId})
        ),
        a as (select * from gs where plan_id = ${afterId}),
        b as (select * from gs where plan_id = ${beforeId})
        select coalesce(a.code, b.code) as code, b.state as before, a.state as after,
               case when a.id is null or b.id is null then null
                    when ST_OrderingEquals(a.geom, b.geom) then 0
                    else ST_Area(ST_SymDifference(a.geom, b.geom)::geography) end as sym_diff_m2
        from a full join b on a.code = b.code
        order by 1`;
      return rows.map((r) => ({
        code: r.code, before: toState(r.before), after: toState(r.after),
        symDiffM2: r.sym_diff_m2 === null ? null : Number(r.sym_diff_m2),
      }));
    },

    /** Buildings whose anchor lies in a grid of one code before and another code (or none) after. */
    async moves(afterId: number, beforeId: number): Promise<BuildingMove[]> {
      const rows = await sql`
        with ext as (select ST_Extent(geom)::geometry as box from grid where plan_id in (${afterId}, ${beforeId})),
        bl as (select bd.id, bd.name, bd.address, bd.compound_id, bd.households, bd.anchor from building bd, ext where bd.anchor && ext.box)
        select bl.id, bl.name, bl.address, cp.name as compound, bl.households, ST_X(bl.anchor) as lon, ST_Y(bl.anchor) as lat,
          f.code as from_code, t.code as to_code,
          -- a building without a name or address is found by the named road nearest to it (within about 200 m)
          case when bl.name is null and bl.address is null then (
            select r.name from road r where r.name is not null and r.geom && ST_Expand(bl.anchor, 0.002)
            order by r.geom <-> bl.anchor limit 1) end as near_road
        from bl
        left join compound cp on cp.id = bl.compound_id
        left join lateral (select g.code from grid g where g.plan_id = ${beforeId} and g.geom && bl.anchor
                           and ST_Intersects(g.geom, bl.anchor) order by g.code limit 1) f on true
        left join lateral (select g.code from grid g where g.plan_id = ${afterId} and g.geom && bl.anchor
                           and ST_Intersects(g.geom, bl.anchor) order by g.code limit 1) t on true
        where f.code is distinct from t.code
        order by bl.id`;
      return rows.map((r) => ({
        id: Number(r.id), name: r.name, address: r.address, compound: r.compound, nearRoad: r.near_road, households: Number(r.households),
        anchor: [Number(r.lon), Number(r.lat)], from: r.from_code, to: r.to_code,
      }));
    },

    /** Active grid leaders and assistants whose grid-scoped grants name any of `codes`. */
    async workers(codes: readonly string[]): Promise<Worker[]> {
      if (!codes.length) return [];
      const rows = await sql`
        select u.id, u.display_name, r.role, array_agg(distinct c order by c) as codes
        from role_assignment r join app_user u on u.id = r.user_id cross join unnest(r.grid_codes) c
        where r.role in ('grid_leader', 'grid_assistant') and u.active and c = any(${codes as string[]}::text[])
        group by 1, 2, 3
        order by 1, 3`;
      return rows.map((r) => ({ userId: Number(r.id), displayName: r.display_name, role: r.role, gridCodes: r.codes }));
    },
  };
}
