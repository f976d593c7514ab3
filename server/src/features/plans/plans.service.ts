import type { Sql, TransactionSql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { planDate } from '../grids/grids.domain.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { createPlanScopeRepo } from '../grid-file/plan-scope.repo.ts';
import { withSpecialGroupsIn } from '../plan-validation/validation-report.domain.ts';
import { createValidationRepo } from '../plan-validation/validation.repo.ts';
import { checkEffectiveDate, codeOrder, covers, defaultGridName, matchCodes, nextStatus, reviewsFrom, statusRefusal } from './plans.domain.ts';
import type { AreaGeometry } from './plans.schema.ts';
import { assertValidGeometry, checkAccess, findPlanFor, planPrefixes, runEdit, versionConflict, type PlanAccess } from './plan-edit.service.ts';
import { createPlanGridsRepo } from './plan-grids.repo.ts';
import { recolorPlan } from './grid-colors.repo.ts';
import { createPlansRepo, type PlanRow } from './plans.repo.ts';

/** Grids handed in by an automatic plan, a rebalance or an import. */
export interface ReplaceGridsInput {
  version: number;
  kind: 'auto' | 'rebalance' | 'replan' | 'import';
  summary: Record<string, unknown>;
  replaceCodes?: string[];
  /** `color`: the colour the proposal's preview showed, kept where no neighbour outside it has it. */
  grids: { geom: AreaGeometry; name?: string; justification?: string | null; color?: number }[];
}

/** Plans: drafts from the plan in force, reading with validation, the review workflow and bulk replacement. */
export function createPlansService(sql: Sql, deps: { clock: () => Date }) {
  const repo = createPlansRepo(sql);
  const validation = createValidationRepo(sql);
  const today = () => planDate(deps.clock());

  /** The plan if the caller may do `what` with it (404 when it is not theirs to see). */
  const assertPlanAccess = (caller: Caller, planId: number, what: PlanAccess): Promise<PlanRow> => findPlanFor(sql, caller, planId, what);

  /** The plan's validation with special-group counts only for the grids whose residents the caller may read. */
  async function validationFor(caller: Caller, plan: PlanRow) {
    const [check, readable] = await Promise.all([
      validation.validatePlan(plan.id, { scopeId: plan.scope.id }),
      createPlanScopeRepo(sql).visibleCodes(scopeFor(caller.grants, 'residents.read'), plan.id),
    ]);
    return withSpecialGroupsIn(check, new Set(readable));
  }

  /** Moves a plan through the workflow inside one transaction, after `check` passes. */
  async function transition(caller: Caller, planId: number, version: number, action: 'submit' | 'approve' | 'reject' | 'publish',
    apply: (ctx: { plan: PlanRow; repo: ReturnType<typeof createPlansRepo>; tx: TransactionSql }) => Promise<number>): Promise<number> {
    return sql.begin(async (tx): Promise<number> => {
      const txRepo = createPlansRepo(tx);
      const plan = await txRepo.lock(planId);
      if (!plan) throw notFound('plan_not_found', `No plan with id ${planId} in your scope`);
      checkAccess(caller, plan, action === 'submit' ? 'edit' : action === 'publish' ? 'publish' : 'review');
      const to = nextStatus(plan.status, action);
      if (!to) throw conflict('plan_status_conflict', statusRefusal(plan.status, action), { status: plan.status });
      if (plan.version !== version) throw await versionConflict(txRepo, plan, version);
      return apply({ plan, repo: txRepo, tx });
    }) as Promise<number>;
  }

  async function assertPublishable(planId: number, scopeId: number) {
    const v = await validation.validatePlan(planId, { scopeId });
    if (!v.publishable) {
      const blocking = v.problems.filter((p) => p.severity !== 'soft');
      throw conflict('plan_not_publishable', `${blocking.length} problem(s) must be fixed or justified first`, { problems: blocking.slice(0, 50), summary: v.summary });
    }
  }

  return {
    assertPlanAccess,

    /** Plans the caller may see. */
    list(caller: Caller, filter: { jurisdictionId?: number; status?: string }) {
      return repo.list(planPrefixes(caller, 'plans.view'), filter);
    },

    /**
     * Deletes a plan that was never published (draft, in review, approved), with its grids, log and
     * proposals: its author (still allowed to edit there) or a reviewer above it. 409 when stale.
     */
    async remove(caller: Caller, planId: number, version: number) {
      await sql.begin(async (tx) => {
        const txRepo = createPlansRepo(tx);
        const plan = await txRepo.lock(planId);
        if (!plan) throw notFound('plan_not_found', `No plan with id ${planId} in your scope`);
        checkAccess(caller, plan, 'view');
        const author = plan.createdById === caller.userId && covers(planPrefixes(caller, 'plans.edit'), plan.scope.code);
        if (!author && !reviewsFrom(planPrefixes(caller, 'plans.review'), plan.scope.code)) {
          throw new AppError(403, 'forbidden', 'Only the author of a draft or a reviewer above it may delete it');
        }
        if (plan.status === 'published' || plan.status === 'retired') {
          throw conflict('plan_status_conflict', 'A published plan is never deleted: the next plan retires it', { status: plan.status });
        }
        if (plan.version !== version) throw await versionConflict(txRepo, plan, version);
        await txRepo.remove(planId);
      });
    },

    /** A new draft for a jurisdiction, copied from the plan in force that covers it. */
    async create(caller: Caller, body: { jurisdictionId: number; name?: string; description?: string }) {
      const j = await repo.jurisdiction(body.jurisdictionId);
      if (!j || !planPrefixes(caller, 'plans.edit').some((p) => j.code.startsWith(p))) {
        throw notFound('jurisdiction_not_found', `No jurisdiction ${body.jurisdictionId} you may plan`);
      }
      if (j.level === 'county') throw badRequest('scope_too_large', 'Draft a plan for a street office or a community');
      const base = await repo.latestPublishedCovering(j.id);
      const holder = base ? await repo.jurisdiction(base.jurisdictionId) : j;
      const id = await sql.begin(async (tx) => {
        const txRepo = createPlansRepo(tx);
        const planId = await txRepo.createDraft({
          jurisdictionId: holder!.id, scopeId: j.id, regionCode: j.regionCode, basePlanId: base?.id ?? null,
          name: body.name ?? `${j.name}网格方案（草案）`, description: body.description ?? null, userId: caller.userId,
        });
        await txRepo.logOperation({ planId, planVersion: 1, userId: caller.userId, kind: 'create', summary: { basePlanId: base?.id ?? null, scope: j.code } });
        return planId;
      });
      return (await repo.byId(id))!;
    },

    /** The plan with its grids (GeoJSON) and validation of the scope. */
    async get(caller: Caller, planId: number) {
      const plan = await assertPlanAccess(caller, planId, 'view');
      const [grids, check] = await Promise.all([createPlanGridsRepo(sql).featureCollection(planId, plan.scope.code), validationFor(caller, plan)]);
      return { plan, grids, validation: check };
    },

    /** Validation alone (cheap to poll after each edit). */
    async validate(caller: Caller, planId: number) {
      return validationFor(caller, await assertPlanAccess(caller, planId, 'view'));
    },

    /** The operation log. */
    async operations(caller: Caller, planId: number) {
      await assertPlanAccess(caller, planId, 'view');
      return repo.operations(planId);
    },

    /** Review comments. */
    async comments(caller: Caller, planId: number) {
      await assertPlanAccess(caller, planId, 'view');
      return repo.comments(planId);
    },

    /** Adds a comment (editors and reviewers). */
    async comment(caller: Caller, planId: number, body: { body: string; gridCode?: string }) {
      const plan = await assertPlanAccess(caller, planId, 'view');
      if (!planPrefixes(caller, 'plans.edit').some((p) => plan.scope.code.startsWith(p))) throw new AppError(403, 'forbidden', 'Only planners and reviewers comment on plans');
      if (body.gridCode && !(await createPlanGridsRepo(sql).refs(planId, [body.gridCode], plan.scope.code)).length) {
        throw badRequest('unknown_grid', `Plan ${planId} has no grid ${body.gridCode}`, [{ field: 'gridCode', message: 'not a grid of this plan' }]);
      }
      await repo.addComment(planId, caller.userId, body.body, body.gridCode ?? null);
      return repo.comments(planId);
    },

    /** Draft → review; refused while hard rules fail or an out-of-band grid lacks a justification. */
    submit(caller: Caller, planId: number, body: { version: number; note?: string }) {
      return transition(caller, planId, body.version, 'submit', async ({ plan, repo: r }) => {
        await assertPublishable(planId, plan.scope.id);
        if (body.note) await r.addComment(planId, caller.userId, body.note, null);
        const v = await r.setStatus(planId, { status: 'review', by: caller.userId }, 'submit');
        await r.logOperation({ planId, planVersion: v, userId: caller.userId, kind: 'submit', summary: { note: body.note ?? null } });
        return v;
      });
    },

    /** Review → approved, by a reviewer above the scope who did not submit it. */
    approve(caller: Caller, planId: number, body: { version: number; comment?: string }) {
      return transition(caller, planId, body.version, 'approve', async ({ plan, repo: r }) => {
        if (plan.submittedById === caller.userId) throw new AppError(403, 'own_plan', 'Someone other than the submitter must approve a plan');
        if (body.comment) await r.addComment(planId, caller.userId, body.comment, null);
        const v = await r.setStatus(planId, { status: 'approved', by: caller.userId, comment: body.comment ?? null }, 'review');
        await r.logOperation({ planId, planVersion: v, userId: caller.userId, kind: 'approve', summary: { comment: body.comment ?? null } });
        return v;
      });
    },

    /** Review → draft with the reviewer's comments. */
    reject(caller: Caller, planId: number, body: { version: number; comment: string }) {
      return transition(caller, planId, body.version, 'reject', async ({ repo: r }) => {
        await r.addComment(planId, caller.userId, body.comment, null);
        const v = await r.setStatus(planId, { status: 'draft', by: caller.userId, comment: body.comment }, 'review');
        await r.logOperation({ planId, planVersion: v, userId: caller.userId, kind: 'reject', summary: { comment: body.comment } });
        return v;
      });
    },

    /** Approved → published from `validFrom`; the plan in force is retired that day. */
    publish(caller: Caller, planId: number, body: { version: number; validFrom: string }) {
      return transition(caller, planId, body.version, 'publish', async ({ plan, repo: r, tx }) => {
        await assertPublishable(planId, plan.scope.id);
        const current = await r.latestPublishedCovering(plan.jurisdiction.id);
        const inForce = current && current.jurisdictionId === plan.jurisdiction.id ? current : undefined;
        const when = checkEffectiveDate(body.validFrom, today(), inForce?.validFrom ?? null);
        if (when === 'past') throw badRequest('effective_date_past', 'The effective date cannot be in the past', [{ field: 'validFrom', message: 'before today' }]);
        if (when === 'before_current') throw badRequest('effective_date_too_early', `The plan in force began on ${inForce!.validFrom}; choose a later date`, [{ field: 'validFrom', message: `after ${inForce!.validFrom}` }]);
        if (inForce && inForce.id !== plan.basePlanId) {
          const grids = createPlanGridsRepo(tx);
          if (plan.basePlanId === null || !(await grids.sameInside(inForce.id, plan.basePlanId, plan.scope.code))) {
            throw conflict('base_plan_changed', 'Another plan changed this area since the draft was made; start a new draft from the plan in force', { inForce: inForce.id });
          }
          await grids.rebaseOutside(planId, inForce.id, plan.scope.code);
          await recolorPlan(tx, planId);
        }
        if (inForce) await r.retire(inForce.id, body.validFrom);
        const v = await r.setStatus(planId, { status: 'published', by: caller.userId, validFrom: body.validFrom }, 'publish');
        await r.logOperation({ planId, planVersion: v, userId: caller.userId, kind: 'publish', summary: { validFrom: body.validFrom, retired: inForce?.id ?? null } });
        return v;
      });
    },

    /** Replaces the scope's grids (or `replaceCodes`) as one operation; unchanged grids keep their codes. */
    replaceGrids(caller: Caller, planId: number, input: ReplaceGridsInput) {
      return runEdit(sql, caller, planId, input.version, input.kind, async (ctx) => {
        const scope = await ctx.grids.inScopeCodes(ctx.plan.id, ctx.plan.scope.code);
        const old = input.replaceCodes ?? scope.filter((g) => !g.locked).map((g) => g.code);
        const refs = await ctx.grids.refs(ctx.plan.id, old, ctx.plan.scope.code);
        const bad = old.find((c) => !refs.some((r) => r.code === c && r.inScope && !r.locked));
        if (bad) throw badRequest('grid_not_replaceable', `Grid ${bad} is unknown, locked or outside the scope`);
        const items = [];
        for (const [i, g] of input.grids.entries()) {
          await assertValidGeometry(ctx, g.geom, `grids.${i}.geom`);
          const community = await ctx.edits.communityOf(g.geom, ctx.plan.scope.code);
          const piece = community && (await ctx.edits.clip(ctx.plan.id, ctx.plan.scope.code, g.geom, community.id, old));
          if (!community || !piece) throw badRequest('outside_scope', `grids.${i} lies outside ${ctx.plan.scope.name} or only over locked grids`);
          items.push({ ...piece, key: String(i), community, input: g });
        }
        const match = matchCodes(await ctx.edits.overlaps(ctx.plan.id, items, old));
        await ctx.track(old);
        const snaps = await ctx.grids.snapshot(ctx.plan.id, old);
        await ctx.grids.remove(ctx.plan.id, old);
        const codes: string[] = [];
        for (const it of codeOrder(items)) {
          const keep = match.kept.get(it.key);
          const was = snaps.find((s) => s.code === keep);
          const code = keep ?? (await ctx.grids.nextCode(it.community.id));
          await ctx.grids.insert(ctx.plan.id, {
            code, name: it.input.name ?? was?.name ?? defaultGridName(it.community.name, code), communityId: it.community.id,
            regionCode: it.community.regionCode, geom: it.hex, parentCodes: keep ? was!.parentCodes : (match.parents.get(it.key) ?? []),
            locked: false, justification: it.input.justification !== undefined ? it.input.justification : (was?.justification ?? null),
            color: it.input.color ?? null,
          });
          codes.push(code);
        }
        const kept = [...match.kept.values()].sort();
        return { summary: { ...input.summary, replaced: old, kept, created: codes.filter((c) => !kept.includes(c)) }, created: codes, codes };
      });
    },
  };
}

export type PlansService = ReturnType<typeof createPlansService>;
