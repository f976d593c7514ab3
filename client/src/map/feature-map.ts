import maplibregl from 'maplibre-gl';
import type { MapConfig } from '../api/types.ts';
import { isValidBbox } from './bbox.ts';
import { buildStyle } from './style.ts';
import { addMapChrome, CJK_FONTS } from './useMap.ts';

/**
 * A feature view's own map on the offline style (a view with its own marks, beside the workspace map):
 * opening on the caller's extent, no rotation, no fade, and the app's controls and idle flag.
 */
export function createFeatureMap(el: HTMLElement, config: MapConfig, locale: string): maplibregl.Map {
  const m = new maplibregl.Map({
    container: el, style: buildStyle(config, { origin: location.origin, locale }), center: config.center, zoom: config.zoom,
    ...(isValidBbox(config.bounds) ? { bounds: config.bounds, fitBoundsOptions: { padding: 24, maxZoom: config.zoom + 1 } } : {}),
    attributionControl: false, dragRotate: false, pitchWithRotate: false, fadeDuration: 0, localIdeographFontFamily: CJK_FONTS,
  });
  addMapChrome(m, el);
  // read-only handle for browser tests and debugging, as the workspace map sets it
  Object.defineProperty(window, '__wanggeMap', { value: m, configurable: true, enumerable: false, writable: false });
  return m;
}
