/** The parcel adjacency graph the partitioners work on (pure). */

/** One unit of planning: a building parcel (or an empty block) with its counts. */
export interface Unit {
  id: number;
  households: number;
  /** Workload index used to even out parts beyond households (households when no weights). */
  workload: number;
  buildings: number;
}

/** Two parcels sharing a boundary of `length` metres. */
export interface Adjacency {
  a: number;
  b: number;
  length: number;
  /** Both in the same street block: the boundary crosses a block, not a road. */
  sameBlock: boolean;
  /** Both in the same compound: the boundary would split a walled compound. */
  sameCompound: boolean;
  /**
   * Metres of the shared border within STREET_DISTANCE_M of a street (validation's measure of a
   * grid's street share). Absent: the whole border when the units lie in different blocks, else 0.
   */
  streetLength?: number;
}

/** Multipliers of the shared length: cutting along a street is cheap, through a compound very dear. */
export const EDGE_COSTS = { road: 1, block: 8, compound: 40 };

export interface Edge {
  a: number;
  b: number;
  cost: number;
  /** Shared length in metres. */
  length: number;
  /** Metres of the shared border that run along a street (within STREET_DISTANCE_M of one). */
  street: number;
}

/** Units by index, edges between indices, and each unit's incident edge indices. */
export interface Graph {
  units: Unit[];
  edges: Edge[];
  adj: number[][];
}

/** Builds the graph; adjacency ends name unit ids, unknown ids are ignored. */
export function buildGraph(units: Unit[], adjacencies: Adjacency[], costs = EDGE_COSTS): Graph {
  const index = new Map(units.map((u, i) => [u.id, i]));
  const edges: Edge[] = [];
  const adj: number[][] = units.map(() => []);
  for (const e of adjacencies) {
    const a = index.get(e.a);
    const b = index.get(e.b);
    if (a === undefined || b === undefined || a === b) continue;
    // the part along a street costs what a road costs; the rest what crossing a block or compound costs
    const factor = e.sameCompound ? costs.compound : e.sameBlock ? costs.block : costs.road;
    const street = Math.min(e.length, e.streetLength ?? (e.sameBlock ? 0 : e.length));
    const cost = street * costs.road + (e.length - street) * factor;
    adj[a]!.push(edges.length);
    adj[b]!.push(edges.length);
    edges.push({ a, b, cost: Math.max(cost, 0.01 * factor), length: e.length, street });
  }
  return { units, edges, adj };
}

/** The other end of edge `e` seen from unit `u`. */
export const other = (g: Graph, e: number, u: number): number => {
  const edge = g.edges[e]!;
  return edge.a === u ? edge.b : edge.a;
};

/** Connected components of the sub-graph induced by `members`. */
export function components(g: Graph, members: readonly number[]): number[][] {
  const inSet = new Set(members);
  const seen = new Set<number>();
  const out: number[][] = [];
  for (const start of members) {
    if (seen.has(start)) continue;
    const comp = [start];
    seen.add(start);
    for (let i = 0; i < comp.length; i++) {
      for (const e of g.adj[comp[i]!]!) {
        const v = other(g, e, comp[i]!);
        if (inSet.has(v) && !seen.has(v)) {
          seen.add(v);
          comp.push(v);
        }
      }
    }
    out.push(comp);
  }
  return out;
}

/** True when `members` (minus `without`) form one connected piece; an empty set counts as connected. */
export function isConnected(g: Graph, members: readonly number[], without?: number): boolean {
  const rest = without === undefined ? members : members.filter((m) => m !== without);
  return rest.length === 0 || components(g, rest).length === 1;
}

/** Sum of households of units by index. */
export const households = (g: Graph, members: readonly number[]): number =>
  members.reduce((s, m) => s + g.units[m]!.households, 0);

/** Sum of the workload index of units by index. */
export const workload = (g: Graph, members: readonly number[]): number =>
  members.reduce((s, m) => s + g.units[m]!.workload, 0);

/** Total cost of the edges between different parts (the length of boundary that is not a road, weighted). */
export function cutCost(g: Graph, partOf: readonly number[]): number {
  let sum = 0;
  for (const e of g.edges) if (partOf[e.a] !== partOf[e.b]) sum += e.cost;
  return sum;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The graph induced by `members`, with `members[i]` as the original index of unit i. */
export function subgraph(g: Graph, members: readonly number[]): Graph {
  const local = new Map(members.map((m, i) => [m, i]));
  const edges: Edge[] = [];
  const adj: number[][] = members.map(() => []);
  g.edges.forEach((e) => {
    const a = local.get(e.a);
    const b = local.get(e.b);
    if (a === undefined || b === undefined) return;
    adj[a]!.push(edges.length);
    adj[b]!.push(edges.length);
    edges.push({ ...e, a, b });
  });
  return { units: members.map((m) => g.units[m]!), edges, adj };
}
