/** Pure rules of the planning studio: undo/redo stacks, the problem finder, snapping and status labels. */

/** Which operations this editing session can undo and redo (ids of logged operations). */
export interface History {
  undo: number[];
  redo: number[];
}

export const emptyHistory = (): History => ({ undo: [], redo: [] });

/** After a new edit: it can be undone, and nothing can be redone any more. */
export function recordEdit(h: History, opId: number): History {
  return { undo: [...h.undo, opId], redo: [] };
}

/** After undoing the last edit (the server logged revert `revertId`): that revert can be redone. */
export function recordUndo(h: History, revertId: number): History {
  return { undo: h.undo.slice(0, -1), redo: [...h.redo, revertId] };
}

/** After redoing (the server logged revert `revertId` of the undo): it can be undone again. */
export function recordRedo(h: History, revertId: number): History {
  return { undo: [...h.undo, revertId], redo: h.redo.slice(0, -1) };
}

/** The problem index after stepping forward or back through `count` problems (wraps around). */
export function stepProblem(count: number, index: number, dir: 1 | -1): number {
  if (count === 0) return -1;
  if (index < 0) return dir === 1 ? 0 : count - 1;
  return (index + dir + count) % count;
}

type XY = readonly [number, number];

/** The nearest vertex within `tolerance` pixels, else the nearest point on a segment, else null. */
export function snapPoint(p: XY, vertices: readonly XY[], segments: readonly (readonly [XY, XY])[], tolerance: number): [number, number] | null {
  let best: [number, number] | null = null;
  let bestD = tolerance;
  for (const v of vertices) {
    const d = Math.hypot(v[0] - p[0], v[1] - p[1]);
    if (d <= bestD) [best, bestD] = [[v[0], v[1]], d];
  }
  if (best) return best;
  for (const [a, b] of segments) {
    const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
    const len2 = dx * dx + dy * dy;
    if (len2 === 0) continue;
    const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
    const q: [number, number] = [a[0] + t * dx, a[1] + t * dy];
    const d = Math.hypot(q[0] - p[0], q[1] - p[1]);
    if (d <= bestD) [best, bestD] = [q, d];
  }
  return best;
}

/** Every ring of a (Multi)Polygon as lists of positions. */
export function ringsOf(g: { type: string; coordinates: unknown }): number[][][] {
  if (g.type === 'Polygon') return g.coordinates as number[][][];
  if (g.type === 'MultiPolygon') return (g.coordinates as number[][][][]).flat();
  if (g.type === 'LineString') return [g.coordinates as number[][]];
  if (g.type === 'MultiLineString') return g.coordinates as number[][][];
  return [];
}

/** The box around every area of a FeatureCollection (null when it has none): what a preview is framed by. */
export function boundsOf(fc: { features: readonly { geometry: { type: string; coordinates: unknown } }[] }): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  for (const f of fc.features) {
    for (const ring of ringsOf(f.geometry)) {
      for (const [x, y] of ring) {
        if (x === undefined || y === undefined) continue;
        box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
      }
    }
  }
  return box;
}

/** What the user may do with a plan, from its status and the caller's rights on it. */
export interface PlanRights {
  edit: boolean;
  submit: boolean;
  review: boolean;
  publish: boolean;
}

/** Actions offered for a plan in a status, given the permissions the session carries. */
export function planRights(status: string, can: { edit: boolean; review: boolean }): PlanRights {
  return {
    edit: status === 'draft' && can.edit,
    submit: status === 'draft' && can.edit,
    review: status === 'review' && can.review,
    publish: status === 'approved' && can.review,
  };
}

/** A [w, s, e, n] box around a point, about `metres` wide (for zooming to a point problem). */
export function boxAround([lon, lat]: readonly [number, number], metres = 120): [number, number, number, number] {
  const dLat = metres / 2 / 111_320;
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}


const short = (c: unknown) => (typeof c === 'string' && /^\d{14,15}$/.test(c) ? c.slice(-3) : String(c ?? ''));
const list = (v: unknown) => (Array.isArray(v) ? v.map(short).join('、') : short(v)) || '—';

/** A log entry's summary as a message key and parameters: what changed, from → to, in words. */
export function describeOperation(kind: string, s: Record<string, unknown>): { key: string; params: Record<string, string> } {
  const from = s.from && typeof s.from === 'object' && !Array.isArray(s.from)
    ? Object.entries(s.from as Record<string, number>).map(([c, n]) => `${short(c)}×${n}`).join('、') : list(s.from);
  switch (kind) {
    case 'draw': return { key: 'draw', params: { code: short(s.code), from } };
    case 'reshape': return { key: 'reshape', params: { code: short(s.code), took: list(s.took), gave: list(s.gave) } };
    case 'split': case 'merge': return { key: 'fromTo', params: { from, to: list(s.to) } };
    case 'reassign': return { key: 'reassign', params: { n: String(s.buildings ?? 0), households: String(s.households ?? 0), from, to: short(s.to) } };
    case 'rename': case 'lock': case 'unlock': case 'justify': case 'delete': return { key: 'grid', params: { code: short(s.code) } };
    case 'revert': return { key: 'revert', params: { op: String(s.reverts ?? '') } };
    case 'auto': case 'rebalance': case 'replan': case 'import':
      return { key: 'replace', params: { replaced: list(s.replaced), created: list(s.created), kept: list(s.kept) } };
    case 'publish': return { key: 'publish', params: { date: String(s.validFrom ?? '') } };
    default: return { key: 'note', params: { text: String(s.comment ?? s.note ?? '') } };
  }
}

/** A building of the neighbour grid, with its distance from the growing grid's border. */
export interface PushCandidate {
  id: number;
  households: number;
  distanceM: number;
}

/** Dragging the border `reachM` metres into the neighbour pushes every building nearer than that across it. */
export function pushedBy(candidates: readonly PushCandidate[], reachM: number): { ids: number[]; households: number } {
  const hit = candidates.filter((c) => c.distanceM <= reachM);
  return { ids: hit.map((c) => c.id), households: hit.reduce((n, c) => n + c.households, 0) };
}
