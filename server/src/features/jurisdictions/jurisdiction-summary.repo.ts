import type { Sql } from 'postgres';
import type { Level } from './jurisdictions.domain.ts';
import type { SummaryScope } from './jurisdiction-summary.domain.ts';

/** A place's totals over the grids in force that the caller may see. */
export interface JurisdictionSummary {
  grids: number;
  communities: number;
  households: number;
  householdsEstimated: boolean;
  residents: number;
  residentsSynthetic: boolean;
  buildings: number;
  areaM2: number;
  band: { under: number; within: number; over: number };
  /** Distinct grid leaders and assistants granted one of these grids (or their whole community). */
  workers: number;
  /** Grids with no grid leader or assistant granted on them or their community. */
  unstaffedGrids: number;
}

const WORKER_ROLES = ['grid_leader', 'grid_assistant'];

/** The queries of a place's totals (the side panel of a community, street office or county). */
export function createJurisdictionSummaryRepo(sql: Sql) {
  return {
    /** A jurisdiction's id, code, name and level, or undefined. */
    async node(id: number): Promise<{ id: number; code: string; name: string; level: Level } | undefined> {
      const [r] = await sql`select id, code, name, level from jurisdiction where id = ${id}`;
      return r && { id: Number(r.id), code: r.code, name: r.name, level: r.level };
    },

    /**
     * Totals of the grids in force on `date` under the place with `code` that lie in `scope`
     * (a community code under a granted prefix, or a granted grid code). Buildings count in the grid
     * holding their anchor, as everywhere else.
     */
    async totals(code: string, scope: SummaryScope, date: string): Promise<JurisdictionSummary> {
      const prefixes = scope.prefixes.map((p) => `${p}%`);
      const [r] = await sql`
        with g as (
          select g.id, g.code, g.geom, g.community_id, c.household_min, c.household_max
          from grid g join grid_plan p on p.id = g.plan_id join jurisdiction c on c.id = g.community_id
          where p.status in ('published', 'retired')
            and p.valid_from <= ${date}::date and (p.valid_to is null or p.valid_to > ${date}::date)
            and c.code like ${`${code}%`}
            and (c.code like any(${prefixes}::text[]) or g.code = any(${scope.gridCodes as string[]}::text[]))),
        b as (
          select g.id as grid_id, b.id, b.households, b.households_estimated
          from g join building b on b.anchor && g.geom and ST_Intersects(g.geom, b.anchor)),
        per_grid as (
          select g.id, coalesce(sum(b.households), 0) as households, g.household_min, g.household_max
          from g left join b on b.grid_id = g.id group by g.id, g.household_min, g.household_max),
        people as (
          select count(*)::int as residents, coalesce(bool_or(r.synthetic), false) as synthetic
          from b join household h on h.building_id = b.id join resident r on r.household_id = h.id),
        staff as (
          select g.id as grid_id, r.user_id
          from g join role_assignment r on r.role = any(${WORKER_ROLES}::text[])
            and (g.code = any(coalesce(r.grid_codes, '{}')) or r.jurisdiction_id = g.community_id)
          join app_user u on u.id = r.user_id and u.active)
        select
          (select count(*)::int from g) as grids,
          (select count(distinct community_id)::int from g) as communities,
          (select coalesce(sum(households), 0)::int from b) as households,
          (select coalesce(bool_or(households_estimated), false) from b) as households_estimated,
          (select count(*)::int from b) as buildings,
          (select coalesce(sum(ST_Area(geom::geography)), 0) from g) as area_m2,
          (select count(*)::int from per_grid where households < household_min) as under,
          (select count(*)::int from per_grid where households > household_max) as over,
          (select count(distinct user_id)::int from staff) as workers,
          (select count(*)::int from g where not exists (select 1 from staff where staff.grid_id = g.id)) as unstaffed,
          people.residents, people.synthetic
        from people`;
      const grids = r!.grids as number;
      return {
        grids, communities: r!.communities, households: r!.households, householdsEstimated: r!.households_estimated,
        residents: r!.residents, residentsSynthetic: r!.synthetic, buildings: r!.buildings, areaM2: Math.round(Number(r!.area_m2)),
        band: { under: r!.under, within: grids - r!.under - r!.over, over: r!.over },
        workers: r!.workers, unstaffedGrids: r!.unstaffed,
      };
    },
  };
}
