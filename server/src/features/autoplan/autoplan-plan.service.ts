import type { Sql } from 'postgres';
import type { z } from 'zod';
import type { Caller } from '../../http/auth.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { colorAround } from '../plans/grid-colors.repo.ts';
import { createPlansService } from '../plans/plans.service.ts';
import { createAutoplanRepo } from './autoplan.repo.ts';
import type { acceptBody, autoBody, rebalanceBody, replanBody } from './autoplan.schema.ts';
import { proposePartitions, proposeReplan, type ProposedAlternative } from './autoplan.service.ts';
import { proposeTown, replanTown } from './autoplan-town.service.ts';

type Town = NonNullable<Awaited<ReturnType<ReturnType<typeof createAutoplanRepo>['town']>>>;

type Kind = 'auto' | 'rebalance' | 'replan';

/**
 * Balancing on special groups makes the proposals (their shapes, the workload spread) a function of
 * who in the community belongs to one: only callers who may read that community's residents may
 * ask for it, as only they see special-group counts per grid.
 */
function assertSpecialGroupsReadable(caller: Caller, communityCode: string, weights: { specialGroups?: number } | undefined) {
  if (!weights?.specialGroups) return;
  const { prefixes } = scopeFor(caller.grants, 'residents.read');
  if (!prefixes.some((p) => communityCode.startsWith(p))) {
    throw new AppError(403, 'special_groups_out_of_scope', 'Balancing on special groups needs the right to read the residents of the whole community');
  }
}

/** Automatic plans on a draft: propose (stored), then accept one alternative as one logged operation. */
export function createAutoplanService(sql: Sql, deps: { clock: () => Date }) {
  const plans = createPlansService(sql, deps);
  const repo = createAutoplanRepo(sql);

  async function communityInScope(planScopeCode: string, jurisdictionId: number) {
    const c = await repo.community(jurisdictionId);
    if (!c) throw badRequest('not_a_community', `Jurisdiction ${jurisdictionId} is not a community`);
    if (!c.code.startsWith(planScopeCode)) throw badRequest('outside_scope', `Community ${c.code} is outside the plan's scope ${planScopeCode}`);
    return c;
  }

  /** Selected grids: known, in one community of the scope, unlocked and adjacent. */
  async function selection(planId: number, scopeCode: string, codes: string[]) {
    const grids = await repo.planGrids(planId, { codes });
    const missing = codes.find((c) => !grids.some((g) => g.code === c));
    if (missing) throw badRequest('grid_not_found', `Grid ${missing} is not in this plan`);
    const communities = new Set(grids.map((g) => g.communityId));
    if (communities.size !== 1) throw badRequest('grids_in_several_communities', 'The grids must lie in one community');
    const community = await communityInScope(scopeCode, grids[0]!.communityId);
    if (grids.some((g) => g.locked)) throw conflict('grid_locked', 'A selected grid is locked');
    if (codes.length > 1 && !(await repo.gridsConnected(planId, codes))) throw badRequest('grids_not_adjacent', 'The selected grids do not form one connected area');
    return community;
  }

  async function store(caller: Caller, planId: number, kind: Kind, params: Record<string, unknown>, alternatives: ProposedAlternative[]) {
    // the preview's colours are the ones accepting keeps: coloured around the grids that stay
    const replaced = Array.isArray(params.replaceCodes) ? (params.replaceCodes as string[]) : null;
    if (replaced) {
      for (const a of alternatives) {
        const colors = await colorAround(sql, planId, replaced, a.grids);
        a.grids.forEach((g, i) => (g.color = colors[i] ?? g.color));
      }
    }
    const proposalId = await repo.saveProposal({ planId, userId: caller.userId, kind, params, alternatives });
    return { proposalId, kind, alternatives };
  }

  /** Grids for every community of a street office, each in the call's band or its own. */
  async function autoTown(caller: Caller, planId: number, scopeCode: string, town: Town, body: z.output<typeof autoBody>) {
    if (!town.code.startsWith(scopeCode)) throw badRequest('outside_scope', `Street office ${town.code} is outside the plan's scope ${scopeCode}`);
    if (town.communities.length === 0) throw badRequest('no_communities', `Street office ${town.code} has no community with a boundary`);
    for (const c of town.communities) assertSpecialGroupsReadable(caller, c.code, body.weights);
    const communities = [];
    const replaceCodes: string[] = [];
    const keep: string[] = [];
    for (const c of town.communities) {
      const all = await repo.planGrids(planId, { communityId: c.id });
      const free = all.filter((g) => !g.locked).map((g) => g.code);
      keep.push(...all.filter((g) => g.locked).map((g) => g.code));
      if (all.length > 0 && free.length === 0) continue; // every grid locked: the community stays as it is
      replaceCodes.push(...free);
      communities.push({ ...c, band: body.band ?? c.band, grids: free.length < all.length ? { planId, codes: free } : undefined });
    }
    if (communities.length === 0) throw conflict('grid_locked', 'Every grid of this street office is locked');
    const alternatives = await proposeTown(sql, {
      townId: town.id, communities, alternatives: body.alternatives, weights: body.weights, seed: body.seed, others: await repo.gridGeoms(planId, keep),
    });
    return store(caller, planId, 'auto', { townId: town.id, band: body.band ?? null, replaceCodes }, alternatives);
  }

  /** Re-plans every community of a street office that has grids in the plan, each in the call's band or its own. */
  async function replanWholeTown(caller: Caller, planId: number, scopeCode: string, town: Town, body: z.output<typeof replanBody>) {
    if (!town.code.startsWith(scopeCode)) throw badRequest('outside_scope', `Street office ${town.code} is outside the plan's scope ${scopeCode}`);
    const communities = [];
    for (const c of town.communities) {
      assertSpecialGroupsReadable(caller, c.code, body.weights);
      const grids = await repo.planGrids(planId, { communityId: c.id });
      if (grids.length) communities.push({ id: c.id, band: body.band ?? c.band, codes: grids.map((g) => g.code), locked: grids.filter((g) => g.locked).map((g) => g.code) });
    }
    if (communities.length === 0) throw badRequest('no_grids', `The plan has no grids in street office ${town.code}`);
    const alt = await replanTown(sql, { planId, townId: town.id, communities, weights: body.weights });
    return store(caller, planId, 'replan', { townId: town.id, band: body.band ?? null, replaceCodes: alt.grids.map((g) => g.code!) }, [alt]);
  }

  return {
    /** Alternatives for a whole community (or every community of a street office) or a selection of its adjacent grids. */
    async auto(caller: Caller, planId: number, body: z.output<typeof autoBody>) {
      const plan = await plans.assertPlanAccess(caller, planId, 'edit');
      if (!body.gridCodes) {
        const town = await repo.town(body.jurisdictionId);
        if (town) return autoTown(caller, planId, plan.scope.code, town, body);
      }
      const c = body.gridCodes ? await selection(planId, plan.scope.code, body.gridCodes) : await communityInScope(plan.scope.code, body.jurisdictionId);
      if (c.id !== body.jurisdictionId) throw badRequest('grids_outside_jurisdiction', 'The selected grids are not in that community');
      assertSpecialGroupsReadable(caller, c.code, body.weights);
      const all = await repo.planGrids(planId, { communityId: c.id, codes: body.gridCodes });
      // locked grids stay: the rest of the community is re-partitioned inside its unlocked grids
      const grids = all.filter((g) => !g.locked);
      if (all.length > 0 && grids.length === 0) throw conflict('grid_locked', 'Every grid of this community is locked');
      const codes = grids.map((g) => g.code);
      const band = body.band ?? c.band;
      const r = await proposePartitions(sql, {
        communityId: c.id, band, alternatives: body.alternatives, weights: body.weights, seed: body.seed, validate: true,
        grids: body.gridCodes || grids.length < all.length ? { planId, codes } : undefined,
      });
      return store(caller, planId, 'auto', { communityId: c.id, band, replaceCodes: codes }, r.alternatives);
    },

    /** Re-partitions 2–3 adjacent grids into as many grids. */
    async rebalance(caller: Caller, planId: number, body: z.output<typeof rebalanceBody>) {
      const plan = await plans.assertPlanAccess(caller, planId, 'edit');
      const c = await selection(planId, plan.scope.code, body.gridCodes);
      assertSpecialGroupsReadable(caller, c.code, body.weights);
      const r = await proposePartitions(sql, {
        communityId: c.id, band: c.band, alternatives: body.alternatives, weights: body.weights,
        grids: { planId, codes: body.gridCodes }, k: body.gridCodes.length, validate: true,
      });
      return store(caller, planId, 'rebalance', { communityId: c.id, band: c.band, replaceCodes: body.gridCodes }, r.alternatives);
    },

    /** The fewest building moves that bring the grids of a community (or of every community of a street office) back into the band. */
    async replan(caller: Caller, planId: number, body: z.output<typeof replanBody>) {
      const plan = await plans.assertPlanAccess(caller, planId, 'edit');
      const town = await repo.town(body.jurisdictionId);
      if (town) return replanWholeTown(caller, planId, plan.scope.code, town, body);
      const c = await communityInScope(plan.scope.code, body.jurisdictionId);
      assertSpecialGroupsReadable(caller, c.code, body.weights);
      const grids = await repo.planGrids(planId, { communityId: c.id });
      if (grids.length === 0) throw badRequest('no_grids', `The plan has no grids in community ${c.code}`);
      const band = body.band ?? c.band;
      const r = await proposeReplan(sql, {
        planId, communityId: c.id, band, codes: grids.map((g) => g.code), locked: grids.filter((g) => g.locked).map((g) => g.code), weights: body.weights,
      });
      const alt: ProposedAlternative = { index: 0, label: 'replan', grids: r.grids, metrics: r.metrics, moves: r.moves, infeasible: r.infeasible };
      return store(caller, planId, 'replan', { communityId: c.id, band, replaceCodes: r.grids.map((g) => g.code!) }, [alt]);
    },

    /** Replaces the plan's grids with one stored alternative (one operation; 409 on a stale version). */
    async accept(caller: Caller, planId: number, proposalId: number, body: z.output<typeof acceptBody>) {
      await plans.assertPlanAccess(caller, planId, 'edit');
      const p = await repo.proposal(planId, proposalId);
      if (!p) throw notFound('proposal_not_found', `No proposal ${proposalId} for plan ${planId}`);
      const alt = p.alternatives[body.alternative] as ProposedAlternative | undefined;
      if (!alt) throw badRequest('alternative_not_found', `Proposal ${proposalId} has no alternative ${body.alternative}`);
      const replaceCodes = (p.params.replaceCodes as string[] | undefined) ?? [];
      if (alt.grids.length === 0) throw conflict('nothing_to_change', 'This proposal changes no grid');
      return plans.replaceGrids(caller, planId, {
        version: body.version, kind: p.kind as Kind,
        summary: { proposalId, alternative: body.alternative, label: alt.label, metrics: alt.metrics, moves: alt.moves?.length ?? undefined },
        replaceCodes,
        // as previewed: each grid keeps its colour unless a neighbour outside the proposal has it
        grids: alt.grids.map((g) => ({ geom: g.geom, ...(g.color === undefined ? {} : { color: g.color }) })),
      });
    },
  };
}
