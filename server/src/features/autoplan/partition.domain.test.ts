import { describe, expect, it } from 'vitest';
import { proposeAlternatives, rebalance } from './alternatives.domain.ts';
import { buildGraph, components, type Adjacency, type Graph } from './graph.domain.ts';
import { allocateK, candidateKs, chooseK, partition, type Band } from './partition.domain.ts';
import { balance } from './balance.domain.ts';
import { replan } from './replan.domain.ts';

/** A w×h lattice of units (id = index); blocks of `block`×`block` cells are separated by roads. */
function lattice(w: number, h: number, hh: (x: number, y: number) => number, block = 0): Graph {
  const units = [];
  const adj: Adjacency[] = [];
  const blockOf = (x: number, y: number) => (block ? `${Math.floor(x / block)},${Math.floor(y / block)}` : '');
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const id = y * w + x;
      units.push({ id, households: hh(x, y), workload: hh(x, y), buildings: 1 });
      if (x + 1 < w) adj.push({ a: id, b: id + 1, length: 10, sameBlock: blockOf(x, y) === blockOf(x + 1, y), sameCompound: false });
      if (y + 1 < h) adj.push({ a: id, b: id + w, length: 10, sameBlock: blockOf(x, y) === blockOf(x, y + 1), sameCompound: false });
    }
  }
  return buildGraph(units, adj);
}

/** A path 0-1-…-n-1 with the given households. */
const path = (hh: number[]): Graph =>
  buildGraph(hh.map((h, id) => ({ id, households: h, workload: h, buildings: 1 })),
    hh.slice(1).map((_, i) => ({ a: i, b: i + 1, length: 10, sameBlock: true, sameCompound: false })));

const sum = (g: Graph, p: number[]) => p.reduce((s, u) => s + g.units[u]!.households, 0);

function expectValid(g: Graph, parts: number[][], band: Band, oversize: boolean[]) {
  const all = parts.flat().sort((a, b) => a - b);
  expect(all).toEqual(g.units.map((_, i) => i)); // every unit exactly once
  parts.forEach((p, i) => {
    expect(components(g, p)).toHaveLength(1); // contiguous
    if (!oversize[i]) {
      expect(sum(g, p)).toBeGreaterThanOrEqual(band.min);
      expect(sum(g, p)).toBeLessThanOrEqual(band.max);
    }
  });
}

describe('grid count', () => {
  it('aims at the middle of the band inside what the band allows', () => {
    expect(chooseK(1000, { min: 200, max: 500 })).toBe(3);
    expect(chooseK(1232, { min: 200, max: 500 })).toBe(4);
    expect(chooseK(450, { min: 200, max: 500 })).toBe(1);
    expect(chooseK(0, { min: 200, max: 500 })).toBe(1);
    // 520 fits no band count exactly: take the fewest grids that keep each under the max
    expect(chooseK(520, { min: 300, max: 500 })).toBe(2);
    expect(candidateKs(1000, { min: 200, max: 500 })).toEqual([3, 4, 2]);
  });
});

describe('partition', () => {
  const band = { min: 200, max: 500 };

  it('splits a lattice into contiguous parts inside the band', () => {
    const g = lattice(10, 10, (x, y) => 5 + ((x * 7 + y * 3) % 11));
    for (const seed of [1, 2, 3]) {
      const r = partition(g, { band, seed });
      expect(r.parts).toHaveLength(chooseK(sum(g, g.units.map((_, i) => i)), band));
      expectValid(g, r.parts, band, r.oversize);
    }
  });

  it('cuts along roads when the blocks already balance', () => {
    const g = lattice(10, 10, () => 10, 5); // four 5×5 blocks of 250 households
    const r = partition(g, { band: { min: 200, max: 300 }, k: 4, seed: 7, streetWeight: 2 });
    expect(r.parts).toHaveLength(4);
    const blocks = r.parts.map((p) => new Set(p.map((u) => `${Math.floor((u % 10) / 5)},${Math.floor(u / 50)}`)));
    expect(blocks.every((b) => b.size === 1)).toBe(true);
  });

  it('gives a building above the band max a part of its own, flagged', () => {
    const g = lattice(6, 5, (x, y) => (x === 2 && y === 2 ? 650 : 20));
    const r = partition(g, { band, seed: 1 });
    const big = r.parts.findIndex((p) => p.includes(2 * 6 + 2));
    expect(r.parts[big]).toEqual([14]);
    expect(r.oversize[big]).toBe(true);
    expectValid(g, r.parts, band, r.oversize);
  });

  it('offers distinct alternatives, each valid', () => {
    const g = lattice(12, 12, (x, y) => 4 + ((x * 5 + y * 11) % 13), 4);
    const alts = proposeAlternatives(g, band, 4, 3);
    expect(alts.length).toBeGreaterThanOrEqual(3);
    const sigs = new Set(alts.map((a) => JSON.stringify(a.parts.map((p) => [...p].sort((x, y) => x - y)).sort())));
    expect(sigs.size).toBe(alts.length);
    alts.forEach((a, i) => {
      expect(a.index).toBe(i);
      expectValid(g, a.parts, band, a.oversize);
    });
  });

  it('re-partitions neighbouring parts into the same count', () => {
    const g = lattice(8, 4, (x) => (x < 2 ? 60 : 10)); // left columns heavy
    const members = g.units.map((_, i) => i).filter((u) => u % 8 < 6);
    const r = rebalance(g, members, 2, { min: 250, max: 400 }, 1);
    expect(r.parts).toHaveLength(2);
    expect(r.parts.flat().sort((a, b) => a - b)).toEqual(members);
    r.parts.forEach((p) => {
      expect(components(g, p)).toHaveLength(1);
      expect(sum(g, p)).toBeGreaterThanOrEqual(250);
      expect(sum(g, p)).toBeLessThanOrEqual(400);
    });
  });
});

describe('minimal-disruption re-plan', () => {
  it('changes nothing when every part is in the band', () => {
    const r = replan(path([100, 150, 150, 50]), [0, 0, 1, 1], 2, { min: 200, max: 300 });
    expect(r).toEqual({ partOf: [0, 0, 1, 1], moves: [], householdsMoved: 0, infeasible: [] });
  });

  it('moves the one border building that fixes both parts', () => {
    const r = replan(path([200, 150, 100, 50]), [0, 0, 1, 1], 2, { min: 200, max: 300 });
    expect(r.moves).toEqual([{ unit: 1, from: 0, to: 1 }]);
    expect(r.householdsMoved).toBe(150);
    expect(r.infeasible).toEqual([]);
  });

  it('among one-move fixes, moves the fewest households', () => {
    // A = 0-1-2 (60+150+70 = 280 > 200); B = {3} next to 0, C = {4} next to 2
    const g = buildGraph([60, 150, 70, 100, 100].map((h, id) => ({ id, households: h, workload: h, buildings: 1 })), [
      { a: 0, b: 1, length: 1, sameBlock: true, sameCompound: false },
      { a: 1, b: 2, length: 1, sameBlock: true, sameCompound: false },
      { a: 0, b: 3, length: 1, sameBlock: false, sameCompound: false },
      { a: 2, b: 4, length: 1, sameBlock: false, sameCompound: false },
    ]);
    const r = replan(g, [0, 0, 0, 1, 2], 3, { min: 100, max: 220 });
    expect(r.moves).toEqual([{ unit: 0, from: 0, to: 1 }]);
    expect(r.householdsMoved).toBe(60);
  });

  it('chains two moves through a full neighbour when one move cannot do it', () => {
    const r = replan(path([100, 70, 60, 60, 40, 50]), [0, 0, 1, 1, 2, 2], 3, { min: 100, max: 150 });
    expect(r.moves).toHaveLength(2);
    expect(new Set(r.moves.map((m) => `${m.unit}:${m.from}>${m.to}`))).toEqual(new Set(['1:0>1', '3:1>2']));
    expect(r.householdsMoved).toBe(130);
    expect(r.partOf).toEqual([0, 1, 1, 2, 2, 2]);
    expect(r.infeasible).toEqual([]);
  });

  it('never breaks a part apart, and reports what it cannot fix', () => {
    // the only border unit of A is its middle: moving it would cut A in two
    const g = buildGraph([100, 10, 100, 60].map((h, id) => ({ id, households: h, workload: h, buildings: 1 })), [
      { a: 0, b: 1, length: 1, sameBlock: true, sameCompound: false },
      { a: 1, b: 2, length: 1, sameBlock: true, sameCompound: false },
      { a: 1, b: 3, length: 1, sameBlock: false, sameCompound: false },
    ]);
    const r = replan(g, [0, 0, 0, 1], 2, { min: 50, max: 200 });
    expect(r.moves).toEqual([]);
    expect(r.infeasible).toEqual([0]);
    expect(replan(path([50, 50]), [0, 1], 2, { min: 100, max: 200 }).infeasible).toEqual([0, 1]);
  });

  it('leaves locked parts alone', () => {
    const r = replan(path([200, 150, 100, 50]), [0, 0, 1, 1], 2, { min: 200, max: 300 }, { locked: new Set([1]) });
    expect(r.moves).toEqual([]);
    expect(r.infeasible).toEqual([0, 1]);
  });
});

describe('grid counts per connected piece', () => {
  it('meets a requested total inside the band first, then regardless of it', () => {
    expect(allocateK([1000], undefined, { min: 200, max: 500 })).toEqual([3]);
    expect(allocateK([1000, 300], 5, { min: 200, max: 500 })).toEqual([4, 1]);
    expect(allocateK([300], 2, { min: 200, max: 500 })).toEqual([1]); // not at the cost of the band…
    expect(allocateK([300], 2, { min: 200, max: 500 }, true)).toEqual([2]); // …unless the count must be kept
    expect(allocateK([300, 300], 1, { min: 200, max: 500 }, true)).toEqual([1, 1]); // a piece never gets 0 grids
  });
});

describe('balancing', () => {
  const g = lattice(6, 2, () => 10); // 12 units of 10 households
  const band = { min: 20, max: 100 };

  it('moves border units until the parts are even, keeping them contiguous', () => {
    // columns 0-4 against column 5: 100 vs 20 households
    const r = balance(g, { parts: [[0, 1, 2, 3, 4, 6, 7, 8, 9, 10], [5, 11]], oversize: [false, false] }, band);
    expect(r.parts.map((p) => sum(g, p))).toEqual([60, 60]);
    r.parts.forEach((p) => expect(components(g, p)).toHaveLength(1));
    expect(r.parts.flat().sort((a, b) => a - b)).toEqual(g.units.map((_, i) => i));
  });

  it('keeps a cheap boundary when extra boundary is priced high, and never touches oversize parts', () => {
    const start = { parts: [[0, 1, 2, 3, 6, 7, 8, 9], [4, 5, 10, 11]], oversize: [false, false] };
    expect(balance(g, start, band, { costWeight: 100 }).parts.map((p) => sum(g, p))).toEqual([80, 40]);
    expect(balance(g, { ...start, oversize: [false, true] }, band).parts).toEqual(start.parts);
  });
});
