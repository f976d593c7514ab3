import maplibregl, { type GeoJSONSource, type MapMouseEvent } from 'maplibre-gl';
import { markRaw, onBeforeUnmount, shallowRef, type Ref } from 'vue';
import type { MapConfig } from '../../api/types.ts';
import { isValidBbox, toLngLatBounds } from '../../map/bbox.ts';
import type { Fix } from '../../map/locate.ts';
import { markOwnGrids, showFix } from '../../map/map-marks.ts';
import { ownGridsBbox } from '../../map/own-grids.ts';
import { buildStyle } from '../../map/style.ts';
import { addMapChrome, CJK_FONTS } from '../../map/useMap.ts';
import type { TrackPoint } from './patrol-store.ts';
import { TRACK_SOURCE, trackFeatures, trackLayers, wellInside } from './patrol-layers.ts';

/**
 * The patrol view's MapLibre map, outside Vue reactivity: the worker's own grids marked, the track so
 * far, the position dot; it follows the worker while they walk (until they move the map themselves).
 */
export function usePatrolMap(container: Ref<HTMLElement | null>, onClick: (lon: number, lat: number) => void) {
  const map = shallowRef<maplibregl.Map | null>(null);
  /** True until the worker pans the map; a tap on "follow" sets it again. */
  const following = shallowRef(true);
  let track: TrackPoint[] = [];

  function create(config: MapConfig, locale: string) {
    const el = container.value;
    if (!el || map.value) return;
    const own = ownGridsBbox(config.ownGrids);
    const frame = own ?? (isValidBbox(config.bounds) ? config.bounds : null);
    const m = new maplibregl.Map({
      container: el, style: buildStyle(config, { origin: location.origin, locale }), center: config.center, zoom: config.zoom,
      ...(frame ? { bounds: toLngLatBounds(frame), fitBoundsOptions: { padding: 32, maxZoom: 17 } } : {}),
      attributionControl: false, dragRotate: false, pitchWithRotate: false, fadeDuration: 0, localIdeographFontFamily: CJK_FONTS,
    });
    addMapChrome(m, el);
    m.on('load', () => {
      m.addSource(TRACK_SOURCE, { type: 'geojson', data: trackFeatures(track) });
      for (const l of trackLayers()) m.addLayer(l);
      el.setAttribute('data-patrol-map-ready', 'true');
    });
    markOwnGrids(m, config.ownGrids.map((g) => g.code));
    m.on('click', (e: MapMouseEvent) => onClick(e.lngLat.lng, e.lngLat.lat));
    // a drag by the worker (not our own easing) stops following
    m.on('dragstart', () => (following.value = false));
    map.value = markRaw(m);
    Object.defineProperty(window, '__wanggeMap', { value: m, configurable: true, enumerable: false, writable: false });
  }

  function setTrack(points: TrackPoint[]) {
    track = points;
    (map.value?.getSource(TRACK_SOURCE) as GeoJSONSource | undefined)?.setData(trackFeatures(points));
  }

  /** Shows the position; while following, brings it back into view when it nears an edge. */
  function setPosition(fix: Fix | null) {
    const m = map.value;
    if (!m) return;
    showFix(m, fix);
    if (!fix || !following.value) return;
    const b = m.getBounds();
    if (!wellInside([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], fix.lon, fix.lat)) {
      m.easeTo({ center: [fix.lon, fix.lat], zoom: Math.max(m.getZoom(), 16), duration: 500 });
    }
  }

  function follow(fix: Fix | null) {
    following.value = true;
    if (fix) map.value?.easeTo({ center: [fix.lon, fix.lat], zoom: Math.max(map.value.getZoom(), 17), duration: 400 });
  }

  function setCursor(picking: boolean) {
    const c = map.value?.getCanvas();
    if (c) c.style.cursor = picking ? 'crosshair' : '';
  }

  onBeforeUnmount(() => {
    map.value?.remove();
    map.value = null;
  });

  return { map, following, create, setTrack, setPosition, follow, setCursor, resize: () => map.value?.resize() };
}
