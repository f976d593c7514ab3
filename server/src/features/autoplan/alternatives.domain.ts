/** Several automatic partitions from different seeds, grid counts and objectives (pure). */
import { cutCost, subgraph, type Graph } from './graph.domain.ts';
import { candidateKs, partition, partTotals, type Band, type PartitionResult } from './partition.domain.ts';

/**
 * What an alternative optimises: cuts along streets, even households, or both. Without streets the
 * cheapest cuts are the shortest ones, so the first objective is named for what it then gives: the
 * most compact grids (the least boundary).
 */
export type Objective = 'streets' | 'compact' | 'balance' | 'mixed';

const STREET_WEIGHT: Record<Objective, number> = { streets: 2, compact: 2, mixed: 1, balance: 0.3 };
/** Price of extra boundary when balancing afterwards: streets keep their cuts, balance moves freely. */
const BALANCE_COST: Record<Objective, number> = { streets: 0.2, compact: 0.2, mixed: 0.02, balance: 0.001 };

/** Whether any two units meet along a street: without, no cut can follow one. */
export const streetsAvailable = (g: Graph): boolean => g.edges.some((e) => e.street > 0);

/** One proposed partition and the numbers to compare it by. */
export interface Alternative extends PartitionResult {
  index: number;
  label: string;
  objective: Objective;
  k: number;
  seed: number;
  /** Weighted length of grid boundary that does not run along a road (lower is better). */
  cutCost: number;
  inBand: number;
  /** Largest relative distance of a part's households from the mean. */
  spread: number;
}

/** Numbers to compare alternatives by (the validation helper adds the geometric checks). */
export interface AlternativeMetrics {
  grids: number;
  inBand: number;
  oversize: number;
  householdsMin: number;
  householdsMax: number;
  /** Weighted length of grid boundary not on a road (lower follows streets better). */
  cutCost: number;
  /** Share of the cut boundary within STREET_DISTANCE_M of a street, as validation measures a grid's. */
  streetShare: number | null;
  /** Whether any two units meet across a street: without roads the planner cannot follow streets (the UI says so). */
  streetsAvailable: boolean;
  spread: number;
}

/** Metrics of one partition. */
export function summarize(g: Graph, r: PartitionResult, band: Band): AlternativeMetrics {
  const totals = partTotals(g, r.parts);
  const partOf = new Array<number>(g.units.length).fill(-1);
  r.parts.forEach((p, i) => p.forEach((u) => (partOf[u] = i)));
  const hh = totals.map((t) => t.households);
  const cut = g.edges.filter((e) => partOf[e.a] !== partOf[e.b]);
  const cutLength = cut.reduce((s, e) => s + e.length, 0);
  const streetLength = cut.reduce((s, e) => s + e.street, 0);
  return {
    ...describe(g, r, band),
    grids: r.parts.length,
    oversize: r.oversize.filter(Boolean).length,
    householdsMin: hh.length ? Math.min(...hh) : 0,
    householdsMax: hh.length ? Math.max(...hh) : 0,
    streetShare: cutLength > 0 ? Math.round((streetLength / cutLength) * 1000) / 1000 : null,
    streetsAvailable: streetsAvailable(g),
  };
}

function describe(g: Graph, r: PartitionResult, band: Band) {
  const totals = partTotals(g, r.parts);
  const partOf = new Array<number>(g.units.length).fill(-1);
  r.parts.forEach((p, i) => p.forEach((u) => (partOf[u] = i)));
  const mean = totals.reduce((s, t) => s + t.households, 0) / Math.max(1, totals.length);
  return {
    cutCost: Math.round(cutCost(g, partOf)),
    inBand: totals.filter((t, i) => r.oversize[i] || (t.households >= band.min && t.households <= band.max)).length,
    spread: mean > 0 ? Math.max(...totals.map((t) => Math.abs(t.households - mean) / mean)) : 0,
  };
}

const signature = (r: PartitionResult) => r.parts.map((p) => [...p].sort((a, b) => a - b).join(',')).sort().join('|');

/** Up to `count` distinct partitions of the whole graph (into `k` parts if given), best (most grids in band, then cheapest cuts) first. */
export function proposeAlternatives(g: Graph, band: Band, count: number, seed = 1, k?: number): Alternative[] {
  // oversize buildings are grids of their own: the count comes from the rest
  const big = g.units.filter((u) => u.households > band.max).length;
  const rest = g.units.reduce((s, u) => s + (u.households > band.max ? 0 : u.households), 0);
  const ks = k === undefined ? candidateKs(rest, band).map((n) => n + big) : [k];
  const objectives: Objective[] = [streetsAvailable(g) ? 'streets' : 'compact', 'mixed', 'balance'];
  const seen = new Set<string>();
  const out: Alternative[] = [];
  for (let i = 0; out.length < count && i < count * 4; i++) {
    const objective = objectives[i % objectives.length]!;
    const parts = ks[Math.floor(i / objectives.length) % ks.length]!;
    const s = seed + i * 7919;
    const r = partition(g, { band, k: parts, forceK: k !== undefined, seed: s, streetWeight: STREET_WEIGHT[objective], balanceCost: BALANCE_COST[objective] });
    const sig = signature(r);
    if (seen.has(sig)) continue;
    seen.add(sig);
    out.push({ ...r, ...describe(g, r, band), index: 0, label: `${objective}-${r.parts.length}`, objective, k: r.parts.length, seed: s });
  }
  out.sort((a, b) => b.inBand / b.parts.length - a.inBand / a.parts.length || a.cutCost - b.cutCost);
  return out.map((a, index) => ({ ...a, index }));
}

/** Re-partitions the union of a few neighbouring parts into the same number of parts. */
export function rebalance(g: Graph, members: readonly number[], count: number, band: Band, seed = 1): PartitionResult {
  const sub = subgraph(g, members);
  const tries = [1, 2, 0.5].map((w, i) => partition(sub, { band, k: count, forceK: true, seed: seed + i, streetWeight: w }));
  const best = tries.reduce((a, b) => (describe(sub, b, band).inBand > describe(sub, a, band).inBand ? b : a));
  return { parts: best.parts.map((p) => p.map((u) => members[u]!)), oversize: best.oversize };
}
