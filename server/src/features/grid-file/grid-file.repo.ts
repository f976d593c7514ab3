import type { Sql } from 'postgres';
import type { Scope } from '../auth/scope.repo.ts';
import { gridInScope } from './plan-scope.repo.ts';

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
  };
}
