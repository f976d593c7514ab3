/**
 * Minimal-disruption re-planning (pure): the fewest unit moves between neighbouring grids that
 * bring every grid back into the household band, then the fewest households moved. Only border
 * units move, each move keeps both grids contiguous, locked and oversize grids stay as they are.
 * Breadth-first over move sequences with a beam: exact while the beam holds every state (small
 * cases), best effort beyond; grids that stay out of band are reported.
 */
import { isConnected, other, type Graph } from './graph.domain.ts';
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

function membersOf(partOf: Int32Array, p: number): number[] {
  const out: number[] = [];
  partOf.forEach((q, u) => q === p && out.push(u));
  return out;
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

function* candidates(g: Graph, s: State, band: Band, o: Required<ReplanOptions>): Generator<Move> {
  const active = activeParts(g, s, band, o.exempt);
  const members = new Map<number, number[]>();
  for (let u = 0; u < g.units.length; u++) {
    const from = s.partOf[u]!;
    if (!active.has(from) || o.locked.has(from) || o.exempt.has(from)) continue;
    const targets = new Set<number>();
    for (const e of g.adj[u]!) {
      const to = s.partOf[other(g, e, u)]!;
      if (to !== from && active.has(to) && !o.locked.has(to) && !o.exempt.has(to)) targets.add(to);
    }
    if (targets.size === 0) continue;
    if (!members.has(from)) members.set(from, membersOf(s.partOf, from));
    const m = members.get(from)!;
    if (m.length <= 1 || !isConnected(g, m, u)) continue;
    for (const to of targets) yield { unit: u, from, to };
  }
}

function apply(g: Graph, s: State, m: Move, band: Band, exempt: ReadonlySet<number>): State {
  const partOf = s.partOf.slice();
  const hh = s.hh.slice();
  const h = g.units[m.unit]!.households;
  partOf[m.unit] = m.to;
  hh[m.from]! -= h;
  hh[m.to]! += h;
  return { partOf, hh, moves: [...s.moves, m], moved: s.moved + h, violation: violation(hh, band, exempt) };
}

const better = (a: State, b: State) =>
  a.violation !== b.violation ? a.violation < b.violation : a.moves.length !== b.moves.length ? a.moves.length < b.moves.length : a.moved < b.moved;

/** The fewest moves (then households) that bring every non-exempt part into the band. */
export function replan(g: Graph, partOf: readonly number[], parts: number, band: Band, opts: ReplanOptions = {}): ReplanResult {
  const o: Required<ReplanOptions> = { locked: opts.locked ?? new Set(), exempt: opts.exempt ?? new Set(), beam: opts.beam ?? 64, maxDepth: opts.maxDepth ?? 12 };
  const hh = new Float64Array(parts);
  partOf.forEach((p, u) => (hh[p]! += g.units[u]!.households));
  const start: State = { partOf: Int32Array.from(partOf), hh, moves: [], moved: 0, violation: violation(hh, band, o.exempt) };
  let best = start;
  let layer = [start];
  const seen = new Set<string>([key(start)]);
  for (let depth = 0; depth < o.maxDepth && best.violation > 0 && layer.length > 0; depth++) {
    const next: State[] = [];
    for (const s of layer) {
      for (const m of candidates(g, s, band, o)) {
        const t = apply(g, s, m, band, o.exempt);
        const k = key(t);
        if (seen.has(k)) continue;
        seen.add(k);
        next.push(t);
        if (better(t, best)) best = t;
      }
    }
    next.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
    layer = next.slice(0, o.beam);
  }
  const infeasible: number[] = [];
  best.hh.forEach((h, p) => !o.exempt.has(p) && gapOf(h, band) > 0 && infeasible.push(p));
  return { partOf: Array.from(best.partOf), moves: best.moves, householdsMoved: best.moved, infeasible };
}

/** Identity of a state: where each moved unit ended up (the start is shared by all states). */
function key(s: State): string {
  const units = [...new Set(s.moves.map((m) => m.unit))].sort((a, b) => a - b);
  return units.map((u) => `${u}>${s.partOf[u]}`).join(',');
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
