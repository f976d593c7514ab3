/** GeoJSON geometry as PostGIS wrote it (RFC 7946); the domain never looks inside. */
export type Geometry = { type: string; coordinates: unknown };
export type BBox = [number, number, number, number];

/** One grid as it stands in one of the two plans, with its aggregate counts. */
export interface GridState {
  name: string;
  communityName: string;
  areaM2: number;
  households: number;
  buildings: number;
  parentCodes: string[];
  geometry: Geometry;
  bbox: BBox;
}

/** The same code in the plan compared against (before) and the plan shown (after). */
export interface GridPair {
  code: string;
  before: GridState | null;
  after: GridState | null;
  /** Area in m² of the symmetric difference of the two geometries (null when one side is missing). */
  symDiffM2: number | null;
}

/** Where a building is, in words a grid worker finds it by: its compound, name, address, or the nearest named road. */
export interface BuildingPlace {
  name: string | null;
  address: string | null;
  compound: string | null;
  nearRoad: string | null;
}

/** A building whose anchor lies in a different grid (or in none) in the two plans. */
export interface BuildingMove extends BuildingPlace {
  id: number;
  households: number;
  anchor: [number, number];
  from: string | null;
  to: string | null;
}

/** A grid worker with grid-scoped grants (grid_leader / grid_assistant). */
export interface Worker {
  userId: number;
  displayName: string;
  role: 'grid_leader' | 'grid_assistant';
  gridCodes: string[];
}

export type ChangeReason = 'geometry' | 'name';

export interface GridChange {
  code: string;
  name: string;
  communityName: string;
  before: Omit<GridState, 'geometry' | 'bbox' | 'parentCodes' | 'communityName'> | null;
  after: Omit<GridState, 'geometry' | 'bbox' | 'parentCodes' | 'communityName'> | null;
  /** Lineage: the codes this grid came from (split or merge). */
  parentCodes: string[];
  reasons: ChangeReason[];
  delta: { areaM2: number; households: number; buildings: number };
  /** The grid as it is now (removed grids: as it was). */
  geometry: Geometry;
  beforeGeometry: Geometry | null;
  bbox: BBox;
}

/** Households flowing from one grid to another (null = no grid). */
export interface Flow {
  from: string | null;
  to: string | null;
  buildings: number;
  households: number;
}

export interface WorkerRef {
  userId: number;
  displayName: string;
  role: Worker['role'];
}

/** Buildings a worker hands over (or takes over) for one grid, with the counterpart grid and its workers. */
export interface HandoverItem {
  grid: string | null;
  workers: WorkerRef[];
  buildings: (BuildingPlace & { id: number; households: number })[];
  households: number;
}

export interface Handover extends WorkerRef {
  gridCode: string;
  /** The worker's grid in the new plan: kept as it was, changed, or gone. */
  gridFate: 'unchanged' | 'changed' | 'removed';
  outgoing: HandoverItem[];
  incoming: HandoverItem[];
}

export interface PlanDiff {
  grids: { added: GridChange[]; removed: GridChange[]; changed: GridChange[]; unchanged: string[] };
  buildings: BuildingMove[];
  flows: Flow[];
  handover: Handover[];
  totals: { added: number; removed: number; changed: number; unchanged: number; buildingsMoved: number; householdsMoved: number };
}

/** Geometry changes smaller than this (m² of symmetric difference) are noise from editing round trips. */
export const GEOMETRY_TOLERANCE_M2 = 1;

const counts = (s: GridState | null) => (s ? { name: s.name, areaM2: s.areaM2, households: s.households, buildings: s.buildings } : null);

/** Why a grid present in both plans differs, or [] when it does not. */
export function changeReasons(p: GridPair, toleranceM2 = GEOMETRY_TOLERANCE_M2): ChangeReason[] {
  if (!p.before || !p.after) return [];
  const reasons: ChangeReason[] = [];
  if ((p.symDiffM2 ?? 0) > toleranceM2) reasons.push('geometry');
  if (p.before.name !== p.after.name) reasons.push('name');
  return reasons;
}

function toChange(p: GridPair, reasons: ChangeReason[]): GridChange {
  const now = (p.after ?? p.before)!;
  const d = (k: 'areaM2' | 'households' | 'buildings') => (p.after?.[k] ?? 0) - (p.before?.[k] ?? 0);
  return {
    code: p.code, name: now.name, communityName: now.communityName, before: counts(p.before), after: counts(p.after),
    parentCodes: p.after?.parentCodes ?? [], reasons,
    delta: { areaM2: d('areaM2'), households: d('households'), buildings: d('buildings') },
    geometry: now.geometry, beforeGeometry: p.after && p.before ? p.before.geometry : null, bbox: now.bbox,
  };
}

/** Sorts grid pairs into added, removed, changed and unchanged (by code). */
export function classifyGrids(pairs: readonly GridPair[], toleranceM2 = GEOMETRY_TOLERANCE_M2): PlanDiff['grids'] {
  const out: PlanDiff['grids'] = { added: [], removed: [], changed: [], unchanged: [] };
  for (const p of [...pairs].sort((a, b) => a.code.localeCompare(b.code))) {
    if (!p.before && p.after) out.added.push(toChange(p, []));
    else if (p.before && !p.after) out.removed.push(toChange(p, []));
    else if (p.before && p.after) {
      const reasons = changeReasons(p, toleranceM2);
      if (reasons.length) out.changed.push(toChange(p, reasons));
      else out.unchanged.push(p.code);
    }
  }
  return out;
}

const key = (from: string | null, to: string | null) => `${from ?? ''}→${to ?? ''}`;

/** Buildings and households moving between each pair of grids, biggest first. */
export function householdFlows(moves: readonly BuildingMove[]): Flow[] {
  const flows = new Map<string, Flow>();
  for (const m of moves) {
    const k = key(m.from, m.to);
    const f = flows.get(k) ?? { from: m.from, to: m.to, buildings: 0, households: 0 };
    f.buildings += 1;
    f.households += m.households;
    flows.set(k, f);
  }
  return [...flows.values()].sort((a, b) => b.households - a.households || key(a.from, a.to).localeCompare(key(b.from, b.to)));
}

function workersByGrid(workers: readonly Worker[]): Map<string, WorkerRef[]> {
  const map = new Map<string, WorkerRef[]>();
  for (const w of workers) {
    for (const code of w.gridCodes) {
      const list = map.get(code) ?? [];
      if (!list.some((x) => x.userId === w.userId && x.role === w.role)) list.push({ userId: w.userId, displayName: w.displayName, role: w.role });
      map.set(code, list);
    }
  }
  return map;
}

/** Moves grouped by the grid on the other side, as handover items. */
function itemsBy(moves: readonly BuildingMove[], side: 'from' | 'to', staff: Map<string, WorkerRef[]>): HandoverItem[] {
  const items = new Map<string, HandoverItem>();
  for (const m of moves) {
    const grid = m[side];
    const item = items.get(grid ?? '') ?? { grid, workers: grid ? staff.get(grid) ?? [] : [], buildings: [], households: 0 };
    item.buildings.push({ id: m.id, name: m.name, address: m.address, compound: m.compound, nearRoad: m.nearRoad, households: m.households });
    item.households += m.households;
    items.set(grid ?? '', item);
  }
  return [...items.values()].sort((a, b) => b.households - a.households || (a.grid ?? '').localeCompare(b.grid ?? ''));
}

/**
 * One entry per worker and grid of theirs that loses or gains buildings: what goes to which grid
 * (and its workers) and what comes from where. Workers of untouched grids are not listed.
 */
export function handoverList(moves: readonly BuildingMove[], workers: readonly Worker[], grids: PlanDiff['grids']): Handover[] {
  const staff = workersByGrid(workers);
  const removed = new Set(grids.removed.map((g) => g.code));
  const changed = new Set(grids.changed.map((g) => g.code));
  const out: Handover[] = [];
  for (const w of workers) {
    for (const code of [...new Set(w.gridCodes)].sort()) {
      const leaving = moves.filter((m) => m.from === code);
      const arriving = moves.filter((m) => m.to === code);
      if (!leaving.length && !arriving.length) continue;
      out.push({
        userId: w.userId, displayName: w.displayName, role: w.role, gridCode: code,
        gridFate: removed.has(code) ? 'removed' : changed.has(code) ? 'changed' : 'unchanged',
        outgoing: itemsBy(leaving, 'to', staff),
        incoming: itemsBy(arriving, 'from', staff),
      });
    }
  }
  // the grid leader before the assistant
  return out.sort((a, b) => a.gridCode.localeCompare(b.gridCode) || b.role.localeCompare(a.role) || a.userId - b.userId);
}

/** The whole diff from what PostGIS measured: grid lists, moved buildings, flows, handover and totals. */
export function assembleDiff(input: { pairs: readonly GridPair[]; moves: readonly BuildingMove[]; workers: readonly Worker[] }): PlanDiff {
  const grids = classifyGrids(input.pairs);
  const buildings = [...input.moves].sort((a, b) => (a.from ?? '').localeCompare(b.from ?? '') || a.id - b.id);
  return {
    grids,
    buildings,
    flows: householdFlows(buildings),
    handover: handoverList(buildings, input.workers, grids),
    totals: {
      added: grids.added.length, removed: grids.removed.length, changed: grids.changed.length, unchanged: grids.unchanged.length,
      buildingsMoved: buildings.length, householdsMoved: buildings.reduce((s, m) => s + m.households, 0),
    },
  };
}
