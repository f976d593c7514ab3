import type { Sql } from 'postgres';
import type { Scope } from '../auth/scope.repo.ts';

/**
 * SQL condition: grid `alias` is in the scope (its community's code starts with a granted
 * jurisdiction code, or its code is a granted grid code). An empty scope matches nothing.
 */
export function gridInScope(sql: Sql, scope: Scope, alias: string) {
  const g = sql(alias);
  const prefixes = scope.prefixes.map((p) => `${p}%`);
  return sql`(${g}.code = any(${scope.gridCodes}::text[])
    or exists (select 1 from jurisdiction sc where sc.id = ${g}.community_id and sc.code like any(${prefixes}::text[])))`;
}

/** The plan in force, and which grids of a plan a caller may see (whether they may see the plan is plans' findPlanFor). */
export function createPlanScopeRepo(sql: Sql) {
  return {
    /** The plan in force on `date` for the plan's jurisdiction (the default to compare against). */
    async inForce(jurisdictionId: number, date: string): Promise<number | undefined> {
      const [r] = await sql`
        select id from grid_plan
        where jurisdiction_id = ${jurisdictionId} and status in ('published', 'retired')
          and valid_from <= ${date}::date and (valid_to is null or valid_to > ${date}::date)
        limit 1`;
      return r ? Number(r.id) : undefined;
    },

    /** Codes of the plan's grids inside the caller's scope. */
    async visibleCodes(scope: Scope, planId: number): Promise<string[]> {
      const rows = await sql`select g.code from grid g where g.plan_id = ${planId} and ${gridInScope(sql, scope, 'g')} order by g.code`;
      return rows.map((r) => String(r.code));
    },
  };
}
