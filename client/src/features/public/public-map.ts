import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { MapConfig } from '../../api/types.ts';
import { buildStyle } from '../../map/style.ts';

// The public pages' small maps: the offline base map (roads, buildings, water, community borders)
// without the planning layers (grid colours, household counts), and one overlay of the page's own.

export const OVERLAY_SOURCE = 'public-overlay';
export const OVERLAY_LAYERS = { fill: 'public-boundary-fill', halo: 'public-boundary-halo', line: 'public-boundary-line', points: 'public-points', place: 'public-place' } as const;

// planning layers: every grid with its household count and band colour, and the workspace's highlights
const PLANNING = /^(grids-|buildings-found|jurisdictions-selected)/;

const part = (p: string): ExpressionSpecification => ['==', ['get', 'part'], p];

/** The base map of /api/map without the planning layers, for a page anyone may open. */
export function publicBaseStyle(config: MapConfig, origin: string, locale: string): StyleSpecification {
  const style = buildStyle(config, { origin, locale });
  return { ...style, layers: style.layers.filter((l) => !PLANNING.test(l.id)) };
}

/** A grid's outline (a pale fill under a red line on a white halo), closed cases as blue dots, the chosen place as an orange one. */
export function overlayLayers(): LayerSpecification[] {
  const source = OVERLAY_SOURCE;
  return [
    { id: OVERLAY_LAYERS.fill, type: 'fill', source, filter: part('boundary'), paint: { 'fill-color': '#1d5a8c', 'fill-opacity': 0.1 } },
    { id: OVERLAY_LAYERS.halo, type: 'line', source, filter: part('boundary'), layout: { 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 6, 'line-opacity': 0.9 } },
    { id: OVERLAY_LAYERS.line, type: 'line', source, filter: part('boundary'), layout: { 'line-join': 'round' }, paint: { 'line-color': '#c0392b', 'line-width': 2.5 } },
    {
      id: OVERLAY_LAYERS.points, type: 'circle', source, filter: part('point'),
      paint: { 'circle-color': '#1d5a8c', 'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4, 16, 8], 'circle-opacity': 0.75, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
    },
    { id: OVERLAY_LAYERS.place, type: 'circle', source, filter: part('place'), paint: { 'circle-color': '#d9480f', 'circle-radius': 8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 } },
  ];
}
