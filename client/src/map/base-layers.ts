import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { BASE, BUILDING_COLORS } from './palette.ts';

// Type-only maplibre import: these builders return plain style JSON and stay pure.

/** Local font stacks: the style has no glyphs URL, so MapLibre draws text with these fonts. */
export const FONT_REGULAR = ['Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'sans-serif'];
export const FONT_BOLD = ['Noto Sans CJK SC Bold', 'PingFang SC', 'Microsoft YaHei', 'sans-serif'];

const MOTORWAY = ['motorway', 'motorway_link', 'trunk', 'trunk_link'];
const MAJOR = ['primary', 'primary_link', 'secondary', 'secondary_link'];
const MINOR = ['tertiary', 'tertiary_link', 'residential', 'unclassified', 'living_street', 'road'];
const SERVICE = ['service'];
const PATH = ['footway', 'path', 'pedestrian', 'cycleway', 'steps', 'track', 'bridleway', 'corridor'];

const inClass = (classes: string[]): ExpressionSpecification => ['in', ['get', 'class'], ['literal', classes]];

/** Road line width (px) by zoom: exponential so streets widen like their ground width. */
function width(z12: number, z18: number): ExpressionSpecification {
  return ['interpolate', ['exponential', 1.6], ['zoom'], 10, z12 * 0.4, 12, z12, 18, z18];
}

/** Landcover fills (water, green, campus, residential areas), drawn first. */
export function landcoverLayers(source: string, dim: boolean): LayerSpecification[] {
  const opacity = dim ? 0.45 : 1;
  const fill = (id: string, cls: string, color: string, minzoom = 0): LayerSpecification => ({
    id, type: 'fill', source, 'source-layer': 'landcover', minzoom,
    filter: ['==', ['get', 'class'], cls],
    paint: { 'fill-color': color, 'fill-opacity': opacity },
  });
  return [
    fill('landcover-residential', 'residential', BASE.residential, 12),
    fill('landcover-campus', 'campus', BASE.campus, 11),
    fill('landcover-green', 'green', BASE.green),
    fill('landcover-water', 'water', BASE.water),
    {
      id: 'landcover-water-line', type: 'line', source, 'source-layer': 'landcover', minzoom: 13,
      filter: ['==', ['get', 'class'], 'water'],
      paint: { 'line-color': BASE.waterLine, 'line-width': 0.8, 'line-opacity': opacity },
    },
  ];
}

function roadPair(source: string, id: string, classes: string[], minzoom: number, casing: string, fill: string, w: [number, number]): LayerSpecification[] {
  const base = { source, 'source-layer': 'roads', minzoom, filter: inClass(classes) } as const;
  return [
    {
      ...base, id: `${id}-casing`, type: 'line',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': casing, 'line-width': width(w[0] + 1, w[1] + 2.5) },
    },
    {
      ...base, id, type: 'line',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': fill, 'line-width': width(w[0], w[1]) },
    },
  ];
}

/** Roads by OSM highway class: casings under fills, minor roads only when zoomed in. */
export function roadLayers(source: string): LayerSpecification[] {
  const casings: LayerSpecification[] = [];
  const fills: LayerSpecification[] = [];
  const groups: [string, string[], number, string, string, [number, number]][] = [
    ['roads-service', SERVICE, 15, BASE.roadCasing, BASE.road, [0.5, 6]],
    ['roads-minor', MINOR, 13, BASE.roadCasing, BASE.road, [0.8, 11]],
    ['roads-major', MAJOR, 10, BASE.majorCasing, BASE.major, [1.6, 18]],
    ['roads-motorway', MOTORWAY, 8, BASE.motorwayCasing, BASE.motorway, [2.2, 22]],
  ];
  for (const [id, classes, minzoom, casing, fill, w] of groups) {
    const [c, f] = roadPair(source, id, classes, minzoom, casing, fill, w);
    if (c) casings.push(c);
    if (f) fills.push(f);
  }
  const paths: LayerSpecification = {
    id: 'roads-path', type: 'line', source, 'source-layer': 'roads', minzoom: 15, filter: inClass(PATH),
    paint: { 'line-color': BASE.path, 'line-width': ['interpolate', ['linear'], ['zoom'], 15, 0.6, 18, 1.6], 'line-dasharray': [2, 1.5] },
  };
  return [paths, ...casings, ...fills];
}

/** Building footprints tinted by kind; residential buildings carry the warm tone. */
export function buildingLayers(source: string): LayerSpecification[] {
  const kindColor: ExpressionSpecification = [
    'match', ['get', 'kind'],
    'residential', BUILDING_COLORS.residential,
    'mixed', BUILDING_COLORS.mixed,
    'public', BUILDING_COLORS.public,
    'commercial', BUILDING_COLORS.commercial,
    BUILDING_COLORS.other,
  ];
  return [
    {
      id: 'buildings-fill', type: 'fill', source, 'source-layer': 'buildings', minzoom: 13,
      paint: { 'fill-color': kindColor, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 13, 0.55, 16, 0.95] },
    },
    {
      id: 'buildings-line', type: 'line', source, 'source-layer': 'buildings', minzoom: 15,
      paint: { 'line-color': BASE.buildingLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 15, 0.3, 18, 1] },
    },
  ];
}

/** Road names along the line and water/campus names; low priority so grid labels win. */
export function baseLabelLayers(roads: string | null, landcover: string | null): LayerSpecification[] {
  const layers: LayerSpecification[] = [];
  if (roads) {
    layers.push({
      id: 'roads-label', type: 'symbol', source: roads, 'source-layer': 'roads', minzoom: 14,
      filter: ['all', ['has', 'name'], inClass([...MOTORWAY, ...MAJOR, ...MINOR])],
      layout: {
        'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': FONT_REGULAR,
        'text-size': ['interpolate', ['linear'], ['zoom'], 14, 10, 18, 13], 'symbol-spacing': 320,
        'text-max-angle': 30, 'text-padding': 4,
      },
      paint: { 'text-color': '#6B6458', 'text-halo-color': BASE.labelHalo, 'text-halo-width': 1.4 },
    });
  }
  if (landcover) {
    layers.push({
      id: 'landcover-label', type: 'symbol', source: landcover, 'source-layer': 'landcover', minzoom: 15,
      filter: ['all', ['has', 'name'], ['in', ['get', 'class'], ['literal', ['water', 'campus', 'green']]]],
      layout: { 'text-field': ['get', 'name'], 'text-font': FONT_REGULAR, 'text-size': 11, 'text-max-width': 8, 'text-padding': 6 },
      paint: {
        'text-color': ['match', ['get', 'class'], 'water', '#3F6F96', 'green', '#4E7A3E', '#7A6A52'],
        'text-halo-color': BASE.labelHalo, 'text-halo-width': 1.2,
      },
    });
  }
  return layers;
}
