import type { Sql } from 'postgres';
import { notFound } from '../../http/errors.ts';
import type { Scope } from '../auth/scope.repo.ts';
import { bandStatus } from '../grids/grids.domain.ts';
import { createGridsRepo } from '../grids/grids.repo.ts';
import { createFourBoundariesRepo } from './four-boundaries.repo.ts';
import { createGridFileRepo } from './grid-file.repo.ts';
import { chooseFourBoundaries, formatFourBoundaries, type FourBoundaries } from './grid-file.domain.ts';
import { createPlanScopeRepo, type PlanRef } from './plan-scope.repo.ts';

/** 四至 of one grid: the choice per side and the sentence in both languages. */
export interface GridFourBoundaries {
  code: string;
  name: string;
  sides: FourBoundaries;
  text: { 'zh-CN': string; en: string };
}

/** The plan, or 404 plan_not_found when it does not exist or lies outside the caller's scope. */
export async function requirePlan(plans: ReturnType<typeof createPlanScopeRepo>, scope: Scope, planId: number): Promise<PlanRef> {
  const plan = await plans.plan(scope, planId);
  if (!plan) throw notFound('plan_not_found', `No plan with id ${planId} in your scope`);
  return plan;
}

/** Grid-file operations: 四至 and the printable file for the grids of a plan the caller may see. */
export function createGridFileService(sql: Sql) {
  const plans = createPlanScopeRepo(sql);
  const boundaries = createFourBoundariesRepo(sql);
  const files = createGridFileRepo(sql);
  const grids = createGridsRepo(sql);
  return {
    /** 四至 of the plan's grids in scope (or of `code` only). */
    async fourBoundaries(scope: Scope, planId: number, code?: string): Promise<GridFourBoundaries[]> {
      await requirePlan(plans, scope, planId);
      const visible = await plans.visibleCodes(scope, planId);
      const codes = code === undefined ? visible : visible.filter((c) => c === code);
      if (codes.length === 0) return [];
      const evidence = await boundaries.evidence(planId, codes);
      return evidence.map((g) => {
        const sides = chooseFourBoundaries(g.sides);
        return { code: g.code, name: g.name, sides, text: { 'zh-CN': formatFourBoundaries(sides), en: formatFourBoundaries(sides, 'en') } };
      });
    },
  
    /**
     * The grid file: code, name, community, 四至, aggregate statistics (special-group counts only where
     * the caller may read the residents), staff with work phones, geometry and bbox.
     */
    async file(scopes: { plans: Scope; residents: Scope }, planId: number, code: string) {
      const plan = await requirePlan(plans, scopes.plans, planId);
      const grid = await files.grid(scopes.plans, planId, code);
      if (!grid) throw notFound('grid_not_found', `No grid ${code} in plan ${planId} in your scope`);
      const [stats, [four], staff] = await Promise.all([
        grids.stats(grid.id, scopes.residents), this.fourBoundaries(scopes.plans, planId, code), files.staff(code, grid.communityId),
      ]);
      const s = stats!;
      return {
        plan: { id: plan.id, name: plan.name, status: plan.status, version: plan.version, validFrom: plan.validFrom },
        grid: { code: s.code, name: s.name, community: s.community, town: s.town },
        band: { ...s.band, status: bandStatus(s.stats.households, s.band) },
        fourBoundaries: four!,
        stats: s.stats,
        staff,
        geometry: grid.geometry,
        bbox: s.bbox,
      };
    },
  };
}
