import type { Sql } from 'postgres';
import type { Scope } from '../auth/scope.repo.ts';

/** The plan facts the grid file and the diff need. */
export interface PlanRef {
  id: number;
  name: string;
  status: string;
  version: number;
  jurisdictionId: number;
  scopeId: number;
  basePlanId: number | null;
  validFrom: string | null;
}

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

const toPlan = (r: Record<string, unknown>): PlanRef => ({
  id: Number(r.id), name: String(r.name), status: String(r.status), version: Number(r.version),
  jurisdictionId: Number(r.jurisdiction_id), scopeId: Number(r.scope_id),
  basePlanId: r.base_plan_id === null ? null : Number(r.base_plan_id), validFrom: (r.valid_from as string | null) ?? null,
});

/** Which plans and grids a caller may see. */
export function createPlanScopeRepo(sql: Sql) {
  return {
    /**
     * The plan when the caller's scope meets it, as the plans feature decides (canView): a grant covers
     * the plan's scope or lies inside it (a community sees its town's plan); or a grant names one of its grids.
     */
    async plan(scope: Scope, planId: number): Promise<PlanRef | undefined> {
      const prefixes = scope.prefixes.map((p) => `${p}%`);
      const [r] = await sql`
        select p.id, p.name, p.status, p.version, p.jurisdiction_id, p.scope_id, p.base_plan_id,
               to_char(p.valid_from, 'YYYY-MM-DD') as valid_from
        from grid_plan p join jurisdiction s on s.id = p.scope_id
        where p.id = ${planId} and (
          s.code like any(${prefixes}::text[])
          or exists (select 1 from unnest(${scope.prefixes}::text[]) x where x like s.code || '%')
          or exists (select 1 from grid g where g.plan_id = p.id and ${gridInScope(sql, scope, 'g')}))`;
      return r ? toPlan(r) : undefined;
    },

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
