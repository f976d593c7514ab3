import type { Sql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { bandStatus } from '../grids/grids.domain.ts';
import { findPlanFor } from '../plans/plan-edit.service.ts';
import { createGridsRepo } from '../grids/grids.repo.ts';
import { createFourBoundariesRepo } from './four-boundaries.repo.ts';
import { createGridFileRepo } from './grid-file.repo.ts';
import { chooseFourBoundaries, formatFourBoundaries, type FourBoundaries } from './grid-file.domain.ts';
import { createPlanScopeRepo } from './plan-scope.repo.ts';

/** 四至 of one grid: the choice per side and the sentence in both languages. */
export interface GridFourBoundaries {
  code: string;
  name: string;
  sides: FourBoundaries;
  text: { 'zh-CN': string; en: string };
}

/** Grid-file operations: 四至 and the printable file for the grids of a plan the caller may see. */
export function createGridFileService(sql: Sql) {
  const plans = createPlanScopeRepo(sql);
  const boundaries = createFourBoundariesRepo(sql);
  const files = createGridFileRepo(sql);
  const grids = createGridsRepo(sql);

  /** 四至 of the plan's grids the caller's plans.view scope holds (or of `code` only). */
  async function fourOf(caller: Caller, planId: number, code?: string): Promise<GridFourBoundaries[]> {
    const visible = await plans.visibleCodes(scopeFor(caller.grants, 'plans.view'), planId);
    const codes = code === undefined ? visible : visible.filter((c) => c === code);
    if (codes.length === 0) return [];
    const evidence = await boundaries.evidence(planId, codes);
    return evidence.map((g) => {
      const sides = chooseFourBoundaries(g.sides);
      return { code: g.code, name: g.name, sides, text: { 'zh-CN': formatFourBoundaries(sides), en: formatFourBoundaries(sides, 'en') } };
    });
  }

  return {
    /** 四至 of the plan's grids in scope, for a caller who may see the plan. */
    async fourBoundaries(caller: Caller, planId: number): Promise<GridFourBoundaries[]> {
      await findPlanFor(sql, caller, planId, 'view');
      return fourOf(caller, planId);
    },

    /**
     * The grid file: code, name, community, 四至, aggregate statistics (special-group counts only where
     * the caller may read the residents), staff with work phones, geometry and bbox.
     */
    async file(caller: Caller, planId: number, code: string) {
      const plan = await findPlanFor(sql, caller, planId, 'view');
      const grid = await files.grid(scopeFor(caller.grants, 'plans.view'), planId, code);
      if (!grid) throw notFound('grid_not_found', `No grid ${code} in plan ${planId} in your scope`);
      const [stats, [four], staff] = await Promise.all([
        grids.stats(grid.id, scopeFor(caller.grants, 'residents.read')), fourOf(caller, planId, code), grids.staff(code, grid.communityId),
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
