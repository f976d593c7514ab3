import type { Sql } from 'postgres';
import type { BBox } from '../jurisdictions/jurisdictions.domain.ts';
import type { Scope } from '../auth/scope.repo.ts';
import { SPECIAL_GROUPS, type SpecialGroup, type StaffContact } from './grids.domain.ts';

interface Ref {
  id: number;
  code: string;
  name: string;
}

/** The grid, community and town holding a point in the plan in force. */
export interface GridAt {
  grid: Ref;
  community: Ref;
  town: Ref | null;
  plan: { id: number; name: string };
}

/** Statistics of one grid, computed by PostGIS from the buildings whose anchor lies in it. */
export interface GridStatsRow {
  id: number;
  code: string;
  name: string;
  plan: { id: number; name: string; status: string; validFrom: string | null; validTo: string | null };
  community: Ref;
  town: Ref | null;
  band: { min: number; max: number };
  stats: {
    households: number;
    householdsEstimated: boolean;
    residents: number;
    /** True when any resident counted here is synthetic (demo or generated data). */
    residentsSynthetic: boolean;
    buildings: number;
    /** Null unless the caller may read the residents of this grid: small counts can identify people. */
    specialGroups: Record<SpecialGroup, number> | null;
    areaM2: number;
  };
  bbox: BBox;
}

const STAFF_ROLES = ['grid_leader', 'grid_assistant', 'supervisor', 'community_manager'];

const ref = (id: unknown, code: unknown, name: unknown): Ref | null =>
  id === null ? null : { id: Number(id), code: String(code), name: String(name) };

/** The grids of the plans in force on `date` with their community, town and plan (plus `extra` columns of g). */
const gridsInForce = (sql: Sql, date: string, extra: ReturnType<Sql>) => sql`
  select g.id, g.code, g.name, c.id as c_id, c.code as c_code, c.name as c_name,
         t.id as t_id, t.code as t_code, t.name as t_name, p.id as p_id, p.name as p_name, p.valid_from ${extra}
  from grid g
  join grid_plan p on p.id = g.plan_id
  join jurisdiction c on c.id = g.community_id
  left join jurisdiction t on t.id = c.parent_id
  where p.status in ('published', 'retired')
    and p.valid_from <= ${date}::date and (p.valid_to is null or p.valid_to > ${date}::date)`;

/** What a point lookup answers, from a row of gridsInForce. */
const gridAt = (r: Record<string, unknown>): GridAt => ({
  grid: ref(r.id, r.code, r.name)!,
  community: ref(r.c_id, r.c_code, r.c_name)!,
  town: ref(r.t_id, r.t_code, r.t_name),
  plan: { id: Number(r.p_id), name: String(r.p_name) },
});

/** Every query of the grids feature. */
export function createGridsRepo(sql: Sql) {
  return {
    /** The grid of the plan in force on `date` that contains (lon, lat). */
    async at(lon: number, lat: number, date: string): Promise<GridAt | undefined> {
      const [r] = await sql`
        select * from (${gridsInForce(sql, date, sql`, g.geom`)}) x
        where ST_Intersects(x.geom, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326))
        order by x.valid_from desc, x.id
        limit 1`;
      return r ? gridAt(r) : undefined;
    },

    /** Every grid of the plans in force on `date`, newest plan first, then by id (the order `at` breaks ties in). */
    async inForce(date: string): Promise<{ geom: unknown; at: GridAt }[]> {
      // 15 decimals: every double of the stored vertices comes back as it is
      const rows = await sql`
        select * from (${gridsInForce(sql, date, sql`, ST_AsGeoJSON(g.geom, 15)::json as geojson`)}) x
        order by x.valid_from desc, x.id`;
      return rows.map((r) => ({ geom: r.geojson, at: gridAt(r) }));
    },

    /** A grid (of any plan) with households, residents, buildings, area, and special groups when in `scope`. */
    async stats(id: number, scope: Scope): Promise<GridStatsRow | undefined> {
      const prefixes = scope.prefixes.map((p) => `${p}%`);
      const groupCounts = SPECIAL_GROUPS.map(
        (g) => sql`count(*) filter (where ${g} = any(r.special_groups))::int as ${sql(g)}`,
      );
      const [r] = await sql`
        with g as (select * from grid where id = ${id}),
        b as (select b.* from building b, g where b.anchor && g.geom and ST_Intersects(g.geom, b.anchor)),
        people as (
          select ${groupCounts.reduce((a, c) => sql`${a}, ${c}`)}, count(*)::int as residents,
                 coalesce(bool_or(r.synthetic), false) as residents_synthetic
          from b join household h on h.building_id = b.id join resident r on r.household_id = h.id
        )
        select g.id, g.code, g.name, ST_Area(g.geom::geography) as area_m2,
               json_build_array(ST_XMin(g.geom), ST_YMin(g.geom), ST_XMax(g.geom), ST_YMax(g.geom)) as bbox,
               p.id as p_id, p.name as p_name, p.status as p_status,
               to_char(p.valid_from, 'YYYY-MM-DD') as p_from, to_char(p.valid_to, 'YYYY-MM-DD') as p_to,
               c.id as c_id, c.code as c_code, c.name as c_name, c.household_min, c.household_max,
               t.id as t_id, t.code as t_code, t.name as t_name,
               (select coalesce(sum(households), 0)::int from b) as households,
               (select coalesce(bool_or(households_estimated), false) from b) as households_estimated,
               (select count(*)::int from b) as buildings,
               (g.code = any(${scope.gridCodes}::text[]) or c.code like any(${prefixes}::text[])) as in_scope,
               people.*
        from g
        join grid_plan p on p.id = g.plan_id
        join jurisdiction c on c.id = g.community_id
        left join jurisdiction t on t.id = c.parent_id
        cross join people`;
      if (!r) return undefined;
      const specialGroups = r.in_scope ? (Object.fromEntries(SPECIAL_GROUPS.map((k) => [k, Number(r[k])])) as Record<SpecialGroup, number>) : null;
      return {
        id: Number(r.id), code: r.code, name: r.name,
        plan: { id: Number(r.p_id), name: r.p_name, status: r.p_status, validFrom: r.p_from, validTo: r.p_to },
        community: ref(r.c_id, r.c_code, r.c_name)!,
        town: ref(r.t_id, r.t_code, r.t_name),
        band: { min: r.household_min, max: r.household_max },
        stats: {
          households: r.households, householdsEstimated: r.households_estimated, residents: r.residents,
          residentsSynthetic: r.residents_synthetic,
          buildings: r.buildings, specialGroups, areaM2: Math.round(Number(r.area_m2)),
        },
        bbox: r.bbox,
      };
    },

    /**
     * A grid's staff with work phones (app_user.phone): grid leaders, assistants and supervisors granted
     * its code or its community, and the community's managers; leaders first, by name within a role.
     */
    async staff(code: string, communityId: number): Promise<StaffContact[]> {
      const rows = await sql`
        select distinct u.id, r.role, u.display_name, u.phone,
               case when ${code} = any(coalesce(r.grid_codes, '{}')) then 'grid' else 'community' end as via,
               array_position(${STAFF_ROLES}::text[], r.role) as rank
        from role_assignment r join app_user u on u.id = r.user_id
        where u.active and r.role = any(${STAFF_ROLES}::text[])
          and (${code} = any(coalesce(r.grid_codes, '{}')) or r.jurisdiction_id = ${communityId})
        order by rank, via desc, u.display_name`;
      return rows.map((r) => ({ userId: Number(r.id), role: r.role, displayName: r.display_name, phone: r.phone, via: r.via }));
    },
  };
}
