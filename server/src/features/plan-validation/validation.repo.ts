import type { PendingQuery, Row, Sql } from 'postgres';
import { badRequest, notFound } from '../../http/errors.ts';
import { buildValidation, type PlanValidation, type RawValidation } from './validation-report.domain.ts';
import { peopleQuery, validationQuery } from './validation-sql.repo.ts';
import { resolveWeights, type WorkloadWeights } from './validation.domain.ts';
import { gridSetInput, workloadWeights, type GridSetInput } from './validation.schema.ts';

export type { PlanValidation, GridMetrics, ValidationSummary } from './validation-report.domain.ts';
export type { Problem, WorkloadWeights } from './validation.domain.ts';

/** Live validation of grid plans, computed by PostGIS in two queries run side by side. */
export function createValidationRepo(sql: Sql) {
  // the residents are counted on a second connection while the first measures the shapes (inside a
  // transaction both go through its one connection, one after the other)
  async function run(jurisdictionId: number, src: () => PendingQuery<Row[]>, weights: WorkloadWeights): Promise<PlanValidation> {
    const [[row], people] = await Promise.all([validationQuery(sql, jurisdictionId, src()), peopleQuery(sql, src())]);
    const raw = row as unknown as Omit<RawValidation, 'people'>;
    if (!raw.jurisdiction) throw notFound('jurisdiction_not_found', `No jurisdiction ${jurisdictionId}`);
    return buildValidation({ ...raw, people: people as unknown as RawValidation['people'] }, weights);
  }

  return {
    /** Validates grids that need not be stored (drafts being edited, auto-plan proposals, baselines). */
    async validateGridSet(input: GridSetInput): Promise<PlanValidation> {
      const parsed = gridSetInput.safeParse(input);
      if (!parsed.success) throw badRequest('invalid_grids', parsed.error.issues[0]?.message ?? 'invalid grids', parsed.error.issues);
      const { jurisdictionId, grids, weights } = parsed.data;
      const json = JSON.stringify(grids);
      const src = () => sql`
        select e.ord::int as ord, e.value->>'code' as code, e.value->>'name' as name,
               e.value->>'justification' as justification, coalesce((e.value->>'locked')::boolean, false) as locked,
               ST_SetSRID(ST_GeomFromGeoJSON(e.value->'geom'), 4326) as raw
        from jsonb_array_elements(${json}::text::jsonb) with ordinality as e(value, ord)`;
      return run(jurisdictionId, src, resolveWeights(weights));
    },

    /** Validates the stored grids of a plan, or of its communities inside `scopeId`. */
    async validatePlan(planId: number, opts: { scopeId?: number; weights?: Partial<WorkloadWeights> } = {}): Promise<PlanValidation> {
      const w = workloadWeights.safeParse(opts.weights ?? {});
      if (!w.success) throw badRequest('invalid_weights', w.error.issues[0]?.message ?? 'invalid weights', w.error.issues);
      const [plan] = await sql`select jurisdiction_id from grid_plan where id = ${planId}`;
      if (!plan) throw notFound('plan_not_found', `No plan ${planId}`);
      const scope = opts.scopeId ?? Number(plan.jurisdiction_id);
      const src = () => sql`
        select (row_number() over (order by g.code))::int as ord, g.code, g.name, g.justification, g.locked, g.geom as raw
        from grid g join jurisdiction c on c.id = g.community_id
        where g.plan_id = ${planId}
          and (c.id = ${scope} or c.parent_id = ${scope} or c.parent_id in (select id from jurisdiction where parent_id = ${scope}))`;
      return run(scope, src, resolveWeights(w.data));
    },
  };
}

export type ValidationRepo = ReturnType<typeof createValidationRepo>;
