import maplibregl, { type GeoJSONSource, type MapMouseEvent } from 'maplibre-gl';
import { markRaw, onBeforeUnmount, shallowRef, type Ref } from 'vue';
import type { MapConfig } from '../../api/types.ts';
import { isValidBbox } from '../../map/bbox.ts';
import { buildStyle } from '../../map/style.ts';
import { addMapChrome, CJK_FONTS } from '../../map/useMap.ts';

/** The incident view's sources and layers. */
export const INCIDENT_LAYERS = { points: 'incident-points', halo: 'incident-overdue', chosen: 'incident-chosen-place' } as const;
const SOURCES = { points: 'incident-points', chosen: 'incident-chosen-place' } as const;
const HEAT = { source: 'incident-heat', heat: 'incident-heat', points: 'incident-heat-points' } as const;

type Points = { type: 'FeatureCollection'; features: unknown[] };
const EMPTY: Points = { type: 'FeatureCollection', features: [] };

export interface IncidentMapEvents {
  /** A case's point was clicked. */
  incident: (id: number) => void;
  /** The map was clicked elsewhere, or anywhere while a place is being picked. */
  place: (lon: number, lat: number) => void;
  /** True while a click means "here" rather than "this case". */
  picking: () => boolean;
}

/** Owns the incident view's MapLibre map (outside Vue reactivity): the cases of the list as points, a chosen place. */
export function useIncidentMap(container: Ref<HTMLElement | null>, on: IncidentMapEvents) {
  const map = shallowRef<maplibregl.Map | null>(null);
  let points: Points = EMPTY;
  let chosen: Points = EMPTY;

  function create(config: MapConfig, locale: string) {
    const el = container.value;
    if (!el || map.value) return;
    const m = new maplibregl.Map({
      container: el, style: buildStyle(config, { origin: location.origin, locale }), center: config.center, zoom: config.zoom,
      ...(isValidBbox(config.bounds) ? { bounds: config.bounds, fitBoundsOptions: { padding: 24, maxZoom: config.zoom + 1 } } : {}),
      attributionControl: false, dragRotate: false, pitchWithRotate: false, fadeDuration: 0, localIdeographFontFamily: CJK_FONTS,
    });
    addMapChrome(m, el);
    m.on('load', () => {
      m.addSource(SOURCES.points, { type: 'geojson', data: points as never });
      m.addSource(SOURCES.chosen, { type: 'geojson', data: chosen as never });
      m.addLayer({
        id: INCIDENT_LAYERS.halo, type: 'circle', source: SOURCES.points, filter: ['==', ['get', 'overdue'], true],
        paint: { 'circle-radius': 12, 'circle-color': '#c0392b', 'circle-opacity': 0.25 },
      });
      m.addLayer({
        id: INCIDENT_LAYERS.points, type: 'circle', source: SOURCES.points,
        paint: {
          'circle-radius': ['case', ['get', 'selected'], 9, 6], 'circle-color': ['get', 'colour'],
          'circle-stroke-color': ['case', ['get', 'selected'], '#17324D', '#ffffff'], 'circle-stroke-width': ['case', ['get', 'selected'], 3, 1.5],
        },
      });
      m.addLayer({
        id: INCIDENT_LAYERS.chosen, type: 'circle', source: SOURCES.chosen,
        paint: { 'circle-radius': 8, 'circle-color': '#d9480f', 'circle-stroke-color': '#fff', 'circle-stroke-width': 3 },
      });
      el.setAttribute('data-incident-map-ready', 'true');
    });
    m.on('click', (e: MapMouseEvent) => {
      if (on.picking()) return on.place(e.lngLat.lng, e.lngLat.lat);
      const hit = m.getLayer(INCIDENT_LAYERS.points) ? m.queryRenderedFeatures(e.point, { layers: [INCIDENT_LAYERS.points] })[0] : undefined;
      if (hit && Number.isFinite(Number(hit.properties.id))) return on.incident(Number(hit.properties.id));
      const heatPoint = m.getLayer(HEAT.points) ? m.queryRenderedFeatures(e.point, { layers: [HEAT.points] })[0] : undefined;
      if (heatPoint && Number.isFinite(Number(heatPoint.properties.id))) return on.incident(Number(heatPoint.properties.id));
      // a heat cell: zoom in to where the cases behind it are drawn one by one
      if (m.getLayer(HEAT.heat) && m.getZoom() <= 14) return void m.easeTo({ center: e.lngLat, zoom: 15.5, duration: 500 });
      on.place(e.lngLat.lng, e.lngLat.lat);
    });
    m.on('mouseenter', INCIDENT_LAYERS.points, () => (m.getCanvas().style.cursor = 'pointer'));
    m.on('mouseleave', INCIDENT_LAYERS.points, () => (m.getCanvas().style.cursor = ''));
    map.value = markRaw(m);
    Object.defineProperty(window, '__wanggeMap', { value: m, configurable: true, enumerable: false, writable: false });
  }

  const source = (id: string) => map.value?.getSource(id) as GeoJSONSource | undefined;

  return {
    map,
    create,
    setPoints(fc: Points) {
      points = fc;
      source(SOURCES.points)?.setData(fc as never);
    },
    /** The place chosen for a report, or none. */
    setChosen(at: [number, number] | null) {
      chosen = at ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: {} }] } : EMPTY;
      source(SOURCES.chosen)?.setData(chosen as never);
    },
    flyTo(lon: number, lat: number, zoom = 16) {
      map.value?.easeTo({ center: [lon, lat], zoom: Math.max(map.value.getZoom(), zoom), duration: 400 });
    },
    setCursor(picking: boolean) {
      const c = map.value?.getCanvas();
      if (c) c.style.cursor = picking ? 'crosshair' : '';
    },
    resize() {
      map.value?.resize();
    },
    /** The heatmap of the tiles (cells up to `cellMaxZoom`, single cases above), shown or removed. */
    setHeatmap(url: string | null, cellMaxZoom: number) {
      const m = map.value;
      if (!m || !m.isStyleLoaded()) return;
      for (const id of [HEAT.heat, HEAT.points]) if (m.getLayer(id)) m.removeLayer(id);
      if (m.getSource(HEAT.source)) m.removeSource(HEAT.source);
      if (!url) return;
      m.addSource(HEAT.source, { type: 'vector', tiles: [new URL(url, location.origin).href.replace(/%7B/g, '{').replace(/%7D/g, '}')], minzoom: 8, maxzoom: 18 });
      const before = m.getLayer(INCIDENT_LAYERS.halo) ? INCIDENT_LAYERS.halo : undefined;
      m.addLayer({
        id: HEAT.heat, type: 'heatmap', source: HEAT.source, 'source-layer': 'incident_cells', maxzoom: cellMaxZoom + 1,
        paint: {
          'heatmap-weight': ['interpolate', ['linear'], ['get', 'count'], 0, 0, 20, 1],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 10, 0.6, cellMaxZoom, 1.4],
          'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 10, 12, cellMaxZoom, 36],
          'heatmap-opacity': 0.75,
        },
      }, before);
      m.addLayer({
        id: HEAT.points, type: 'circle', source: HEAT.source, 'source-layer': 'incidents', minzoom: cellMaxZoom + 1,
        paint: { 'circle-radius': 4, 'circle-color': '#d9480f', 'circle-opacity': 0.55 },
      }, before);
    },
  };
}

/** Removes the map when the view goes. */
export function useMapCleanup(map: Ref<maplibregl.Map | null>) {
  onBeforeUnmount(() => {
    map.value?.remove();
    map.value = null;
  });
}
