import type maplibregl from 'maplibre-gl';
import type { GeoJSONSource } from 'maplibre-gl';
import { computed, onBeforeUnmount, ref, shallowRef, watch } from 'vue';
import { patrolRouteApi, type PatrolRoute } from '../../api/patrol-route.ts';
import { progress, readTicks, ROUTE_LAYERS, ROUTE_SOURCE, routeFeatures, routeLayers, tick, ticksKey } from './patrol-route.ts';

/** What the composable watches: the patrol map (raw MapLibre, never reactive), the worker's position, who they are. */
export interface PatrolRouteInputs {
  map: () => maplibregl.Map | null;
  position: () => { lon: number; lat: number } | null;
  userId: () => number | null;
}

/** Draws the route under the recorder's track when there is one (its layer id), else on top. */
const UNDER = 'patrol-track-casing';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * Today's suggested patrol route on the worker's map: fetched once (and on demand), drawn as a line
 * with numbered targets, each ticked when the worker passes within 30 m; the ticks of the day are kept
 * on the phone so a reload does not lose them.
 */
export function usePatrolRoute(inputs: PatrolRouteInputs) {
  const route = shallowRef<PatrolRoute | null>(null);
  const reached = shallowRef<ReadonlySet<string>>(new Set());
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const state = computed(() => (route.value ? progress(route.value, reached.value) : null));

  function draw() {
    const m = inputs.map();
    if (!m || !m.isStyleLoaded()) return void m?.once('idle', draw);
    const data = routeFeatures(route.value, reached.value);
    const source = m.getSource(ROUTE_SOURCE) as GeoJSONSource | undefined;
    if (source) return void source.setData(data);
    m.addSource(ROUTE_SOURCE, { type: 'geojson', data });
    for (const l of routeLayers()) m.addLayer(l, m.getLayer(UNDER) ? UNDER : undefined);
  }

  function remember() {
    const r = route.value;
    const user = inputs.userId();
    if (r && user !== null) storage()?.setItem(ticksKey(user, r.date), JSON.stringify([...reached.value]));
  }

  /** Asks the server for today's route (again: a new suggestion once targets were visited). */
  async function load() {
    loading.value = true;
    error.value = null;
    try {
      const r = await patrolRouteApi.get();
      const user = inputs.userId();
      const saved = readTicks(user === null ? null : (storage()?.getItem(ticksKey(user, r.date)) ?? null), r.targets);
      route.value = r;
      reached.value = tick(r.targets, inputs.position(), saved);
      remember();
      draw();
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  watch(inputs.position, (at) => {
    const r = route.value;
    if (!r) return;
    const next = tick(r.targets, at, reached.value);
    if (next === reached.value) return;
    reached.value = next;
    remember();
    draw();
  });
  watch(inputs.map, () => route.value && draw());

  onBeforeUnmount(() => {
    const m = inputs.map();
    try {
      if (!m?.getSource(ROUTE_SOURCE)) return;
      for (const id of Object.values(ROUTE_LAYERS)) if (m.getLayer(id)) m.removeLayer(id);
      m.removeSource(ROUTE_SOURCE);
    } catch {
      // the recorder's view may have removed its map first: nothing is left to take away
    }
  });

  return { route, reached, loading, error, progress: state, load };
}
