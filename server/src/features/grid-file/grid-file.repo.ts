import type { Sql } from 'postgres';
import type { Scope } from '../auth/scope.repo.ts';
import { gridInScope } from './plan-scope.repo.ts';

/** A member of staff named in a grid file: work contact, never resident data. */
export interface StaffRow {
  userId: number;
  role: 'grid_leader' | 'grid_assistant' | 'supervisor' | 'community_manager';
  displayName: string;
  phone: string | null;
  /** Granted on this grid's code, or on the whole community. */
  via: 'grid' | 'community';
}

const STAFF_ROLES = ['grid_leader', 'grid_assistant', 'supervisor', 'community_manager'];

/** The grid-file queries that are not 四至 or statistics. */
export function createGridFileRepo(sql: Sql) {
  return {
    /** The grid of the plan with this code, with its GeoJSON geometry, when it lies in the caller's scope. */
    async grid(scope: Scope, planId: number, code: string): Promise<{ id: number; communityId: number; geometry: unknown } | undefined> {
      const [r] = await sql`
        select g.id, g.community_id, ST_AsGeoJSON(g.geom, 7)::json as geometry from grid g
        where g.plan_id = ${planId} and g.code = ${code} and ${gridInScope(sql, scope, 'g')}`;
      return r && { id: Number(r.id), communityId: Number(r.community_id), geometry: r.geometry };
    },

    /** Grid leaders, assistants and supervisors granted this grid code or the community, and the community's managers. */
    async staff(code: string, communityId: number): Promise<StaffRow[]> {
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
