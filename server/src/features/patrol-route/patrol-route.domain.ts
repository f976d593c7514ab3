/**
 * The suggested patrol route's rules (issue 12): how many targets, how fast people walk, and the order
 * of the visits — a nearest-neighbour tour from the start improved by 2-opt and or-opt, open-ended (the
 * worker need not come back). Pure: the walking distances come in as a matrix.
 */

/** At most this many buildings and streets in one day's suggestion. */
export const MAX_TARGETS = 12;
/** Walking speed of a patrol, 4.5 km/h, in metres per minute. */
export const WALK_M_PER_MIN = 4500 / 60;
/** A worker's last position counts as where they are for this long; older, the route starts in the grid. */
export const POSITION_FRESH_MS = 2 * 3600_000;

/** Minutes to walk `metres` at patrol pace, whole minutes (at least 1 for any distance). */
export function walkMinutes(metres: number): number {
  return metres > 0 ? Math.max(1, Math.round(metres / WALK_M_PER_MIN)) : 0;
}

/** Walking cost from point i to point j (metres); Infinity where no path joins them. */
export type CostMatrix = readonly (readonly number[])[];

const cost = (m: CostMatrix, i: number, j: number) => m[i]?.[j] ?? Infinity;

/** Length of an open path through the matrix's points in the given order. */
export function pathCost(m: CostMatrix, path: readonly number[]): number {
  let total = 0;
  for (let k = 1; k < path.length; k++) total += cost(m, path[k - 1]!, path[k]!);
  return total;
}

/** Nearest neighbour from `start` over the points reachable from it (ties: the lower index). */
function nearestNeighbour(m: CostMatrix, start: number, points: readonly number[]): number[] {
  const path = [start];
  const left = new Set(points);
  while (left.size) {
    const from = path[path.length - 1]!;
    let best = -1;
    for (const p of left) if (best < 0 || cost(m, from, p) < cost(m, from, best)) best = p;
    path.push(best);
    left.delete(best);
  }
  return path;
}

/** Every 2-opt variant of an open path whose first point stays first: one stretch reversed. */
function* twoOptMoves(path: readonly number[]): Generator<number[]> {
  for (let i = 1; i < path.length - 1; i++) {
    for (let j = i + 1; j < path.length; j++) yield [...path.slice(0, i), ...path.slice(i, j + 1).reverse(), ...path.slice(j + 1)];
  }
}

/** Every or-opt variant: a stretch of 1–3 points moved elsewhere, as it was or reversed (the first point stays). */
function* orOptMoves(path: readonly number[]): Generator<number[]> {
  for (let len = 1; len <= 3; len++) {
    for (let i = 1; i + len <= path.length; i++) {
      const piece = path.slice(i, i + len);
      const rest = [...path.slice(0, i), ...path.slice(i + len)];
      for (let k = 1; k <= rest.length; k++) {
        if (k === i) continue;
        for (const p of [piece, [...piece].reverse()]) yield [...rest.slice(0, k), ...p, ...rest.slice(k)];
      }
    }
  }
}

/**
 * Local search on an open path whose first point stays first: 2-opt (reverse a stretch), then or-opt
 * (move a stretch of up to three points) where 2-opt alone is stuck, until neither shortens it.
 */
export function improveTour(m: CostMatrix, path: readonly number[]): number[] {
  let best = [...path];
  let bestCost = pathCost(m, best);
  const better = (moves: Iterable<number[]>) => {
    for (const next of moves) {
      const c = pathCost(m, next);
      // a strict gain (beyond rounding) so equal tours cannot swap forever
      if (c < bestCost - 1e-9) {
        [best, bestCost] = [next, c];
        return true;
      }
    }
    return false;
  };
  let improved = true;
  while (improved) improved = better(twoOptMoves(best)) || better(orOptMoves(best));
  return best;
}

/** A visiting order of the targets and the ones no path reaches. */
export interface Tour {
  /** Indexes into the matrix (not the start), in visiting order. */
  order: number[];
  unreachable: number[];
  /** Walking metres from the start through `order`. */
  lengthM: number;
}

/** The tour from point `start` through every other point of the matrix it can reach. */
export function planTour(m: CostMatrix, start = 0): Tour {
  const others = m.map((_, i) => i).filter((i) => i !== start);
  const reachable = others.filter((i) => Number.isFinite(cost(m, start, i)));
  const path = improveTour(m, nearestNeighbour(m, start, reachable));
  return { order: path.slice(1), unreachable: others.filter((i) => !reachable.includes(i)), lengthM: pathCost(m, path) };
}

/** Whether a grid code lies in a scope: granted itself, or under a granted jurisdiction code (grid codes begin with their community's). */
export function gridInScope(code: string, scope: { prefixes: readonly string[]; gridCodes: readonly string[] }): boolean {
  return scope.gridCodes.includes(code) || scope.prefixes.some((p) => code.startsWith(p));
}

/** Whether a worker holds a role inside a scope: one of their grids, or a jurisdiction at or below a granted one. */
export function workerInScope(worker: { gridCodes: readonly string[]; jurisdictionCodes: readonly string[] },
  scope: { prefixes: readonly string[]; gridCodes: readonly string[] }): boolean {
  return worker.gridCodes.some((c) => gridInScope(c, scope)) || worker.jurisdictionCodes.some((c) => scope.prefixes.some((p) => c.startsWith(p)));
}

/**
 * The cost matrix of points snapped to network vertices (undefined: not on the network), from the
 * walking metres between vertices keyed "from:to" (either direction will do: people walk both ways).
 */
export function matrixOf(vertices: readonly (number | undefined)[], metres: ReadonlyMap<string, number>): number[][] {
  const between = (a: number | undefined, b: number | undefined) => {
    if (a === undefined || b === undefined) return Infinity;
    if (a === b) return 0;
    return metres.get(`${a}:${b}`) ?? metres.get(`${b}:${a}`) ?? Infinity;
  };
  return vertices.map((a) => vertices.map((b) => between(a, b)));
}

/** The vertices to walk through, in order, without a vertex repeated right after itself (two targets at one corner). */
export function viaVertices(vertices: readonly number[]): number[] {
  return vertices.filter((v, i) => i === 0 || v !== vertices[i - 1]);
}

/**
 * Metres walked to reach each stop of `vertices` (after the first) from the one before, given the legs
 * of their via list (viaVertices): a stop at the same vertex as the one before costs nothing.
 */
export function legsPerStop(vertices: readonly number[], viaLegsM: readonly number[]): number[] {
  let leg = 0;
  return vertices.slice(1).map((v, i) => (v === vertices[i] ? 0 : (viaLegsM[leg++] ?? NaN)));
}
