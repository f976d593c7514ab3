/**
 * Minimal-disruption re-planning (pure): the fewest unit moves between neighbouring grids that
 * bring every grid back into the household band, then the fewest households moved. Only border
 * units move, each move keeps both grids contiguous, locked and oversize grids stay as they are.
 * Breadth-first over move sequences with a beam: exact while the beam holds every state (small
 * cases), best effort beyond; grids that stay out of band are reported.
 */
import { other, type Graph } from './graph.domain.ts';
import type { Band, PartitionResult } from './partition.domain.ts';

/** One unit moved from one part to another (part indices). */
export interface Move {
  unit: number;
  from: number;
  to: number;
}

export interface ReplanOptions {
  /** Parts that must not change (locked grids). */
  locked?: ReadonlySet<number>;
  /** Parts exempt from the band (a single oversize building). */
  exempt?: ReadonlySet<number>;
  /** States kept per depth; larger is slower and closer to optimal. */
  beam?: number;
  maxDepth?: number;
  /** Candidate moves looked at in all, so a hopeless plan returns its best state quickly. */
  maxEvaluations?: number;
}

export interface ReplanResult {
  partOf: number[];
  moves: Move[];
  householdsMoved: number;
  /** Parts still outside the band (not exempt) after the best sequence found. */
  infeasible: number[];
}

interface State {
  partOf: Int32Array;
  hh: Float64Array;
  moves: Move[];
  moved: number;
  violation: number;
}

const gapOf = (h: number, band: Band) => Math.max(0, band.min - h, h - band.max);

function violation(hh: Float64Array, band: Band, exempt: ReadonlySet<number>): number {
  let v = 0;
  hh.forEach((h, p) => (v += exempt.has(p) ? 0 : gapOf(h, band)));
  return v;
}

/** Parts out of band and their neighbours: the only places where a useful move can start or end. */
function activeParts(g: Graph, s: State, band: Band, exempt: ReadonlySet<number>): Set<number> {
  const bad = new Set<number>();
  s.hh.forEach((h, p) => !exempt.has(p) && gapOf(h, band) > 0 && bad.add(p));
  const active = new Set(bad);
  g.edges.forEach((e) => {
    const [pa, pb] = [s.partOf[e.a]!, s.partOf[e.b]!];
    if (pa !== pb && (bad.has(pa) || bad.has(pb))) active.add(pa).add(pb);
  });
  return active;
}

/** Units whose removal would cut their part in two (iterative Tarjan over the part's sub-graph). */
function articulations(g: Graph, partOf: Int32Array, members: readonly number[]): Set<number> {
  const p = partOf[members[0]!]!;
  const disc = new Map<number, number>();
  const low = new Map<number, number>();
  const cut = new Set<number>();
  let time = 0;
  const root = members[0]!;
  const stack: { u: number; parent: number; i: number; children: number }[] = [{ u: root, parent: -1, i: 0, children: 0 }];
  disc.set(root, time).set(root, time);
  low.set(root, time++);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const adj = g.adj[top.u]!;
    if (top.i < adj.length) {
      const v = other(g, adj[top.i++]!, top.u);
      if (partOf[v] !== p || v === top.parent) continue;
      if (disc.has(v)) low.set(top.u, Math.min(low.get(top.u)!, disc.get(v)!));
      else {
        disc.set(v, time);
        low.set(v, time++);
        top.children++;
        stack.push({ u: v, parent: top.u, i: 0, children: 0 });
      }
      continue;
    }
    stack.pop();
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (top.children > 1) cut.add(top.u);
      continue;
    }
    low.set(parent.u, Math.min(low.get(parent.u)!, low.get(top.u)!));
    if (parent.parent !== -1 && low.get(top.u)! >= disc.get(parent.u)!) cut.add(parent.u);
  }
  return cut;
}

function candidates(g: Graph, s: State, band: Band, o: Required<ReplanOptions>): Move[] {
  const active = activeParts(g, s, band, o.exempt);
  const members = new Map<number, number[]>();
  s.partOf.forEach((p, u) => active.has(p) && (members.get(p) ?? members.set(p, []).get(p)!).push(u));
  const cuts = new Map<number, Set<number>>();
  const out: Move[] = [];
  for (const [from, m] of members) {
    if (o.locked.has(from) || o.exempt.has(from) || m.length <= 1) continue;
    for (const u of m) {
      const targets = new Set<number>();
      for (const e of g.adj[u]!) {
        const to = s.partOf[other(g, e, u)]!;
        if (to !== from && active.has(to) && !o.locked.has(to) && !o.exempt.has(to)) targets.add(to);
      }
      if (targets.size === 0) continue;
      if (!cuts.has(from)) cuts.set(from, articulations(g, s.partOf, m));
      if (cuts.get(from)!.has(u)) continue;
      for (const to of targets) out.push({ unit: u, from, to });
    }
  }
  return out;
}

interface Child {
  parent: State;
  move: Move;
  violation: number;
  moved: number;
  depth: number;
}

/** A child's violation from its parent's: only the two parts it touches change. */
function child(g: Graph, s: State, m: Move, band: Band, exempt: ReadonlySet<number>): Child {
  const h = g.units[m.unit]!.households;
  const gap = (p: number, v: number) => (exempt.has(p) ? 0 : gapOf(v, band));
  const violation = s.violation - gap(m.from, s.hh[m.from]!) - gap(m.to, s.hh[m.to]!) + gap(m.from, s.hh[m.from]! - h) + gap(m.to, s.hh[m.to]! + h);
  return { parent: s, move: m, violation, moved: s.moved + h, depth: s.moves.length + 1 };
}

function materialize(g: Graph, c: Child): State {
  const partOf = c.parent.partOf.slice();
  const hh = c.parent.hh.slice();
  const h = g.units[c.move.unit]!.households;
  partOf[c.move.unit] = c.move.to;
  hh[c.move.from]! -= h;
  hh[c.move.to]! += h;
  return { partOf, hh, moves: [...c.parent.moves, c.move], moved: c.moved, violation: c.violation };
}

type Ranked = { violation: number; moved: number; depth: number };
const better = (a: Ranked, b: Ranked) =>
  a.violation !== b.violation ? a.violation < b.violation : a.depth !== b.depth ? a.depth < b.depth : a.moved < b.moved;
const rank = (s: State): Ranked => ({ violation: s.violation, moved: s.moved, depth: s.moves.length });

/** The fewest moves (then households) that bring every non-exempt part into the band. */
export function replan(g: Graph, partOf: readonly number[], parts: number, band: Band, opts: ReplanOptions = {}): ReplanResult {
  const o: Required<ReplanOptions> = {
    locked: opts.locked ?? new Set(), exempt: opts.exempt ?? new Set(), beam: opts.beam ?? 64, maxDepth: opts.maxDepth ?? 12,
    maxEvaluations: opts.maxEvaluations ?? 200_000,
  };
  const hh = new Float64Array(parts);
  partOf.forEach((p, u) => (hh[p]! += g.units[u]!.households));
  const start: State = { partOf: Int32Array.from(partOf), hh, moves: [], moved: 0, violation: violation(hh, band, o.exempt) };
  let best = start;
  let layer = [start];
  const seen = new Set<string>([key(start)]);
  let evaluations = 0;
  for (let depth = 0; depth < o.maxDepth && best.violation > 0 && layer.length > 0 && evaluations < o.maxEvaluations; depth++) {
    const next: Child[] = [];
    for (const s of layer) {
      for (const m of candidates(g, s, band, o)) {
        evaluations++;
        const c = child(g, s, m, band, o.exempt);
        const k = key(s, m);
        if (seen.has(k)) continue;
        seen.add(k);
        next.push(c);
      }
    }
    next.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
    layer = next.slice(0, o.beam).map((c) => materialize(g, c));
    if (layer[0] && better(rank(layer[0]), rank(best))) best = layer[0];
  }
  const infeasible: number[] = [];
  best.hh.forEach((h, p) => !o.exempt.has(p) && gapOf(h, band) > 0 && infeasible.push(p));
  return { partOf: Array.from(best.partOf), moves: best.moves, householdsMoved: best.moved, infeasible };
}

/** Identity of a state (optionally after one more move): where each moved unit ended up. */
function key(s: State, m?: Move): string {
  const end = new Map(s.moves.map((x) => [x.unit, s.partOf[x.unit]!]));
  if (m) end.set(m.unit, m.to);
  return [...end].sort((a, b) => a[0] - b[0]).map(([u, p]) => `${u}>${p}`).join(',');
}

/** Moves border units of a fresh partition until its parts fit the band (oversize parts exempt). */
export function repairBand(g: Graph, r: PartitionResult, band: Band): PartitionResult {
  const partOf = new Array<number>(g.units.length).fill(-1);
  r.parts.forEach((p, i) => p.forEach((u) => (partOf[u] = i)));
  const members = partOf.map((p, u) => (p >= 0 ? u : -1)).filter((u) => u >= 0);
  if (members.length !== g.units.length) return r; // a sub-graph (rebalance) repairs through its own graph
  const exempt = new Set(r.oversize.flatMap((o, i) => (o ? [i] : [])));
  const fixed = replan(g, partOf, r.parts.length, band, { exempt, beam: 8, maxDepth: 24 });
  const parts: number[][] = r.parts.map(() => []);
  fixed.partOf.forEach((p, u) => parts[p]!.push(u));
  return { parts, oversize: r.oversize };
}
