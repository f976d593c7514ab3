/**
 * Colours that tell neighbouring grids apart (pure): a greedy DSATUR colouring of the grids'
 * adjacency graph. Grid maps are planar, so four colours are enough in theory and DSATUR with one
 * swap pass finds four on real plans; the palette has two more for the rare case it does not.
 * A grid that did not change keeps its colour: only new or changed grids (and a changed grid's
 * clash with a neighbour) are coloured again.
 */

/** How many colours the map palette has (client/src/map/palette.ts GRID_COLORS). */
export const COLOR_COUNT = 6;
/** The colours DSATUR tries to stay within. */
export const TARGET_COLORS = 4;

/** One grid: its key (code), the colour it has (null: none yet) and whether this edit changed it. */
export interface ColorNode {
  key: string;
  color: number | null;
  changed: boolean;
}

type Adjacency = Map<string, Set<string>>;

function adjacency(nodes: readonly ColorNode[], edges: readonly (readonly [string, string])[]): Adjacency {
  const adj: Adjacency = new Map(nodes.map((n) => [n.key, new Set<string>()]));
  for (const [a, b] of edges) {
    if (a === b || !adj.has(a) || !adj.has(b)) continue;
    adj.get(a)!.add(b);
    adj.get(b)!.add(a);
  }
  return adj;
}

const usable = (c: number | null): c is number => c !== null && Number.isInteger(c) && c >= 0 && c < COLOR_COUNT;

/** Colours kept from before; of two neighbours with one colour, the changed one (else the later key) gives its colour up. */
function keptColors(nodes: readonly ColorNode[], adj: Adjacency): Map<string, number> {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const color = new Map<string, number>();
  for (const n of nodes) if (usable(n.color)) color.set(n.key, n.color);
  for (const key of [...adj.keys()].sort()) {
    for (const other of [...adj.get(key)!].sort()) {
      if (!color.has(key) || color.get(key) !== color.get(other)) continue;
      const a = byKey.get(key)!;
      const b = byKey.get(other)!;
      const loser = a.changed !== b.changed ? (a.changed ? a : b) : a.key > b.key ? a : b;
      color.delete(loser.key);
    }
  }
  return color;
}

const neighbourColors = (key: string, adj: Adjacency, color: Map<string, number>) =>
  new Set([...adj.get(key)!].map((k) => color.get(k)).filter((c): c is number => c !== undefined));

const lowestFree = (used: Set<number>) => {
  let c = 0;
  while (used.has(c)) c++;
  return c;
};

/** DSATUR over the grids without a colour: most differently coloured neighbours first, then most neighbours, then key. */
function dsatur(nodes: readonly ColorNode[], adj: Adjacency, color: Map<string, number>): void {
  const previous = new Map(nodes.map((n) => [n.key, n.color]));
  const open = new Set(nodes.filter((n) => !color.has(n.key)).map((n) => n.key));
  while (open.size) {
    let best: string | null = null;
    let bestSat = -1;
    let bestDeg = -1;
    for (const k of open) {
      const sat = neighbourColors(k, adj, color).size;
      const deg = adj.get(k)!.size;
      if (sat > bestSat || (sat === bestSat && (deg > bestDeg || (deg === bestDeg && k < best!)))) [best, bestSat, bestDeg] = [k, sat, deg];
    }
    const used = neighbourColors(best!, adj, color);
    const prev = previous.get(best!) ?? null;
    // a changed grid keeps its former colour when no neighbour has it
    color.set(best!, usable(prev) && !used.has(prev) ? prev : lowestFree(used));
    open.delete(best!);
  }
}

/**
 * Brings a grid coloured past TARGET_COLORS back under it by recolouring the one neighbour that
 * holds a colour it could take, when that neighbour has another free colour. Only the grids in
 * `movable` may be recoloured (all of them on a first colouring, the changed ones afterwards).
 */
function swapDown(adj: Adjacency, color: Map<string, number>, movable: ReadonlySet<string>): void {
  for (const key of [...color.keys()].sort()) {
    if (color.get(key)! < TARGET_COLORS || !movable.has(key)) continue;
    for (let c = 0; c < TARGET_COLORS; c++) {
      const holders = [...adj.get(key)!].filter((k) => color.get(k) === c);
      if (holders.length !== 1 || !movable.has(holders[0]!)) continue;
      const w = holders[0]!;
      const wUsed = neighbourColors(w, adj, color);
      wUsed.add(c);
      const alt = [...Array(TARGET_COLORS).keys()].find((x) => !wUsed.has(x));
      if (alt === undefined) continue;
      color.set(w, alt);
      color.set(key, c);
      break;
    }
  }
}

/**
 * Colours every grid so that no two neighbours share a colour (`edges`: pairs of neighbouring keys).
 * Unchanged grids keep their colour; the rest are coloured around them.
 */
export function colorGrids(nodes: readonly ColorNode[], edges: readonly (readonly [string, string])[]): Map<string, number> {
  const adj = adjacency(nodes, edges);
  const color = keptColors(nodes, adj);
  const fresh = color.size === 0;
  const movable = new Set(nodes.filter((n) => fresh || n.changed || !color.has(n.key)).map((n) => n.key));
  dsatur(nodes, adj, color);
  swapDown(adj, color, movable);
  return color;
}

/** The colours that differ from what the grids had: what a repository writes back. */
export function colorChanges(nodes: readonly ColorNode[], colors: ReadonlyMap<string, number>): { key: string; color: number }[] {
  return nodes.filter((n) => colors.get(n.key) !== undefined && colors.get(n.key) !== n.color).map((n) => ({ key: n.key, color: colors.get(n.key)! }));
}

/** True when no two neighbours share a colour (tests and a guard after colouring). */
export function isProperColoring(edges: readonly (readonly [string, string])[], colors: ReadonlyMap<string, number>): boolean {
  return edges.every(([a, b]) => a === b || colors.get(a) === undefined || colors.get(a) !== colors.get(b));
}

/** Colours of the parts of a partition of a unit graph (parts meet where two of their units do): the preview of a proposal. */
export function colorParts(parts: readonly (readonly number[])[], unitEdges: readonly { a: number; b: number }[]): number[] {
  const partOf = new Map<number, number>();
  parts.forEach((p, i) => p.forEach((u) => partOf.set(u, i)));
  const edges: [string, string][] = [];
  for (const e of unitEdges) {
    const a = partOf.get(e.a);
    const b = partOf.get(e.b);
    if (a !== undefined && b !== undefined && a !== b) edges.push([String(a), String(b)]);
  }
  const colors = colorGrids(parts.map((_, i) => ({ key: String(i), color: null, changed: true })), edges);
  return parts.map((_, i) => colors.get(String(i)) ?? 0);
}
