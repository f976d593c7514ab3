import type { Sql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { badRequest } from '../../http/errors.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { createPlanScopeRepo } from '../grid-file/plan-scope.repo.ts';
import { planDate } from '../grids/grids.domain.ts';
import { findPlanFor } from '../plans/plan-edit.service.ts';
import type { PlanRow } from '../plans/plans.repo.ts';
import { assembleDiff, type PlanDiff } from './plan-diff.domain.ts';
import { createPlanDiffRepo } from './plan-diff.repo.ts';

const brief = (p: PlanRow) => ({ id: p.id, name: p.name, status: p.status, version: p.version, validFrom: p.validFrom });

/** The diff of two plans with both plans named. */
export type PlanDiffResult = PlanDiff & { plan: ReturnType<typeof brief>; against: ReturnType<typeof brief> };

/** Diffs a plan against another (default: its base plan, else the plan in force), inside the caller's scope. */
export function createPlanDiffService(sql: Sql, opts: { clock: () => Date }) {
  const plans = createPlanScopeRepo(sql);
  const repo = createPlanDiffRepo(sql);

  async function other(caller: Caller, plan: PlanRow, againstId: number | undefined): Promise<PlanRow> {
    const id = againstId ?? plan.basePlanId ?? (await plans.inForce(plan.jurisdiction.id, planDate(opts.clock())));
    if (id === undefined || (againstId === undefined && id === plan.id)) {
      throw badRequest('no_plan_to_compare', `Plan ${plan.id} has no base plan and is itself the plan in force: choose one with ?against=`);
    }
    return findPlanFor(sql, caller, id, 'view');
  }

  return {
    /** Grids added, removed and changed, buildings that move and the handover per grid worker; both plans must be the caller's to see. */
    async diff(caller: Caller, planId: number, againstId?: number): Promise<PlanDiffResult> {
      const plan = await findPlanFor(sql, caller, planId, 'view');
      const against = await other(caller, plan, againstId);
      const scope = scopeFor(caller.grants, 'plans.view');
      const [pairs, moves, mine, theirs] = await Promise.all([
        repo.gridPairs(plan.id, against.id), repo.moves(plan.id, against.id),
        plans.visibleCodes(scope, plan.id), plans.visibleCodes(scope, against.id),
      ]);
      // a caller who sees part of the plans (a community, some grids) gets the diff of that part, and
      // a draft of one community is compared within that community: its grids carry its code as prefix
      const visible = new Set([...mine, ...theirs]);
      const seen = (code: string | null) => code !== null && visible.has(code) && code.startsWith(plan.scope.code);
      const myMoves = moves.filter((m) => seen(m.from) || seen(m.to));
      const codes = [...new Set(myMoves.flatMap((m) => [m.from, m.to]).filter((c): c is string => c !== null))];
      const workers = await repo.workers(codes);
      const diff = assembleDiff({ pairs: pairs.filter((p) => seen(p.code)), moves: myMoves, workers });
      return { plan: brief(plan), against: brief(against), ...diff };
    },
  };
}
