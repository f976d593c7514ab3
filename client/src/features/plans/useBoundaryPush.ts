import { booleanPointInPolygon, centroid, pointToLineDistance, polygonToLine } from '@turf/turf';
import type maplibregl from 'maplibre-gl';
import type { MapMouseEvent } from 'maplibre-gl';
import type { ShallowRef } from 'vue';
import { PLAN_LAYERS } from './plan-layers.ts';
import { pushedBy, type PushCandidate } from './plans.ts';

type Area = { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
interface GridFeature { geometry: Area; properties: { code: string; inScope: boolean } }

/** The live state of a border being dragged: which buildings cross from which grid into which. */
export interface PushState {
  from: string;
  to: string;
  ids: number[];
  households: number;
}

/** Metres from a point to the nearest border line of a grid. */
function distanceToBorder(lines: ReturnType<typeof polygonToLine>, p: [number, number]): number {
  const parts = 'features' in lines ? lines.features : [lines];
  return Math.min(...parts.map((l) => pointToLineDistance(p, l as never, { units: 'meters' })));
}

/**
 * LINZ-style boundary drag: press inside a neighbour of the target grid and drag towards it; the
 * neighbour's buildings between the shared border and the pointer are pushed across, with live
 * counts; releasing commits, Esc cancels. The map does not pan meanwhile.
 */
export function useBoundaryPush(map: ShallowRef<maplibregl.Map | null>, deps: {
  grids: () => readonly GridFeature[];
  target: () => string | null;
  change: (state: PushState | null) => void;
  commit: (state: PushState) => void;
}) {
  let drag: { from: string; to: string; lines: ReturnType<typeof polygonToLine>; candidates: PushCandidate[]; state: PushState | null } | null = null;

  function candidates(m: maplibregl.Map, a: GridFeature, b: GridFeature, lines: ReturnType<typeof polygonToLine>): PushCandidate[] {
    const seen = new Map<number, PushCandidate>();
    for (const f of m.querySourceFeatures('buildings', { sourceLayer: 'buildings' })) {
      const id = Number(f.properties.id);
      if (seen.has(id) || !f.geometry || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) continue;
      const c = centroid(f as never).geometry.coordinates as [number, number];
      if (!booleanPointInPolygon(c, b.geometry as never) || booleanPointInPolygon(c, a.geometry as never)) continue;
      seen.set(id, { id, households: Number(f.properties.households ?? 0), distanceM: distanceToBorder(lines, c) });
    }
    return [...seen.values()].sort((x, y) => x.distanceM - y.distanceM);
  }

  function down(e: MapMouseEvent) {
    const m = map.value;
    const to = deps.target();
    if (!m || !to) return;
    const hit = m.queryRenderedFeatures(e.point, { layers: [PLAN_LAYERS.fill] })[0];
    const from = hit ? String(hit.properties.code) : null;
    const a = deps.grids().find((g) => g.properties.code === to);
    const b = deps.grids().find((g) => g.properties.code === from);
    if (!a || !b || from === to || !b.properties.inScope) return;
    e.preventDefault();
    m.dragPan.disable();
    const lines = polygonToLine(a.geometry as never);
    drag = { from: from!, to, lines, candidates: candidates(m, a, b, lines), state: null };
  }

  function move(e: MapMouseEvent) {
    if (!drag) return;
    const p: [number, number] = [e.lngLat.lng, e.lngLat.lat];
    const { ids, households } = pushedBy(drag.candidates, distanceToBorder(drag.lines, p));
    drag.state = { from: drag.from, to: drag.to, ids, households };
    deps.change(drag.state);
  }

  function end(commit: boolean) {
    const state = drag?.state;
    drag = null;
    map.value?.dragPan.enable();
    deps.change(null);
    if (commit && state && state.ids.length) deps.commit(state);
  }

  const up = () => drag && end(true);
  const key = (e: KeyboardEvent) => e.key === 'Escape' && drag && end(false);

  return {
    enable() {
      const m = map.value;
      if (!m) return;
      m.on('mousedown', down);
      m.on('mousemove', move);
      m.on('mouseup', up);
      window.addEventListener('keydown', key);
    },
    disable() {
      const m = map.value;
      if (drag) end(false);
      m?.off('mousedown', down);
      m?.off('mousemove', move);
      m?.off('mouseup', up);
      window.removeEventListener('keydown', key);
    },
  };
}
