import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { TrackPoint } from './patrol-store.ts';

// The patrol map's own marks: the track walked so far, drawn above the grids and under the position dot
// (map/locate.ts). Pure builders, tested without a map.

export const TRACK_SOURCE = 'patrol-track';
export const TRACK_LAYERS = { casing: 'patrol-track-casing', line: 'patrol-track-line', start: 'patrol-track-start' } as const;
/** A deep purple (Okabe–Ito's reddish purple, darkened): apart from the band colours, the blue dot and the own-grid dashes. */
const TRACK = '#7B2D8E';

/** The track as GeoJSON: a line once there are two points, and its first point (where the patrol began). */
export function trackFeatures(points: readonly TrackPoint[]): GeoJSON.FeatureCollection<GeoJSON.LineString | GeoJSON.Point> {
  const features: GeoJSON.Feature<GeoJSON.LineString | GeoJSON.Point>[] = [];
  const first = points[0];
  if (first) features.push({ type: 'Feature', properties: { part: 'start' }, geometry: { type: 'Point', coordinates: [first.lon, first.lat] } });
  if (points.length >= 2) {
    features.push({ type: 'Feature', properties: { part: 'line' }, geometry: { type: 'LineString', coordinates: points.map((p) => [p.lon, p.lat]) } });
  }
  return { type: 'FeatureCollection', features };
}

/** A white casing and the purple line, round-joined, and a small ring where the patrol began. */
export function trackLayers(): LayerSpecification[] {
  const line: ExpressionSpecification = ['==', ['get', 'part'], 'line'];
  return [
    { id: TRACK_LAYERS.casing, type: 'line', source: TRACK_SOURCE, filter: line, layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 4, 18, 9] } },
    { id: TRACK_LAYERS.line, type: 'line', source: TRACK_SOURCE, filter: line, layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': TRACK, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 18, 5] } },
    { id: TRACK_LAYERS.start, type: 'circle', source: TRACK_SOURCE, filter: ['==', ['get', 'part'], 'start'],
      paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': TRACK, 'circle-stroke-width': 3 } },
  ];
}

/** Whether a point lies well inside the view (not in its outer fifth), so the map need not move to show it. */
export function wellInside(view: [number, number, number, number], lon: number, lat: number): boolean {
  const [w, s, e, n] = view;
  const mx = (e - w) * 0.2;
  const my = (n - s) * 0.2;
  return lon >= w + mx && lon <= e - mx && lat >= s + my && lat <= n - my;
}
