import type maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import { markRaw, onBeforeUnmount, shallowRef, type Ref } from 'vue';
import type { Bbox, MapConfig } from '../../api/types.ts';
import { isValidBbox, toLngLatBounds } from '../../map/bbox.ts';
import { LAYER_IDS } from '../../map/overlay-layers.ts';
import { createFeatureMap } from '../../map/feature-map.ts';
import { codeFilter } from './coverage.ts';
import { COVERAGE_LAYERS, COVERAGE_SOURCES, gapLayers, liveLayers, staffingLayer, trackLayers } from './coverage-layers.ts';

type Collection = GeoJSON.FeatureCollection;
const EMPTY: Collection = { type: 'FeatureCollection', features: [] };
type Source = keyof typeof COVERAGE_SOURCES;

export interface CoverageMapEvents {
  /** A grid was clicked (its code and name from the tiles). */
  grid: (code: string, name: string) => void;
  /** A worker's live position was clicked. */
  worker: (userId: number, name: string) => void;
}

/**
 * Owns the coverage view's MapLibre map (outside Vue reactivity): the style's grids filled by patrol state,
 * grids short of staff outlined, buildings and streets not visited, a replayed track and live positions.
 */
export function useCoverageMap(container: Ref<HTMLElement | null>, on: CoverageMapEvents) {
  const map = shallowRef<maplibregl.Map | null>(null);
  // what each source shows, kept for a style that is not loaded yet
  const data: Record<Source, Collection> = { buildings: EMPTY, streets: EMPTY, track: EMPTY, marker: EMPTY, live: EMPTY };
  let fill: unknown = null;
  let staffing: string[] = [];

  function create(config: MapConfig, locale: string) {
    const el = container.value;
    if (!el || map.value) return;
    const m = createFeatureMap(el, config, locale);
    m.on('load', () => {
      for (const [k, id] of Object.entries(COVERAGE_SOURCES)) m.addSource(id, { type: 'geojson', data: data[k as Source] as never });
      const grids = m.getLayer(LAYER_IDS.gridFill)?.source;
      if (grids) {
        // the band's inner outline says nothing about patrols: the fill takes the patrol state instead
        if (m.getLayer(LAYER_IDS.gridBand)) m.setLayoutProperty(LAYER_IDS.gridBand, 'visibility', 'none');
        m.addLayer(staffingLayer(grids), LAYER_IDS.gridSelectedHalo);
      }
      for (const l of [...gapLayers(), ...trackLayers(), ...liveLayers()]) m.addLayer(l);
      paintGrids();
      el.setAttribute('data-coverage-map-ready', 'true');
    });
    m.on('click', (e: MapMouseEvent) => {
      const hit = (layer: string) => (m.getLayer(layer) ? m.queryRenderedFeatures(e.point, { layers: [layer] })[0] : undefined);
      const worker = hit(COVERAGE_LAYERS.live);
      if (worker) return on.worker(Number(worker.properties.userId), String(worker.properties.name ?? ''));
      const grid = hit(LAYER_IDS.gridFill);
      if (grid?.properties.code) on.grid(String(grid.properties.code), String(grid.properties.name ?? ''));
    });
    for (const layer of [LAYER_IDS.gridFill, COVERAGE_LAYERS.live]) {
      m.on('mouseenter', layer, () => (m.getCanvas().style.cursor = 'pointer'));
      m.on('mouseleave', layer, () => (m.getCanvas().style.cursor = ''));
    }
    map.value = markRaw(m);
  }

  function paintGrids() {
    const m = map.value;
    if (!m?.getLayer(LAYER_IDS.gridFill)) return;
    if (fill !== null) {
      m.setPaintProperty(LAYER_IDS.gridFill, 'fill-color', fill as never);
      m.setPaintProperty(LAYER_IDS.gridFill, 'fill-opacity', ['interpolate', ['linear'], ['zoom'], 12, 0.62, 16, 0.45, 18, 0.3]);
    }
    if (m.getLayer(COVERAGE_LAYERS.staffing)) m.setFilter(COVERAGE_LAYERS.staffing, codeFilter(staffing) as never);
  }

  function set(source: Source, fc: Collection) {
    data[source] = fc;
    (map.value?.getSource(COVERAGE_SOURCES[source]) as GeoJSONSource | undefined)?.setData(fc as never);
  }

  onBeforeUnmount(() => {
    map.value?.remove();
    map.value = null;
  });

  return {
    map,
    create,
    /** The grids' fill (a colour expression by grid code) and the codes short of staff. */
    setGrids(colors: unknown, understaffed: string[]) {
      fill = colors;
      staffing = understaffed;
      paintGrids();
    },
    setGaps(buildings: Collection, streets: Collection) {
      set('buildings', buildings);
      set('streets', streets);
    },
    setTrack(fc: Collection | null) {
      set('track', fc ?? EMPTY);
    },
    setMarker(at: [number, number] | null) {
      set('marker', at ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at } }] } : EMPTY);
    },
    setLive(fc: Collection) {
      set('live', fc);
    },
    /** Shows or hides the gap marks (buildings, streets) while a track is replayed. */
    showGaps(on: boolean) {
      const m = map.value;
      for (const id of [COVERAGE_LAYERS.buildings, COVERAGE_LAYERS.streets]) if (m?.getLayer(id)) m.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
    },
    fitBbox(bbox: Bbox | null, maxZoom = 17) {
      const m = map.value;
      if (m && bbox && isValidBbox(bbox)) m.fitBounds(toLngLatBounds(bbox), { padding: 48, maxZoom, duration: 500 });
    },
    resize() {
      map.value?.resize();
    },
  };
}
