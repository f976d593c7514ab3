/**
 * Local balancing of a partition (pure): border units move to a neighbouring part when that brings
 * both parts' workloads closer to the mean by more than the extra boundary it costs. Moves keep
 * every part contiguous and inside the household band; oversize parts never change.
 */
import { isConnected, other, type Graph } from './graph.domain.ts';
import type { Band, PartitionResult } from './partition.domain.ts';

interface Move {
  unit: number;
  from: number;
  to: number;
  gain: number;
}

/** Change of the boundary cost when `u` moves from its part to `to`. */
function cutDelta(g: Graph, partOf: Int32Array, u: number, to: number): number {
  let d = 0;
  for (const e of g.adj[u]!) {
    const p = partOf[other(g, e, u)]!;
    if (p === partOf[u]) d += g.edges[e]!.cost;
    else if (p === to) d -= g.edges[e]!.cost;
  }
  return d;
}

/** The improving moves of unit `u` to a neighbouring part, in the order of its edges. */
function movesOf(g: Graph, u: number, partOf: Int32Array, wl: Float64Array, hh: Float64Array, band: Band, fixed: boolean[], mean: number, costWeight: number, meanCost: number): Move[] {
  const from = partOf[u]!;
  if (fixed[from]) return [];
  const unit = g.units[u]!;
  if (hh[from]! - unit.households < band.min) return [];
  const out: Move[] = [];
  const seen = new Set<number>();
  for (const e of g.adj[u]!) {
    const to = partOf[other(g, e, u)]!;
    if (to === from || fixed[to] || seen.has(to)) continue;
    seen.add(to);
    if (hh[to]! + unit.households > band.max) continue;
    const before = (wl[from]! - mean) ** 2 + (wl[to]! - mean) ** 2;
    const after = (wl[from]! - unit.workload - mean) ** 2 + (wl[to]! + unit.workload - mean) ** 2;
    const gain = (before - after) / (mean * mean) - costWeight * cutDelta(g, partOf, u, to) / meanCost;
    if (gain > 1e-9) out.push({ unit: u, from, to, gain });
  }
  return out;
}

/**
 * Improves the balance of `r` by at most `maxMoves` border moves; `costWeight` prices the extra
 * boundary (in mean edge costs) against the squared relative deviation (0 = balance only).
 */
export function balance(g: Graph, r: PartitionResult, band: Band, opts: { maxMoves?: number; costWeight?: number } = {}): PartitionResult {
  const partOf = new Int32Array(g.units.length);
  r.parts.forEach((p, i) => p.forEach((u) => (partOf[u] = i)));
  const wl = new Float64Array(r.parts.length);
  const hh = new Float64Array(r.parts.length);
  g.units.forEach((u, i) => {
    wl[partOf[i]!]! += u.workload;
    hh[partOf[i]!]! += u.households;
  });
  const free = r.parts.map((_, i) => !r.oversize[i]);
  const mean = wl.reduce((s, w, i) => s + (free[i] ? w : 0), 0) / Math.max(1, free.filter(Boolean).length);
  if (mean <= 0) return r;
  const fixed = r.oversize.map(Boolean);
  const meanCost = g.edges.reduce((s, e) => s + e.cost, 0) / Math.max(1, g.edges.length);
  const members = r.parts.map((p) => [...p]);
  const movesOfUnit = (u: number) => movesOf(g, u, partOf, wl, hh, band, fixed, mean, opts.costWeight ?? 0, meanCost);
  // each unit's moves, kept between moves: a move from A to B changes only the moves of units in A or
  // B and of their neighbours (the parts' totals and the moved unit's edges), so only those are redone
  const moves = g.units.map((_, u) => movesOfUnit(u));
  for (let n = 0; n < (opts.maxMoves ?? 400); n++) {
    // best gain first; equal gains in unit and edge order (a stable sort of the units' lists in order)
    const m = moves.flat().sort((a, b) => b.gain - a.gain)
      .find((c) => members[c.from]!.length > 1 && isConnected(g, members[c.from]!, c.unit));
    if (!m) break;
    const unit = g.units[m.unit]!;
    partOf[m.unit] = m.to;
    wl[m.from]! -= unit.workload;
    wl[m.to]! += unit.workload;
    hh[m.from]! -= unit.households;
    hh[m.to]! += unit.households;
    members[m.from] = members[m.from]!.filter((u) => u !== m.unit);
    members[m.to]!.push(m.unit);
    const redo = new Set<number>();
    for (const u of [...members[m.from]!, ...members[m.to]!, m.unit]) {
      redo.add(u);
      for (const e of g.adj[u]!) redo.add(other(g, e, u));
    }
    for (const u of redo) moves[u] = movesOfUnit(u);
  }
  return { parts: members, oversize: r.oversize };
}
