import type { Sql } from 'postgres';
import type { ImportProblem } from '../imports/geojson.domain.ts';
import { geometryDefect } from '../imports/imports.problems.ts';
import type { AssignmentRow, ExportGrid } from './plan-exchange.domain.ts';

/** Every query of plan export and import. */
export function createPlanExchangeRepo(sql: Sql) {
  return {
    /** The plan's grids with households and buildings counted by building anchor (full precision: rounding can make shared edges cross). */
    async grids(planId: number): Promise<ExportGrid[]> {
      const rows = await sql`
        select g.code, g.name, c.code community_code, c.name community_name, g.parent_codes, g.locked, g.justification,
          ST_AsGeoJSON(g.geom, 15)::json geometry, coalesce(s.households, 0)::int households, coalesce(s.buildings, 0)::int buildings
        from grid g join jurisdiction c on c.id = g.community_id
        left join lateral (select sum(b.households) households, count(*) buildings from building b
          where b.anchor && g.geom and ST_Intersects(g.geom, b.anchor)) s on true
        where g.plan_id = ${planId} order by g.code`;
      return rows.map((r) => ({
        code: r.code, name: r.name, communityCode: r.community_code, communityName: r.community_name, households: r.households,
        buildings: r.buildings, parentCodes: r.parent_codes, locked: r.locked, justification: r.justification, geometry: r.geometry,
      }));
    },

    /** Every building of the plan's jurisdiction with the plan's grid holding its anchor (null when none does). */
    async assignments(planId: number, jurisdictionCode: string): Promise<AssignmentRow[]> {
      const rows = await sql`
        select b.id, b.osm_id, b.name, b.households, g.code grid_code, g.name grid_name
        from building b join jurisdiction c on c.id = b.community_id
        left join lateral (select g.code, g.name from grid g where g.plan_id = ${planId}
          and g.geom && b.anchor and ST_Intersects(g.geom, b.anchor) order by g.code limit 1) g on true
        where c.code like ${`${jurisdictionCode}%`} order by g.code nulls last, b.id`;
      return rows.map((r) => ({ buildingId: Number(r.id), osmId: r.osm_id, name: r.name, households: r.households, gridCode: r.grid_code, gridName: r.grid_name }));
    },

    /** Codes of the plan's grids outside `scopeCode` (not editable in a draft of that scope). */
    async codesOutside(planId: number, scopeCode: string): Promise<Set<string>> {
      const rows = await sql`select g.code from grid g join jurisdiction c on c.id = g.community_id
        where g.plan_id = ${planId} and c.code not like ${`${scopeCode}%`}`;
      return new Set(rows.map((r) => r.code as string));
    },

    /** Grids (valid ones) whose point on surface lies in no community of the scope, with that point. */
    async outsideScope(items: { index: number; geom: unknown }[], scopeCode: string): Promise<ImportProblem[]> {
      if (!items.length) return [];
      const rows = await sql`
        select idx, ST_X(pt) x, ST_Y(pt) y from (
          select idx, ST_PointOnSurface(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326)) pt
          from unnest(${items.map((i) => i.index)}::int[], ${items.map((i) => JSON.stringify(i.geom))}::text[]) as x(idx, g)) p
        where not exists (select 1 from jurisdiction c where c.level = 'community' and c.code like ${`${scopeCode}%`}
          and c.geom && p.pt and ST_Intersects(c.geom, p.pt))
        order by idx`;
      return rows.map((r): ImportProblem => ({ index: r.idx, field: 'geometry', code: 'grid_outside_scope', params: { scope: scopeCode },
        message: `The grid lies outside the draft's scope ${scopeCode}`, location: [Number(r.x.toFixed(7)), Number(r.y.toFixed(7))] }));
    },

    /** Invalid geometries (self-intersections…) with the point where each fails; GEOS's reason as a stable kind, as base-data imports say it. */
    async invalidGeometries(items: { index: number; geom: unknown }[]): Promise<ImportProblem[]> {
      if (!items.length) return [];
      const rows = await sql`
        select idx, (d).reason, ST_X((d).location) x, ST_Y((d).location) y
        from (select idx, ST_IsValidDetail(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326)) d
              from unnest(${items.map((i) => i.index)}::int[], ${items.map((i) => JSON.stringify(i.geom))}::text[]) as x(idx, g)) v
        where not (d).valid order by idx`;
      return rows.map((r): ImportProblem => ({ index: r.idx, field: 'geometry', code: 'invalid_geometry', params: { defect: geometryDefect(String(r.reason)) },
        message: `Invalid geometry: ${r.reason}`,
        ...(typeof r.x === 'number' ? { location: [r.x, r.y] as [number, number] } : {}) }));
    },
  };
}
