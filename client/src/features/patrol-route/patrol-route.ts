import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { FONT_BOLD } from '../../map/base-layers.ts';
import { distanceM } from '../patrols/sampling.ts';

// The suggested patrol route on the phone: which targets the worker has reached (passing within 30 m),
// how far is left, and the route's marks on the map. Pure, tested without a map or a server.

/** A target counts as reached when the worker passes this close to it (metres). */
export const REACH_M = 30;

/** What the route needs of a target. */
export interface RouteTarget {
  kind: 'building' | 'street';
  id: number;
  name: string | null;
  lon: number;
  lat: number;
}

/** What the progress and the map need of a route (the server's answer fits it). */
export interface RouteShape {
  targets: readonly RouteTarget[];
  order: readonly number[];
  legs: readonly { target: number; lengthM: number | null }[];
  unreachable: readonly number[];
  route: { type: 'LineString'; coordinates: number[][] } | null;
}

/** How a target is remembered as reached (its id alone is not unique across kinds). */
export const targetKey = (t: Pick<RouteTarget, 'kind' | 'id'>) => `${t.kind}:${t.id}`;

/** The targets reached once the worker stands at `at`: the same set when nothing new is reached. */
export function tick(targets: readonly RouteTarget[], at: { lon: number; lat: number } | null, reached: ReadonlySet<string>): ReadonlySet<string> {
  if (!at) return reached;
  const fresh = targets.filter((t) => !reached.has(targetKey(t)) && distanceM(at, t) <= REACH_M);
  return fresh.length ? new Set([...reached, ...fresh.map(targetKey)]) : reached;
}

/** Where the worker stands on the route. */
export interface Progress {
  done: number;
  total: number;
  /** Index of the next target (in the route's order, then those without a street path), or null when all are reached. */
  next: number | null;
  /** Metres on the streets from the next target's leg to the end; null without a street route. */
  remainingM: number | null;
}

/** Progress along the route given the targets reached. */
export function progress(r: RouteShape, reached: ReadonlySet<string>): Progress {
  const isDone = (i: number) => reached.has(targetKey(r.targets[i]!));
  const next = [...r.order, ...r.unreachable].find((i) => !isDone(i)) ?? null;
  const done = r.targets.filter((t) => reached.has(targetKey(t))).length;
  if (!r.route) return { done, total: r.targets.length, next, remainingM: null };
  const from = r.legs.findIndex((l) => !isDone(l.target));
  const remainingM = from < 0 ? 0 : r.legs.slice(from).reduce((a, l) => a + (l.lengthM ?? 0), 0);
  return { done, total: r.targets.length, next, remainingM };
}

export const ROUTE_SOURCE = 'patrol-route';
export const ROUTE_LAYERS = { line: 'patrol-route-line', target: 'patrol-route-target', label: 'patrol-route-label' } as const;
/** Teal: apart from the track's purple, the position's blue and the grids' band colours. */
const ROUTE = '#00796b';
const REACHED = '#2e7d32';

/** The route line and each target (its place in the order, reached or not, the next one) as GeoJSON. */
export function routeFeatures(r: RouteShape | null, reached: ReadonlySet<string>): GeoJSON.FeatureCollection {
  if (!r) return { type: 'FeatureCollection', features: [] };
  const { next } = progress(r, reached);
  const place = new Map(r.order.map((t, k) => [t, k + 1]));
  const features: GeoJSON.Feature[] = r.targets.map((t, i) => ({
    type: 'Feature',
    properties: { part: 'target', n: place.has(i) ? String(place.get(i)) : '·', reached: reached.has(targetKey(t)), next: i === next, kind: t.kind },
    geometry: { type: 'Point', coordinates: [t.lon, t.lat] },
  }));
  if (r.route) features.unshift({ type: 'Feature', properties: { part: 'route' }, geometry: r.route });
  return { type: 'FeatureCollection', features };
}

const isTarget: ExpressionSpecification = ['==', ['get', 'part'], 'target'];

/** A dashed teal line to follow, numbered circles for the targets (green once reached, the next one larger). */
export function routeLayers(): LayerSpecification[] {
  return [
    { id: ROUTE_LAYERS.line, type: 'line', source: ROUTE_SOURCE, filter: ['==', ['get', 'part'], 'route'], layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': ROUTE, 'line-opacity': 0.85, 'line-dasharray': [2, 1.5], 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 18, 6] } },
    { id: ROUTE_LAYERS.target, type: 'circle', source: ROUTE_SOURCE, filter: isTarget,
      paint: {
        'circle-radius': ['case', ['get', 'next'], 13, 10],
        'circle-color': ['case', ['get', 'reached'], REACHED, '#ffffff'],
        'circle-stroke-color': ['case', ['get', 'reached'], '#ffffff', ROUTE],
        'circle-stroke-width': ['case', ['get', 'next'], 4, 2.5],
      } },
    { id: ROUTE_LAYERS.label, type: 'symbol', source: ROUTE_SOURCE, filter: isTarget,
      layout: { 'text-field': ['case', ['get', 'reached'], '✓', ['get', 'n']], 'text-font': FONT_BOLD, 'text-size': 12, 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': ['case', ['get', 'reached'], '#ffffff', ROUTE] } },
  ];
}

/** Where a worker's reached targets of a day are remembered on the phone (a reload keeps the ticks). */
export const ticksKey = (userId: number, date: string) => `wangge.patrol-route.${userId}.${date}`;

/** The reached targets remembered, kept only those of this route (anything unreadable: none). */
export function readTicks(raw: string | null, targets: readonly RouteTarget[]): ReadonlySet<string> {
  let saved: unknown;
  try {
    saved = JSON.parse(raw ?? '[]');
  } catch {
    return new Set();
  }
  const keys = new Set(targets.map(targetKey));
  return new Set(Array.isArray(saved) ? saved.filter((k): k is string => typeof k === 'string' && keys.has(k)) : []);
}
