// The coverage map's own sources and layers, drawn above the offline style: grids short of staff,
// buildings not passed, streets never walked, a replayed track with its marker, and workers' live
// positions. Pure layer specifications (no map object), tested on their own.
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { FONT_REGULAR } from '../../map/base-layers.ts';
import { NO_MATCH } from '../../map/overlay-layers.ts';
import { STAFFING_COLOR } from './coverage.ts';

export const COVERAGE_SOURCES = { buildings: 'coverage-buildings', streets: 'coverage-streets', track: 'coverage-track', marker: 'coverage-marker', live: 'coverage-live' } as const;
export const COVERAGE_LAYERS = {
  staffing: 'coverage-staffing',
  streets: 'coverage-streets',
  buildings: 'coverage-buildings',
  trackLine: 'coverage-track-line',
  trackAside: 'coverage-track-aside',
  trackStops: 'coverage-track-stops',
  marker: 'coverage-marker',
  live: 'coverage-live',
  liveLabel: 'coverage-live-label',
} as const;

/** Colours of the marks, apart from the grid states' fills. */
export const MARK_COLORS = { building: '#37474F', street: '#C2185B', track: '#1A73E8', stop: '#E65100', marker: '#17324D', live: '#0B7A5A', stale: '#9AA5B1' } as const;

const part = (p: string): ExpressionSpecification => ['==', ['get', 'part'], p];

/** The outline of grids without their leader or assistant, on the style's grid tiles (filtered by code at run time). */
export function staffingLayer(gridSource: string): LayerSpecification {
  return {
    id: COVERAGE_LAYERS.staffing, type: 'line', source: gridSource, 'source-layer': 'grids', filter: NO_MATCH,
    layout: { 'line-join': 'round' },
    paint: { 'line-color': STAFFING_COLOR, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 17, 4], 'line-dasharray': [2, 1.2], 'line-offset': 2 },
  };
}

/** Streets never walked (or not for the window) as lines, buildings not passed as points. */
export function gapLayers(): LayerSpecification[] {
  return [
    {
      id: COVERAGE_LAYERS.streets, type: 'line', source: COVERAGE_SOURCES.streets, layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': MARK_COLORS.street, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1.5, 17, 5], 'line-opacity': 0.85 },
    },
    {
      id: COVERAGE_LAYERS.buildings, type: 'circle', source: COVERAGE_SOURCES.buildings,
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 2.5, 17, 6], 'circle-color': MARK_COLORS.building, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.2 },
    },
  ];
}

/** The replayed track: its line, set-aside fixes faint, stops, and the moving marker on top. */
export function trackLayers(): LayerSpecification[] {
  return [
    {
      id: COVERAGE_LAYERS.trackAside, type: 'circle', source: COVERAGE_SOURCES.track, filter: part('aside'),
      paint: { 'circle-radius': 3, 'circle-color': '#5F6B76', 'circle-opacity': 0.3 },
    },
    {
      id: COVERAGE_LAYERS.trackLine, type: 'line', source: COVERAGE_SOURCES.track, filter: part('line'), layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': MARK_COLORS.track, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2.5, 17, 5], 'line-opacity': 0.9 },
    },
    {
      id: COVERAGE_LAYERS.trackStops, type: 'circle', source: COVERAGE_SOURCES.track, filter: part('stop'),
      paint: { 'circle-radius': 7, 'circle-color': MARK_COLORS.stop, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
    },
    {
      id: COVERAGE_LAYERS.marker, type: 'circle', source: COVERAGE_SOURCES.marker,
      paint: { 'circle-radius': 8, 'circle-color': MARK_COLORS.marker, 'circle-stroke-color': '#fff', 'circle-stroke-width': 3 },
    },
  ];
}

/** Workers on patrol now: green, grey once the position is stale; the name and "last seen" beside. */
export function liveLayers(): LayerSpecification[] {
  return [
    {
      id: COVERAGE_LAYERS.live, type: 'circle', source: COVERAGE_SOURCES.live,
      paint: {
        'circle-radius': 8, 'circle-color': ['case', ['get', 'stale'], MARK_COLORS.stale, MARK_COLORS.live],
        'circle-stroke-color': '#fff', 'circle-stroke-width': 2.5,
      },
    },
    {
      id: COVERAGE_LAYERS.liveLabel, type: 'symbol', source: COVERAGE_SOURCES.live,
      layout: { 'text-field': ['get', 'label'], 'text-font': FONT_REGULAR, 'text-size': 12, 'text-max-width': 14, 'text-offset': [0, 1.3], 'text-anchor': 'top', 'text-allow-overlap': false },
      paint: { 'text-color': ['case', ['get', 'stale'], '#5F6B76', '#17324D'], 'text-halo-color': '#fff', 'text-halo-width': 1.6 },
    },
  ];
}

/** The buildings not passed as points. */
export function buildingPoints(items: readonly { id: number; lon: number; lat: number; name: string | null }[]): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: items.filter((b) => Number.isFinite(b.lon) && Number.isFinite(b.lat)).map((b) => ({ type: 'Feature', properties: { id: b.id, name: b.name ?? '' }, geometry: { type: 'Point', coordinates: [b.lon, b.lat] } })),
  };
}

/** The streets never walked as lines. */
export function streetLines(items: readonly { id: number; geometry: GeoJSON.LineString | GeoJSON.MultiLineString | null }[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: items.filter((s) => s.geometry).map((s) => ({ type: 'Feature', properties: { id: s.id }, geometry: s.geometry! })),
  };
}
