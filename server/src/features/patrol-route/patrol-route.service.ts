import type { Sql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import { grantsFor } from '../auth/permissions.domain.ts';
import { scopeFor, type Scope } from '../auth/scope.repo.ts';
import { planDate } from '../grids/grids.domain.ts';
import { haversineM } from '../patrols/track-hygiene.domain.ts';
import {
  gridInScope, legsPerStop, workerInScope, matrixOf, MAX_TARGETS, planTour, POSITION_FRESH_MS, viaVertices, walkMinutes, type CostMatrix,
} from './patrol-route.domain.ts';
import { createPatrolRouteRepo, type RouteGrid, type RouteTarget } from './patrol-route.repo.ts';
import { createRouteNetworkRepo, type WalkedPath } from './route-network.repo.ts';

type Point = readonly [number, number];

/** How the targets are strung together: on the streets, or (no streets near) only in a straight-line order. */
export interface RoutePlan {
  route: WalkedPath['line'];
  /** Metres walked on the streets from the start through every reachable target; null without streets. */
  lengthM: number | null;
  minutes: number | null;
  /** Target indexes in visiting order. */
  order: number[];
  /** Metres on the streets to each target of `order` from the stop before (null without streets). */
  legs: { target: number; lengthM: number | null }[];
  /** Targets no street path reaches (too far from the network, or on a part of it cut off from the rest). */
  unreachable: number[];
  /** no_streets: the grids have no walkable network near them, so the order is by straight lines and there is no route. */
  notice: 'no_streets' | null;
}

/** The answer of GET /api/patrols/route. */
export interface RouteAnswer extends RoutePlan {
  date: string;
  worker: { id: number; name: string };
  grids: { code: string; name: string }[];
  start: { lon: number; lat: number; from: 'position' | 'grid' };
  targets: (Omit<RouteTarget, 'lastVisitedAt'> & { lastVisitedAt: string | null })[];
}

const round = (m: number) => Math.round(m);

/** Orders the targets by straight lines from the start (grids without streets). */
function straightPlan(start: Point, points: readonly Point[]): RoutePlan {
  const all = [start, ...points];
  const m: CostMatrix = all.map((a) => all.map((b) => haversineM({ lon: a[0], lat: a[1] }, { lon: b[0], lat: b[1] })));
  const order = planTour(m).order.map((i) => i - 1);
  return { route: null, lengthM: null, minutes: null, order, legs: order.map((target) => ({ target, lengthM: null })), unreachable: [], notice: 'no_streets' };
}

/** The suggested patrol route: whose, which grids and targets, where from, and the walk through them. */
export function createPatrolRouteService(sql: Sql) {
  const repo = createPatrolRouteRepo(sql);
  const network = createRouteNetworkRepo(sql);

  /** Where the caller (who patrols: the route's permission) may ask: their own route (null: no scope) or a worker within their patrols.view scope. */
  function scopeOfAsking(caller: Caller, userId: number): Scope | null {
    if (userId === caller.userId) return null;
    if (grantsFor(caller.grants, 'patrols.view').length === 0) throw new AppError(403, 'forbidden', "Seeing another worker's route needs patrols.view");
    return scopeFor(caller.grants, 'patrols.view');
  }

  /** The worker's grids in force on the date (in the caller's scope when asking for another). */
  async function gridsOf(userId: number, date: string, scope: Scope | null) {
    const worker = await repo.worker(userId);
    // a worker of someone else's place is not told apart from one who does not exist
    const missing = () => notFound('worker_not_found', `No worker ${userId} in your scope`);
    if (!worker || (scope && !workerInScope(worker, scope))) throw missing();
    const grids = worker.gridCodes.length ? await repo.grids(worker.gridCodes, date) : [];
    if (grids.length === 0) {
      throw badRequest('worker_without_grids', `${worker.name} has no grids in the plan in force on ${date}: a route runs through one's own grids`, { date });
    }
    const seen = scope ? grids.filter((g) => gridInScope(g.code, scope)) : grids;
    if (seen.length === 0) throw missing();
    return { worker, grids: seen };
  }

  /** The walk on the streets from the start through the targets (or a straight-line order without streets). */
  async function plan(grids: readonly RouteGrid[], start: Point, targets: readonly RouteTarget[]): Promise<RoutePlan> {
    const points = targets.map((t): Point => [t.lon, t.lat]);
    if (targets.length === 0) return { route: null, lengthM: 0, minutes: 0, order: [], legs: [], unreachable: [], notice: null };
    const regions = [...new Set(grids.map((g) => g.regionCode))];
    await network.ensure(regions);
    const snapped = (await network.snap(regions, [start, ...points])).map((s) => s?.vertex);
    const onNetwork = snapped.slice(1).flatMap((v, i) => (v === undefined ? [] : [i]));
    if (onNetwork.length === 0) return straightPlan(start, points);
    // a start off the network (a grid's middle in a park) begins at the target nearest to it
    const nearest = onNetwork.reduce((a, b) => (haversineM(toLonLat(start), toLonLat(points[b]!)) < haversineM(toLonLat(start), toLonLat(points[a]!)) ? b : a));
    const vertices = [snapped[0] ?? snapped[nearest + 1], ...snapped.slice(1)];
    const tour = planTour(matrixOf(vertices, await network.costs(regions, vertices.filter((v) => v !== undefined))));
    const stops = [vertices[0]!, ...tour.order.map((i) => vertices[i]!)];
    const walked = await network.path(regions, viaVertices(stops));
    const legsM = legsPerStop(stops, walked.legsM);
    const lengthM = round(legsM.reduce((a, b) => a + b, 0));
    return {
      route: walked.line, lengthM, minutes: walkMinutes(lengthM), order: tour.order.map((i) => i - 1),
      legs: tour.order.map((i, k) => ({ target: i - 1, lengthM: round(legsM[k]!) })), unreachable: tour.unreachable.map((i) => i - 1), notice: null,
    };
  }

  return {
    /** Today's (or `date`'s) suggested route of the caller or of `user`. */
    async suggest(caller: Caller, q: { date?: string; user?: number }, now: Date): Promise<RouteAnswer> {
      const today = planDate(now);
      const date = q.date ?? today;
      const userId = q.user ?? caller.userId;
      const { worker, grids } = await gridsOf(userId, date, scopeOfAsking(caller, userId));
      const targets = await repo.targets(grids, date, worker.id, MAX_TARGETS);
      const position = date === today ? await repo.position(worker.id, grids, new Date(now.getTime() - POSITION_FRESH_MS)) : undefined;
      const start = position ? { lon: position.lon, lat: position.lat, from: 'position' as const } : { lon: grids[0]!.lon, lat: grids[0]!.lat, from: 'grid' as const };
      const walk = await plan(grids, [start.lon, start.lat], targets);
      return {
        date, worker: { id: worker.id, name: worker.name }, grids: grids.map((g) => ({ code: g.code, name: g.name })), start,
        targets: targets.map((t) => ({ ...t, lastVisitedAt: t.lastVisitedAt?.toISOString() ?? null })), ...walk,
      };
    },
  };
}

const toLonLat = (p: Point) => ({ lon: p[0], lat: p[1] });
