import maplibregl, { type MapMouseEvent } from 'maplibre-gl';
import { markRaw, onBeforeUnmount, shallowRef, type Ref } from 'vue';
import { api } from '../api/client.ts';
import type { Bbox, MapConfig } from '../api/types.ts';
import { isValidBbox, toLngLatBounds } from './bbox.ts';
import type { Fix } from './locate.ts';
import { ControlHost, markOwnGrids, showFix } from './map-marks.ts';
import { foundFilter, gridLabelText, idFilter, LAYER_IDS } from './overlay-layers.ts';
import { buildStyle, householdsSuffix } from './style.ts';

/** What a click on the map found: the grid under the pointer if one is drawn there. */
export interface MapPick {
  lon: number;
  lat: number;
  gridId: number | null;
}

export interface MapPadding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

declare global {
  interface Window {
    /** Read-only handle for browser tests and debugging; set once per map. */
    __wanggeMap?: maplibregl.Map;
  }
}

export const CJK_FONTS = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/**
 * Owns one MapLibre map: created on mount from /api/map, kept out of Vue reactivity
 * (shallowRef + markRaw, because a deep proxy would break MapLibre and cost every frame),
 * removed on unmount.
 */
export function useMap(container: Ref<HTMLElement | null>, onPick: (pick: MapPick) => void) {
  const map = shallowRef<maplibregl.Map | null>(null);
  const zoom = shallowRef(0);
  /** A box among the map's own controls (top right) for the app's locate-me button. */
  const controlHost = shallowRef<HTMLElement | null>(null);

  function create(config: MapConfig, locale: string) {
    const el = container.value;
    if (!el || map.value) return;
    const m = new maplibregl.Map({
      container: el,
      style: buildStyle(config, { origin: location.origin, locale }),
      // the map opens on what the user works on (the server's extent of their grants) and moves
      // freely: a deployment may hold many cities
      center: config.center,
      zoom: config.zoom,
      ...(isValidBbox(config.bounds) ? { bounds: config.bounds, fitBoundsOptions: { padding: 24, maxZoom: config.zoom + 1 } } : {}),
      attributionControl: false,
      localIdeographFontFamily: CJK_FONTS,
      dragRotate: false,
      pitchWithRotate: false,
      fadeDuration: 150,
    });
    addMapChrome(m, el);
    const host = new ControlHost();
    m.addControl(host, 'top-right');
    controlHost.value = host.el;
    wireEvents(m);
    map.value = markRaw(m);
    zoom.value = m.getZoom();
    Object.defineProperty(window, '__wanggeMap', { value: m, configurable: true, enumerable: false, writable: false });
  }

  function wireEvents(m: maplibregl.Map) {
    m.on('zoomend', () => (zoom.value = m.getZoom()));
    m.on('click', (e: MapMouseEvent) => {
      const hit = m.getLayer(LAYER_IDS.gridFill) ? m.queryRenderedFeatures(e.point, { layers: [LAYER_IDS.gridFill] })[0] : undefined;
      const id = hit ? Number(hit.properties.id) : NaN;
      onPick({ lon: e.lngLat.lng, lat: e.lngLat.lat, gridId: Number.isFinite(id) ? id : null });
    });
    // MapLibre fetches tiles itself, past the API client; a 401 there means the session ended,
    // so ask /me once, whose 401 takes the app back to sign-in through the client's one path
    let checking = false;
    m.on('error', (e: { error?: { status?: unknown } }) => {
      if (e.error?.status !== 401 || checking) return;
      checking = true;
      api.me().catch(() => {}).finally(() => (checking = false));
    });
    m.on('mouseenter', LAYER_IDS.gridFill, () => (m.getCanvas().style.cursor = 'pointer'));
    m.on('mouseleave', LAYER_IDS.gridFill, () => (m.getCanvas().style.cursor = ''));
  }

  function setSelectedGrid(id: number | null) {
    const m = map.value;
    if (!m?.getLayer(LAYER_IDS.gridSelected)) return;
    m.setFilter(LAYER_IDS.gridSelected, idFilter(id));
    m.setFilter(LAYER_IDS.gridSelectedHalo, idFilter(id));
  }

  function setSelectedJurisdiction(id: number | null) {
    const m = map.value;
    if (!m?.getLayer(LAYER_IDS.jurisdictionSelected)) return;
    m.setFilter(LAYER_IDS.jurisdictionSelected, idFilter(id));
    m.setFilter(LAYER_IDS.jurisdictionSelectedGlow, idFilter(id));
  }

  /** Highlights the buildings of a place the search found (or none). */
  function setFound(found: Parameters<typeof foundFilter>[0]) {
    const m = map.value;
    if (!m?.getLayer(LAYER_IDS.foundFill)) return;
    m.setFilter(LAYER_IDS.foundFill, foundFilter(found));
    m.setFilter(LAYER_IDS.foundLine, foundFilter(found));
  }

  function setLocale(locale: string) {
    const m = map.value;
    if (m?.getLayer(LAYER_IDS.gridLabel)) m.setLayoutProperty(LAYER_IDS.gridLabel, 'text-field', gridLabelText(householdsSuffix(locale), locale));
  }

  /** Marks the caller's own grids by code (see map-marks.ts). */
  function setOwnGrids(codes: readonly string[]) {
    if (map.value) markOwnGrids(map.value, codes);
  }

  /** Shows where the device is, or nothing. */
  function setFix(fix: Fix | null) {
    if (map.value) showFix(map.value, fix);
  }

  function fitBbox(bbox: Bbox, padding: MapPadding, maxZoom = 17) {
    const m = map.value;
    if (!m || !isValidBbox(bbox)) return;
    m.fitBounds(toLngLatBounds(bbox), { padding, maxZoom, duration: 700 });
  }

  onBeforeUnmount(() => {
    map.value?.remove();
    map.value = null;
    controlHost.value = null;
    Reflect.deleteProperty(window, '__wanggeMap');
  });

  return { map, zoom, controlHost, create, setSelectedGrid, setSelectedJurisdiction, setFound, setLocale, setOwnGrids, setFix, fitBbox };
}

/** What every app map has: no rotation, zoom buttons, scale, OSM attribution, and `data-map-idle` on its element. */
export function addMapChrome(m: maplibregl.Map, el: HTMLElement) {
  m.touchZoomRotate.disableRotation();
  m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  m.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-right');
  m.addControl(new maplibregl.AttributionControl({ compact: false }), 'bottom-right');
  // data-map-idle lets tests (and anyone scripting the page) wait for a fully drawn map
  m.on('idle', () => el.setAttribute('data-map-idle', 'true'));
  m.on('movestart', () => el.setAttribute('data-map-idle', 'false'));
  m.on('dataloading', () => el.setAttribute('data-map-idle', 'false'));
}
