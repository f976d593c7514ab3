import type { Sql } from 'postgres';
import { grantsFor, type Permission } from './permissions.domain.ts';
import type { GrantRow } from './auth.repo.ts';

/** Where a permission applies: jurisdiction codes (a code covers every code it prefixes) and grid codes. */
export interface Scope {
  prefixes: string[];
  gridCodes: string[];
}

/** The scope of one permission across all of a caller's grants. */
export function scopeFor(grants: readonly GrantRow[], permission: Permission): Scope {
  const gs = grantsFor(grants, permission);
  return {
    prefixes: gs.flatMap((g) => (g.jurisdiction ? [g.jurisdiction.code] : [])),
    gridCodes: gs.flatMap((g) => g.gridCodes ?? []),
  };
}

/**
 * SQL condition: building `alias` lies in the scope on `date` (its community's code starts with a
 * granted jurisdiction code, or its anchor lies in a granted grid of the plan in force). An empty
 * scope matches nothing.
 */
export function buildingInScope(sql: Sql, scope: Scope, alias: string, date: string) {
  const b = sql(alias);
  const prefixes = scope.prefixes.map((p) => `${p}%`);
  return sql`(
    exists (select 1 from jurisdiction sc where sc.id = ${b}.community_id and sc.code like any(${prefixes}::text[]))
    or exists (
      select 1 from grid sg join grid_plan sp on sp.id = sg.plan_id
      where sg.code = any(${scope.gridCodes}::text[])
        and sp.status in ('published', 'retired')
        and sp.valid_from <= ${date}::date and (sp.valid_to is null or sp.valid_to > ${date}::date)
        and sg.geom && ${b}.anchor and ST_Intersects(sg.geom, ${b}.anchor)))`;
}
