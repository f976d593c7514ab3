/**
 * Coverage as the API answers it: a day's figures per grid and the gaps of a place, within the caller's patrols.view
 * scope, computed again first when stale (today's after a minute, a past day's until computed after it settled).
 * One computation of a day at a time per process (and across processes: the repository's advisory lock).
 */
import policyFile from '../../../../data/coverage/policy.json' with { type: 'json' };
import type { Sql } from 'postgres';
import { AppError, notFound } from '../../http/errors.ts';
import type { Caller } from '../../http/auth.ts';
import { scopeFor, type Scope } from '../auth/scope.repo.ts';
import { createValidationRepo } from '../plan-validation/validation.repo.ts';
import { createCoverageComputeRepo, type ComputeResult } from './coverage-compute.repo.ts';
import {
  addDays, compliant, dayBounds, dayOf, daysSince, isStale, normOf, parseCoveragePolicy, share, staffingOf, type CoveragePolicy,
} from './coverage.domain.ts';
import { createCoverageRepo, type VisibleGrids } from './coverage.repo.ts';

export const COVERAGE_POLICY: CoveragePolicy = parseCoveragePolicy(policyFile);

/** The place asked for and the grids of it the caller may see; 404 for an unknown place, 403 outside the scope. */
async function placeFor(repo: ReturnType<typeof createCoverageRepo>, scope: Scope, code: string) {
  const place = await repo.place(code);
  if (!place) throw notFound('jurisdiction_not_found', `No jurisdiction ${code}`);
  const inside = scope.prefixes.some((p) => code.startsWith(p) || p.startsWith(code)) || scope.gridCodes.some((g) => g.startsWith(code));
  if (!inside) throw new AppError(403, 'coverage_out_of_scope', `${place.name} (${code}) is outside the places whose patrols you may see`);
  return { place, visible: { placeCode: code, scope } satisfies VisibleGrids };
}

/** The coverage service over one database; `policy` defaults to data/coverage/policy.json. */
export function createCoverageService(sql: Sql, opts: { policy?: CoveragePolicy } = {}) {
  const policy = opts.policy ?? COVERAGE_POLICY;
  const repo = createCoverageRepo(sql);
  const compute = createCoverageComputeRepo(sql);
  const plans = createValidationRepo(sql);
  const running = new Map<string, Promise<ComputeResult | null>>();

  /** Computes `day` for every grid in force when its figures are stale at `now`; concurrent callers share one run. */
  async function ensureDay(day: string, now: Date): Promise<ComputeResult | null> {
    const f = await repo.freshness(day);
    if (f.grids === 0 || !isStale(day, f.done < f.grids ? null : f.oldest, now, policy)) return null;
    const pending = running.get(day);
    if (pending) return pending;
    const run = compute.computeDay(day, { prefix: null, policy, now, today: day === dayOf(now), unlessFresh: (oldest) => !isStale(day, oldest, now, policy) })
      .finally(() => running.delete(day));
    running.set(day, run);
    return run;
  }

  /** Gaps and overlaps of the plans in force in the place, from plan validation; only for a caller who sees the whole place. */
  async function planProblems(placeId: number, placeCode: string, asOf: string, scope: Scope) {
    if (!scope.prefixes.some((p) => placeCode.startsWith(p))) return { gaps: [], overlaps: [] };
    const inForce = await repo.plansInForce(asOf, placeCode);
    const found = await Promise.all(inForce.map((p) => plans.validatePlan(p.id, { scopeId: placeCode.startsWith(p.code) ? placeId : p.jurisdictionId })));
    const pick = (kind: string) => found.flatMap((v) => v.problems.filter((x) => x.kind === kind))
      .map(({ id, gridCodes, communityId, areaM2, bbox, point, geom }) => ({ id, gridCodes, communityId: communityId ?? null, areaM2: areaM2 ?? null, bbox, point, geom: geom ?? null }));
    return { gaps: pick('gap'), overlaps: pick('overlap') };
  }

  return {
    policy,
    ensureDay,

    /** GET /api/coverage: a day's figures per visible grid of the place. */
    async day(caller: Caller, code: string, day: string, now: Date) {
      const { place, visible } = await placeFor(repo, scopeFor(caller.grants, 'patrols.view'), code);
      await ensureDay(day, now);
      const rows = await repo.day(day, visible);
      const computed = rows.map((r) => r.computedAt).filter((t): t is Date => t !== null);
      return {
        date: day,
        jurisdiction: { code: place.code, name: place.name },
        computedAt: computed.length ? new Date(Math.min(...computed.map((t) => t.getTime()))).toISOString() : null,
        grids: rows.map(({ computedAt: _, ...r }) => ({
          ...r, minutesInside: Math.round(r.minutesInside * 10) / 10, distanceM: Math.round(r.distanceM),
          streetWalkedM: Math.round(r.streetWalkedM), streetTotalM: Math.round(r.streetTotalM),
          buildingShare: share(r.buildingsPassed, r.buildingsTotal), streetShare: share(r.streetWalkedM, r.streetTotalM),
        })),
      };
    },

    /** GET /api/coverage/gaps: what nobody visited lately in the visible grids of the place, as of today. */
    async gaps(caller: Caller, code: string, days: number, now: Date) {
      const scope = scopeFor(caller.grants, 'patrols.view');
      const { place, visible } = await placeFor(repo, scope, code);
      const asOf = dayOf(now);
      await ensureDay(addDays(asOf, -1), now);
      await ensureDay(asOf, now);
      const since = dayBounds(addDays(asOf, 1 - days)).from;
      const norms = Object.keys(policy.norms);
      const [grids, buildings, streets, workers, plan] = await Promise.all([
        repo.gapGrids(asOf, visible), repo.unpassedBuildings(asOf, since, visible), repo.unwalkedStreets(asOf, since, visible),
        repo.workers(asOf, visible, norms), planProblems(place.id, code, asOf, scope),
      ]);
      return {
        asOf, days,
        grids: grids.map((g) => ({ ...g, daysSince: daysSince(g.lastPatrolledAt, asOf), staffing: staffingOf(g.leaders.length, g.assistants.length) }))
          .sort((a, b) => (b.daysSince ?? Infinity) - (a.daysSince ?? Infinity) || a.gridCode.localeCompare(b.gridCode)),
        buildings, streets,
        workers: workers.map(({ roles, ...w }) => {
          const norm = normOf(roles, policy.norms) ?? 'weekly';
          const role = roles.find((r) => policy.norms[r] === norm) ?? roles[0]!;
          return { ...w, role, norm, compliant: compliant(norm, w.lastPatrolAt, asOf) };
        }),
        plan,
      };
    },
  };
}

export type CoverageService = ReturnType<typeof createCoverageService>;
