import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { clientIp, type AuthEnv } from '../../http/auth.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';

/** Audit action of every plan write, by route (the operation log keeps the detail; this is who did what when). */
export const PLAN_AUDIT_ACTIONS: Readonly<Record<string, string>> = {
  'POST /api/plans': 'plan.create',
  'DELETE /api/plans/:id': 'plan.delete',
  'POST /api/plans/:id/comments': 'plan.comment',
  'POST /api/plans/:id/grids': 'plan.grid.draw',
  'PUT /api/plans/:id/grids/:code/geometry': 'plan.grid.reshape',
  'POST /api/plans/:id/grids/:code/split': 'plan.grid.split',
  'PATCH /api/plans/:id/grids/:code': 'plan.grid.update',
  'DELETE /api/plans/:id/grids/:code': 'plan.grid.delete',
  'POST /api/plans/:id/merge': 'plan.merge',
  'POST /api/plans/:id/reassign': 'plan.reassign',
  'POST /api/plans/:id/auto': 'plan.auto',
  'POST /api/plans/:id/rebalance': 'plan.rebalance',
  'POST /api/plans/:id/replan': 'plan.replan',
  'POST /api/plans/:id/proposals/:proposalId/accept': 'plan.accept',
  'POST /api/plans/:id/operations/:opId/revert': 'plan.revert',
  'POST /api/plans/:id/submit': 'plan.submit',
  'POST /api/plans/:id/approve': 'plan.approve',
  'POST /api/plans/:id/reject': 'plan.reject',
  'POST /api/plans/:id/publish': 'plan.publish',
  'POST /api/plans/:id/import': 'plan.import',
};

/** Records each successful plan write in the audit log: who, which plan, what, from where. */
export function auditPlanWrites(audit: AuthRepo['audit']): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method === 'GET' || c.res.status >= 300) return;
    const route = matchedRoutes(c).find((r) => r.method !== 'ALL');
    const action = route ? PLAN_AUDIT_ACTIONS[`${route.method} ${route.path}`] : undefined;
    const caller = c.get('caller');
    if (!action || !caller) return;
    const fromPath = /^\/api\/plans\/(\d+)/.exec(c.req.path)?.[1];
    // a new plan's id is in the answer
    const id = fromPath ? Number(fromPath) : Number(((await c.res.clone().json().catch(() => ({}))) as { id?: unknown }).id);
    const grid = /\/grids\/(\d{14,15})/.exec(c.req.path)?.[1];
    await audit({
      userId: caller.userId, action, entity: 'plan', entityId: Number.isSafeInteger(id) ? id : undefined, ip: clientIp(c),
      details: grid ? { grid } : {},
    });
  };
}
