import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { Bbox } from '../api/types.ts';
import { padBbox } from './bbox.ts';

/** Where the device says it is (WGS-84, as browsers give it) and how sure it is, in metres. */
export interface Fix {
  lon: number;
  lat: number;
  accuracy: number;
}

export const LOCATE_SOURCE = 'locate';
export const LOCATE_LAYERS = { accuracy: 'locate-accuracy', accuracyLine: 'locate-accuracy-line', dot: 'locate-dot' } as const;
const DOT = '#1A73E8';
const EARTH_RADIUS_M = 6_371_008.8;
/** A fix is never drawn or framed smaller than this, so a precise one is still seen where it is. */
const MIN_RADIUS_M = 15;

/** The accuracy circle as a polygon of `steps` points (spherical, fine at the scale of a city). */
export function accuracyCircle(fix: Fix, steps = 48): GeoJSON.Polygon {
  const r = Math.max(fix.accuracy, MIN_RADIUS_M) / EARTH_RADIUS_M;
  const lat = (fix.lat * Math.PI) / 180;
  const ring: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const bearing = (2 * Math.PI * (i % steps)) / steps;
    const dLat = r * Math.cos(bearing);
    const dLon = (r * Math.sin(bearing)) / Math.cos(lat);
    ring.push([fix.lon + (dLon * 180) / Math.PI, fix.lat + (dLat * 180) / Math.PI]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}

/** The dot and its accuracy circle as one GeoJSON collection (empty for no fix). */
export function fixFeatures(fix: Fix | null): GeoJSON.FeatureCollection<GeoJSON.Point | GeoJSON.Polygon> {
  if (!fix) return { type: 'FeatureCollection', features: [] };
  const circle: GeoJSON.Feature<GeoJSON.Polygon> = { type: 'Feature', properties: { part: 'accuracy' }, geometry: accuracyCircle(fix) };
  const dot: GeoJSON.Feature<GeoJSON.Point> = { type: 'Feature', properties: { part: 'dot' }, geometry: { type: 'Point', coordinates: [fix.lon, fix.lat] } };
  return { type: 'FeatureCollection', features: [circle, dot] };
}

/** The box to frame a fix in: its accuracy circle with some room around it. */
export function fixBbox(fix: Fix): Bbox {
  const ring = accuracyCircle(fix, 16).coordinates[0]!;
  const lons = ring.map((p) => p[0]!);
  const lats = ring.map((p) => p[1]!);
  return padBbox([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], 0.5);
}

/** Whether a point lies inside a box. */
export function inBbox(b: Bbox, lon: number, lat: number): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}

/** The message for a failed position (GeolocationPositionError codes: 1 denied, 2 unavailable, 3 timeout). */
export function locateErrorKey(code: number | undefined): string {
  if (code === 1) return 'phone.locate.denied';
  if (code === 3) return 'phone.locate.timeout';
  return 'phone.locate.unavailable';
}

const part = (p: string): ExpressionSpecification => ['==', ['get', 'part'], p];

/** The position as phones draw it: a translucent accuracy circle and a blue dot ringed in white, above the grids. */
export function locateLayers(): LayerSpecification[] {
  return [
    { id: LOCATE_LAYERS.accuracy, type: 'fill', source: LOCATE_SOURCE, filter: part('accuracy'), paint: { 'fill-color': DOT, 'fill-opacity': 0.14 } },
    { id: LOCATE_LAYERS.accuracyLine, type: 'line', source: LOCATE_SOURCE, filter: part('accuracy'), paint: { 'line-color': DOT, 'line-width': 1.2, 'line-opacity': 0.6 } },
    {
      id: LOCATE_LAYERS.dot, type: 'circle', source: LOCATE_SOURCE, filter: part('dot'),
      paint: { 'circle-color': DOT, 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 3 },
    },
  ];
}
