import type { Sql, TransactionSql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { invalidGeometryIssue } from '../../http/issues.ts';
import { grantsFor } from '../auth/permissions.domain.ts';
import { canView, covers, reviewsFrom } from './plans.domain.ts';
import { recolorPlan } from './grid-colors.repo.ts';
import { createPlanEditsRepo } from './plan-edits.repo.ts';
import { createPlanGridsRepo, sameSnapshot, type GridSnapshot } from './plan-grids.repo.ts';
import { createPlansRepo, type PlanRow } from './plans.repo.ts';

export type PlanAccess = 'view' | 'edit' | 'review' | 'publish';

/** Jurisdiction codes of the caller's grants that carry a plan permission (grid-scoped grants never plan). */
export function planPrefixes(caller: Caller, permission: 'plans.view' | 'plans.edit' | 'plans.review'): string[] {
  return grantsFor(caller.grants, permission).flatMap((g) => (g.jurisdiction ? [g.jurisdiction.code] : []));
}

/** Throws unless the caller may do `what` with the plan; a plan the caller may not even see is a 404. */
export function checkAccess(caller: Caller, plan: PlanRow, what: PlanAccess): void {
  const seen = canView(planPrefixes(caller, 'plans.view'), plan.scope.code);
  if (!seen) throw notFound('plan_not_found', `No plan with id ${plan.id} in your scope`);
  const ok =
    what === 'view' ||
    (what === 'edit' && covers(planPrefixes(caller, 'plans.edit'), plan.scope.code)) ||
    (what === 'review' && reviewsFrom(planPrefixes(caller, 'plans.review'), plan.scope.code)) ||
    (what === 'publish' && covers(planPrefixes(caller, 'plans.review'), plan.scope.code));
  if (!ok) {
    const why = what === 'review' ? 'Only a reviewer at the level above the plan (e.g. the street office for a community) may review it'
      : `You may not ${what} plans of ${plan.scope.name}`;
    throw new AppError(403, 'forbidden', why);
  }
}

/**
 * The plan if the caller may do `what` with it, else 404 (or 403 when they may see it but not do that).
 * Every route under /api/plans/:id (the plan, validation, log, comments, diff, 四至, grid files,
 * export) finds its plan through this one rule.
 */
export async function findPlanFor(db: Sql, caller: Caller, planId: number, what: PlanAccess): Promise<PlanRow> {
  const plan = await createPlansRepo(db).byId(planId);
  if (!plan) throw notFound('plan_not_found', `No plan with id ${planId} in your scope`);
  checkAccess(caller, plan, what);
  return plan;
}

/** What an edit needs: its transaction, the locked plan and the repositories bound to the transaction. */
export interface EditContext {
  tx: TransactionSql;
  plan: PlanRow;
  userId: number;
  plans: ReturnType<typeof createPlansRepo>;
  grids: ReturnType<typeof createPlanGridsRepo>;
  edits: ReturnType<typeof createPlanEditsRepo>;
  /** Snapshots grids before they change (call before touching them; repeated codes are ignored). */
  track: (codes: readonly string[]) => Promise<void>;
}

/** What an edit tells the log: a summary, and the codes it created. */
export interface EditOutcome {
  summary: Record<string, unknown>;
  created?: string[];
}

/** 400 invalid_geometry when PostGIS finds `geom` invalid, with the kind of defect and where (details as validate() gives them). */
export async function assertValidGeometry(ctx: Pick<EditContext, 'grids'>, geom: unknown, field: string): Promise<void> {
  const bad = await ctx.grids.invalidReason(geom);
  if (bad) throw badRequest('invalid_geometry', `${field}: ${bad.reason}`, [invalidGeometryIssue(field, bad.reason, bad.location)]);
}

/** 409 with the changes the caller has not seen, so the client can show who changed what. */
export async function versionConflict(repo: ReturnType<typeof createPlansRepo>, plan: PlanRow, seen: number): Promise<AppError> {
  const changes = await repo.operations(plan.id, { afterVersion: seen, limit: 20 });
  return conflict('plan_version_conflict', 'Someone else changed this plan since you loaded it; review their change and try again',
    { currentVersion: plan.version, yourVersion: seen, changes });
}

/**
 * Runs one edit of a draft as one transaction: locks the plan, checks rights, status and version,
 * snapshots the grids it touches before and after, logs the operation and bumps the version.
 */
export async function runEdit<T extends EditOutcome>(
  sql: Sql, caller: Caller, planId: number, version: number, kind: string, fn: (ctx: EditContext) => Promise<T>,
): Promise<T & { version: number; operationId: number }> {
  return sql.begin(async (tx) => {
    const plans = createPlansRepo(tx);
    const grids = createPlanGridsRepo(tx);
    const plan = await plans.lock(planId);
    if (!plan) throw notFound('plan_not_found', `No plan with id ${planId} in your scope`);
    checkAccess(caller, plan, 'edit');
    if (plan.status !== 'draft') throw conflict('plan_not_draft', `The plan is ${plan.status}; only drafts can be edited`, { status: plan.status });
    if (plan.version !== version) throw await versionConflict(plans, plan, version);
    const before = new Map<string, GridSnapshot | null>();
    const track = async (codes: readonly string[]) => {
      const fresh = codes.filter((c) => !before.has(c));
      const snaps = await grids.snapshot(planId, fresh);
      for (const c of fresh) before.set(c, snaps.find((s) => s.code === c) ?? null);
    };
    const out = await fn({ tx, plan, userId: caller.userId, plans, grids, edits: createPlanEditsRepo(tx), track });
    for (const c of out.created ?? []) if (!before.has(c)) before.set(c, null);
    // new and changed grids get a colour their neighbours do not have; the others keep theirs
    await recolorPlan(tx, planId);
    const after = await grids.snapshot(planId, [...before.keys()]);
    const changed = [...before.keys()].filter((c) => {
      const a = after.find((s) => s.code === c);
      const b = before.get(c);
      return !(a && b && sameSnapshot(a, b)) && (a || b);
    });
    const next = await plans.bump(planId);
    const operationId = await plans.logOperation({
      planId, planVersion: next, userId: caller.userId, kind, summary: out.summary,
      before: changed.map((c) => before.get(c)).filter(Boolean), after: after.filter((s) => changed.includes(s.code)),
    });
    return { ...out, version: next, operationId };
  }) as Promise<T & { version: number; operationId: number }>;
}


