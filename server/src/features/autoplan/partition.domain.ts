/**
 * Automatic partition of a community's parcels into contiguous grids within the household band
 * (pure). Recursive bisection on random spanning trees (ReCom-style): the tree prefers edges that
 * are dear to cut, so cutting a tree edge tends to follow roads; a cut is taken only when both
 * sides can still hold their share of grids inside the band. Parts are connected sub-trees, so
 * contiguity holds by construction; repairBand then moves border units to fix what is left.
 */
import { components, households, other, rng, workload, type Graph } from './graph.domain.ts';
import { balance } from './balance.domain.ts';
import { repairBand } from './replan.domain.ts';

/** Household band of a grid. */
export interface Band {
  min: number;
  max: number;
}

/** How one partition is steered. */
export interface PartitionOptions {
  band: Band;
  /** Number of parts; default chooseK of the total. */
  k?: number;
  /** Reach k even when the band cannot hold it (a rebalance keeps its grid count). */
  forceK?: boolean;
  seed: number;
  /** How much a cheap cut (along roads) matters against balance; 0 = balance only. */
  streetWeight?: number;
  /** Random spanning trees tried per split before taking the least bad cut. */
  attempts?: number;
  /** Balance workloads afterwards by border moves, pricing extra boundary at this weight (absent: no balancing). */
  balanceCost?: number;
}

/** Parts as arrays of unit indices; `oversize` marks single units above the band max. */
export interface PartitionResult {
  parts: number[][];
  oversize: boolean[];
}

/** Number of grids for `total` households: near the middle of the band, inside what the band allows. */
export function chooseK(total: number, band: Band): number {
  if (total <= 0) return 1;
  const lo = Math.max(1, Math.ceil(total / band.max));
  const hi = Math.max(1, Math.floor(total / band.min));
  const mid = Math.round(total / ((band.min + band.max) / 2));
  return lo > hi ? lo : Math.min(hi, Math.max(lo, mid));
}

/** The k values worth offering for `total` households (the band's range, the middle first). */
export function candidateKs(total: number, band: Band): number[] {
  const k = chooseK(total, band);
  const lo = Math.max(1, Math.ceil(total / band.max));
  const hi = Math.max(lo, Math.floor(total / band.min));
  const out = [k];
  for (let d = 1; out.length < 3 && (k - d >= lo || k + d <= hi); d++) {
    if (k + d <= hi) out.push(k + d);
    if (k - d >= lo) out.push(k - d);
  }
  return out;
}

interface Tree {
  parent: Int32Array;
  parentEdge: Int32Array;
  order: number[];
}

/** A random spanning tree of `members` (assumed connected); dear-to-cut edges join first. */
function randomTree(g: Graph, members: readonly number[], rand: () => number, streetWeight: number): Tree | null {
  const local = new Map(members.map((m, i) => [m, i]));
  const cand: { e: number; key: number }[] = [];
  for (const m of members) {
    for (const e of g.adj[m]!) {
      const v = other(g, e, m);
      if (m < v && local.has(v)) cand.push({ e, key: rand() / Math.pow(g.edges[e]!.cost, streetWeight) });
    }
  }
  cand.sort((x, y) => x.key - y.key);
  const uf = Int32Array.from(members.map((_, i) => i));
  const find = (x: number): number => {
    while (uf[x] !== x) x = uf[x] = uf[uf[x]!]!;
    return x;
  };
  const treeAdj: number[][] = members.map(() => []);
  let joined = 0;
  for (const { e } of cand) {
    const a = local.get(g.edges[e]!.a)!;
    const b = local.get(g.edges[e]!.b)!;
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) continue;
    uf[ra] = rb;
    treeAdj[a]!.push(b, e);
    treeAdj[b]!.push(a, e);
    if (++joined === members.length - 1) break;
  }
  if (joined !== members.length - 1) return null;
  return rootTree(treeAdj, members.length);
}

function rootTree(treeAdj: number[][], n: number): Tree {
  const parent = new Int32Array(n).fill(-1);
  const parentEdge = new Int32Array(n).fill(-1);
  const order = [0];
  const seen = new Uint8Array(n);
  seen[0] = 1;
  for (let i = 0; i < order.length; i++) {
    const u = order[i]!;
    const nb = treeAdj[u]!;
    for (let j = 0; j < nb.length; j += 2) {
      const v = nb[j]!;
      if (seen[v]) continue;
      seen[v] = 1;
      parent[v] = u;
      parentEdge[v] = nb[j + 1]!;
      order.push(v);
    }
  }
  return { parent, parentEdge, order };
}

interface Cut {
  child: number;
  k1: number;
  score: number;
}

/** Best tree edge to cut: both sides able to hold their grids in the band, then balance and cost. */
function bestCut(g: Graph, members: readonly number[], tree: Tree, k: number, o: Required<Omit<PartitionOptions, 'k' | 'seed' | 'forceK' | 'balanceCost'>>, meanCost: number): Cut | null {
  const w = new Float64Array(members.length);
  members.forEach((m, i) => (w[i] = g.units[m]!.households));
  for (let i = tree.order.length - 1; i > 0; i--) {
    const v = tree.order[i]!;
    w[tree.parent[v]!]! += w[v]!;
  }
  const total = w[0]!;
  const target = total / k;
  let best: Cut | null = null;
  for (let v = 1; v < members.length; v++) {
    const ws = w[v]!;
    const k1 = Math.min(k - 1, Math.max(1, Math.round(ws / target)));
    const dev = Math.abs(ws - k1 * target) + Math.abs(total - ws - (k - k1) * target);
    const gap = Math.max(0, k1 * o.band.min - ws, ws - k1 * o.band.max) +
      Math.max(0, (k - k1) * o.band.min - (total - ws), total - ws - (k - k1) * o.band.max);
    const edgeCost = g.edges[tree.parentEdge[v]!]!.cost / meanCost;
    const score = gap * 1000 + dev / target + o.streetWeight * 0.05 * edgeCost;
    if (!best || score < best.score) best = { child: v, k1, score };
  }
  return best;
}

function split(g: Graph, members: number[], k: number, o: Required<Omit<PartitionOptions, 'k' | 'seed' | 'forceK' | 'balanceCost'>>, rand: () => number, meanCost: number): number[][] {
  if (k <= 1 || members.length <= 1) return [members];
  let best: { cut: Cut; tree: Tree } | null = null;
  for (let a = 0; a < o.attempts; a++) {
    const tree = randomTree(g, members, rand, o.streetWeight);
    if (!tree) break;
    const cut = bestCut(g, members, tree, k, o, meanCost);
    if (cut && (!best || cut.score < best.cut.score)) best = { cut, tree };
    if (best && best.cut.score < 1000) break; // feasible: both sides can fill the band
  }
  if (!best) return [members];
  const { cut, tree } = best;
  const inChild = new Uint8Array(members.length);
  inChild[cut.child] = 1;
  for (const v of tree.order) if (tree.parent[v]! >= 0 && inChild[tree.parent[v]!]) inChild[v] = 1;
  const left = members.filter((_, i) => inChild[i]);
  const right = members.filter((_, i) => !inChild[i]);
  return [...split(g, left, cut.k1, o, rand, meanCost), ...split(g, right, k - cut.k1, o, rand, meanCost)];
}

/** Splits `members` (default: all units) into k contiguous parts within the band where possible. */
export function partition(g: Graph, opts: PartitionOptions, members?: number[]): PartitionResult {
  const o = { band: opts.band, streetWeight: opts.streetWeight ?? 1, attempts: opts.attempts ?? 8 };
  const rand = rng(opts.seed);
  const all = members ?? g.units.map((_, i) => i);
  const big = all.filter((m) => g.units[m]!.households > opts.band.max);
  const rest = all.filter((m) => g.units[m]!.households <= opts.band.max);
  const meanCost = g.edges.reduce((s, e) => s + e.cost, 0) / Math.max(1, g.edges.length);
  const comps = components(g, rest);
  const ks = allocateK(comps.map((c) => households(g, c)), opts.k === undefined ? undefined : opts.k - big.length, opts.band, opts.forceK);
  const parts = comps.flatMap((c, i) => split(g, c, ks[i]!, o, rand, meanCost));
  const result: PartitionResult = { parts: [...parts, ...big.map((b) => [b])], oversize: [...parts.map(() => false), ...big.map(() => true)] };
  const repaired = repairBand(g, result, opts.band);
  return absorbStrays(g, opts.balanceCost === undefined ? repaired : balance(g, repaired, opts.band, { costWeight: opts.balanceCost }));
}

/**
 * Grids per connected piece: each piece gets its own count; a requested total is reached by
 * nudging the heaviest pieces (per grid) up or the lightest down, inside the band first, then
 * regardless of it (a rebalance keeps its grid count even when the band cannot hold).
 */
export function allocateK(weights: number[], k: number | undefined, band: Band, force = false): number[] {
  const ks = weights.map((w) => chooseK(w, band));
  if (k === undefined || k <= 0) return ks;
  let diff = k - ks.reduce((s, x) => s + x, 0);
  const fits = (i: number, up: boolean) => (up ? weights[i]! / (ks[i]! + 1) >= band.min : weights[i]! / (ks[i]! - 1) <= band.max);
  while (diff !== 0) {
    const up = diff > 0;
    const order = weights.map((w, i) => ({ i, r: w / ks[i]! })).filter(({ i }) => up || ks[i]! > 1).sort((a, b) => (up ? b.r - a.r : a.r - b.r));
    const pick = order.find(({ i }) => fits(i, up)) ?? (force ? order[0] : undefined);
    if (!pick) break;
    ks[pick.i]! += diff > 0 ? 1 : -1;
    diff += diff > 0 ? -1 : 1;
  }
  return ks;
}

/** Parts with no households (islands cut off by oversize units) join a neighbouring part. */
function absorbStrays(g: Graph, r: PartitionResult): PartitionResult {
  const partOf = new Int32Array(g.units.length).fill(-1);
  r.parts.forEach((p, i) => p.forEach((u) => (partOf[u] = i)));
  const keep = r.parts.map((p) => households(g, p) > 0 || r.parts.length === 1);
  r.parts.forEach((p, i) => {
    if (keep[i]) return;
    const nb = p.flatMap((u) => g.adj[u]!.map((e) => partOf[other(g, e, u)]!)).find((j) => j >= 0 && j !== i && keep[j]);
    if (nb === undefined) keep[i] = true;
    else r.parts[nb]!.push(...p.splice(0));
  });
  return { parts: r.parts.filter((_, i) => keep[i]), oversize: r.oversize.filter((_, i) => keep[i]) };
}

/** Households and workload of each part. */
export function partTotals(g: Graph, parts: number[][]) {
  return parts.map((p) => ({ households: households(g, p), workload: workload(g, p), buildings: p.reduce((s, u) => s + g.units[u]!.buildings, 0) }));
}
