import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../../data/seed/random.ts';
import {
  gridInScope, legsPerStop, matrixOf, improveTour, pathCost, planTour, viaVertices, walkMinutes, workerInScope,
} from './patrol-route.domain.ts';

/** Distances between points on a line (the start first). */
const onLine = (xs: number[]) => xs.map((a) => xs.map((b) => Math.abs(a - b)));
const plane = (ps: [number, number][]) => ps.map((a) => ps.map((b) => Math.hypot(a[0] - b[0], a[1] - b[1])));

/** The shortest open path from point 0 through all others, by trying every order (small n only). */
function bruteForce(m: number[][]): number {
  const rest = m.map((_, i) => i).slice(1);
  let best = Infinity;
  const walk = (path: number[], left: number[]) => {
    if (!left.length) best = Math.min(best, pathCost(m, path));
    for (const p of left) walk([...path, p], left.filter((q) => q !== p));
  };
  walk([0], rest);
  return best;
}

describe('walking time', () => {
  it('counts 4.5 km/h in whole minutes, at least one for any walk', () => {
    expect(walkMinutes(4500)).toBe(60);
    expect(walkMinutes(750)).toBe(10);
    expect(walkMinutes(10)).toBe(1);
    expect(walkMinutes(0)).toBe(0);
  });
});

describe('the order of the visits', () => {
  it('goes right first when nearest-neighbour walks left twice: the 7 m tour, where greedy walks 8 m and 2-opt alone stays there', () => {
    // start at 0; targets at -1, 2 and -3 (metres along one street)
    const m = onLine([0, -1, 2, -3]);
    expect(pathCost(m, [0, 1, 3, 2])).toBe(8);
    // no reversal of a stretch shortens the greedy tour; moving the point at 2 to the front does
    for (const p of [[0, 3, 1, 2], [0, 2, 3, 1], [0, 1, 2, 3]]) expect(pathCost(m, p)).toBeGreaterThanOrEqual(8);
    const tour = planTour(m);
    expect(tour.order).toEqual([2, 1, 3]);
    expect(tour.lengthM).toBe(7);
    expect(tour.unreachable).toEqual([]);
  });

  it('undoes a crossing: the square is walked around, not across', () => {
    const m = plane([[0, 0], [10, 10], [10, 0], [0, 10]]);
    expect(improveTour(m, [0, 1, 2, 3])).toEqual([0, 2, 1, 3]);
    expect(pathCost(m, [0, 2, 1, 3])).toBe(30);
  });

  it('keeps the start first, visits each target once, and is the shortest walk or within 10 % of it', () => {
    const random = createRandom(12);
    let shortest = 0;
    for (let n = 0; n < 40; n++) {
      const m = plane(Array.from({ length: 7 }, () => [random.next() * 1000, random.next() * 1000] as [number, number]));
      const tour = planTour(m);
      const best = bruteForce(m);
      expect(tour.order.toSorted()).toEqual([1, 2, 3, 4, 5, 6]);
      expect(tour.lengthM).toBeCloseTo(pathCost(m, [0, ...tour.order]), 6);
      expect(tour.lengthM).toBeLessThanOrEqual(best * 1.1);
      if (tour.lengthM < best + 1e-6) shortest++;
    }
    // measured: 36 of these 40 seven-point walks are the shortest there is
    expect(shortest).toBeGreaterThanOrEqual(34);
  });

  it('sets aside the targets no path reaches', () => {
    const m = onLine([0, 5, 1, 9]);
    m[0]![3] = m[3]![0] = m[1]![3] = m[3]![1] = m[2]![3] = m[3]![2] = Infinity;
    expect(planTour(m)).toEqual({ order: [2, 1], unreachable: [3], lengthM: 5 });
  });

  it('has nothing to order without targets', () => {
    expect(planTour([[0]])).toEqual({ order: [], unreachable: [], lengthM: 0 });
  });
});

describe('snapped points', () => {
  it('reads walking metres between vertices either way, 0 at one vertex, Infinity off the network or without a path', () => {
    const metres = new Map([['10:20', 300], ['30:10', 120]]);
    expect(matrixOf([10, 20, 30, 10, undefined], metres)).toEqual([
      [0, 300, 120, 0, Infinity],
      [300, 0, Infinity, 300, Infinity],
      [120, Infinity, 0, 120, Infinity],
      [0, 300, 120, 0, Infinity],
      [Infinity, Infinity, Infinity, Infinity, Infinity],
    ]);
  });

  it('walks through a corner once when two targets stand at it, and that second target costs nothing', () => {
    const stops = [1, 5, 5, 7, 1];
    expect(viaVertices(stops)).toEqual([1, 5, 7, 1]);
    expect(legsPerStop(stops, [100, 40, 70])).toEqual([100, 0, 40, 70]);
    expect(legsPerStop([1], [])).toEqual([]);
  });
});

describe('scope', () => {
  const scope = { prefixes: ['110108010'], gridCodes: ['310101001001002'] };
  it('takes grids under a granted place or granted themselves', () => {
    expect(gridInScope('110108010031002', scope)).toBe(true);
    expect(gridInScope('310101001001002', scope)).toBe(true);
    expect(gridInScope('110108011001001', scope)).toBe(false);
  });
  it('takes workers by their grids or by the places of their other roles', () => {
    expect(workerInScope({ gridCodes: ['110108010031002'], jurisdictionCodes: [] }, scope)).toBe(true);
    expect(workerInScope({ gridCodes: [], jurisdictionCodes: ['110108010031'] }, scope)).toBe(true);
    expect(workerInScope({ gridCodes: ['110108011001001'], jurisdictionCodes: ['110108011'] }, scope)).toBe(false);
  });
});
