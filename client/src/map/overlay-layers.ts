import type { ExpressionSpecification, LayerSpecification, LineLayerSpecification } from 'maplibre-gl';
import { BAND_COLORS, BASE, GRID_COLOR_NONE, GRID_COLORS, GRID_LINE } from './palette.ts';
import { FONT_BOLD, FONT_REGULAR } from './base-layers.ts';

/** Layer ids the app queries or filters at run time. */
export const LAYER_IDS = {
  gridFill: 'grids-fill',
  gridLine: 'grids-line',
  gridBand: 'grids-band',
  gridSelected: 'grids-selected',
  gridSelectedHalo: 'grids-selected-halo',
  gridLabel: 'grids-label',
  jurisdictionSelected: 'jurisdictions-selected',
  jurisdictionSelectedGlow: 'jurisdictions-selected-glow',
  foundFill: 'buildings-found-fill',
  foundLine: 'buildings-found-line',
} as const;

/** A filter that matches no feature: the "nothing selected" state of highlight layers. */
export const NO_MATCH: ExpressionSpecification = ['==', ['to-number', ['get', 'id']], -1];

/** A filter matching the feature whose `id` property equals the given id. */
export function idFilter(id: number | null): ExpressionSpecification {
  return id === null ? NO_MATCH : ['==', ['to-number', ['get', 'id']], id];
}

/** The buildings of a place the search found: one building by id, or every building of a compound. */
export function foundFilter(found: { kind: 'compound' | 'building'; id: number } | null): ExpressionSpecification {
  if (!found) return NO_MATCH;
  return ['==', ['to-number', ['get', found.kind === 'compound' ? 'compound_id' : 'id']], found.id];
}

/** The found buildings filled above the grids, outlined like the selected grid. */
export function foundLayers(source: string): LayerSpecification[] {
  const base = { source, 'source-layer': 'buildings', minzoom: 13, filter: NO_MATCH } as const;
  return [
    { ...base, id: LAYER_IDS.foundFill, type: 'fill', paint: { 'fill-color': BASE.found, 'fill-opacity': 0.8 } },
    {
      ...base, id: LAYER_IDS.foundLine, type: 'line', layout: { 'line-join': 'round' },
      paint: { 'line-color': BASE.selected, 'line-width': ['interpolate', ['linear'], ['zoom'], 13, 1, 18, 2.5] },
    },
  ];
}

const bandMatch = (key: 'fill' | 'line'): ExpressionSpecification => [
  'match', ['get', 'band'],
  'under', BAND_COLORS.under[key],
  'over', BAND_COLORS.over[key],
  BAND_COLORS.within[key],
];

/** A grid's fill from its stored colour (neighbours never share one); grey when it has none yet. */
export function gridColorFill(): ExpressionSpecification {
  return ['match', ['to-number', ['coalesce', ['get', 'color'], -1]], ...GRID_COLORS.flatMap((c, i) => [i, c]), GRID_COLOR_NONE] as unknown as ExpressionSpecification;
}

/** Grids under or over the household band: a band-coloured line just inside their edge (rings wind so that inside is to the right). */
export const BAND_INSET_FILTER: ExpressionSpecification = ['match', ['get', 'band'], ['under', 'over'], true, false];

/** Paint of the band's inner outline, as wide as `width` (pixels, or a zoom expression of them). */
export function bandInsetPaint(width: number): LineLayerSpecification['paint'] {
  return { 'line-color': bandMatch('line'), 'line-width': width, 'line-offset': width / 2 + 0.5, 'line-opacity': 0.95 };
}

/**
 * Grid polygons told apart from their neighbours by colour, with their outlines; a grid outside
 * the household band also gets the band's colour as an inner outline, so the band is never lost.
 */
export function gridLayers(source: string): LayerSpecification[] {
  const base = { source, 'source-layer': 'grids', minzoom: 12 } as const;
  return [
    {
      ...base, id: LAYER_IDS.gridFill, type: 'fill',
      paint: { 'fill-color': gridColorFill(), 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 12, 0.6, 15, 0.45, 17, 0.32] },
    },
    {
      ...base, id: LAYER_IDS.gridLine, type: 'line',
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': GRID_LINE,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.6, 15, 1.2, 18, 2],
        'line-opacity': 0.85,
      },
    },
    { ...base, id: LAYER_IDS.gridBand, type: 'line', minzoom: 13, filter: BAND_INSET_FILTER, layout: { 'line-join': 'round' }, paint: bandInsetPaint(3) },
  ];
}

/** The selected grid's outline (dark line on a white halo), above every other line. */
export function gridHighlightLayers(source: string): LayerSpecification[] {
  const base = { source, 'source-layer': 'grids', minzoom: 12 } as const;
  return [
    {
      ...base, id: LAYER_IDS.gridSelectedHalo, type: 'line', filter: NO_MATCH,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': BASE.selectedHalo, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 4, 18, 8], 'line-opacity': 0.9 },
    },
    {
      ...base, id: LAYER_IDS.gridSelected, type: 'line', filter: NO_MATCH,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': BASE.selected, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 18, 4] },
    },
  ];
}

/**
 * What names a grid on the map at every zoom: its own name (the demo's are all named, e.g.
 * 富润家园网格), or for a grid without one its community and sequence (富润社区 003). A bare
 * sequence never stands alone, even zoomed in: sequences restart in every community and a view
 * can straddle a community border at any zoom, so 003 would be ambiguous.
 */
export function gridNameText(): ExpressionSpecification {
  const code: ExpressionSpecification = ['to-string', ['get', 'code']];
  const sequence: ExpressionSpecification = ['slice', code, ['max', 0, ['-', ['length', code], 3]]];
  const name: ExpressionSpecification = ['to-string', ['coalesce', ['get', 'name'], '']];
  const community: ExpressionSpecification = ['to-string', ['coalesce', ['get', 'community'], '']];
  return [
    'case',
    ['>', ['length', name], 0], name,
    ['>', ['length', community], 0], ['concat', community, ' ', sequence],
    code,
  ];
}

/** The grid label text: its name (see gridNameText) from z14.5; from z16 also its full code and households, a line each. */
export function gridLabelText(householdsSuffix: string, locale: string): ExpressionSpecification {
  const code: ExpressionSpecification = ['to-string', ['get', 'code']];
  const households: ExpressionSpecification = ['number-format', ['to-number', ['coalesce', ['get', 'households'], 0]], { locale, 'max-fraction-digits': 0 }];
  return [
    'step', ['zoom'],
    gridNameText(),
    // one line each, so the code never wraps mid-line under a long name
    16, ['format', gridNameText(), { 'font-scale': 1 }, '\n', {}, code, { 'font-scale': 0.8 }, '\n', {}, ['concat', households, householdsSuffix], { 'font-scale': 0.8 }],
  ];
}

/** Grid labels at the grid's label point, above every other label; long names wrap. */
export function gridLabelLayer(source: string, householdsSuffix: string, locale: string): LayerSpecification {
  return {
    id: LAYER_IDS.gridLabel, type: 'symbol', source, 'source-layer': 'grid_labels', minzoom: 14.5,
    layout: {
      'text-field': gridLabelText(householdsSuffix, locale),
      'text-font': FONT_BOLD,
      'text-size': ['interpolate', ['linear'], ['zoom'], 14.5, 11, 17, 13],
      'text-max-width': 8,
      'text-padding': 3,
    },
    paint: { 'text-color': BASE.selected, 'text-halo-color': BASE.labelHalo, 'text-halo-width': 1.8 },
  };
}

/** Town and community boundaries, the selected-jurisdiction highlight, and their names. */
export function jurisdictionLayers(source: string): LayerSpecification[] {
  const level = (l: string): ExpressionSpecification => ['==', ['get', 'level'], l];
  return [
    {
      id: 'jurisdictions-community', type: 'line', source, 'source-layer': 'jurisdictions', minzoom: 11, filter: level('community'),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': BASE.jurisdiction, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.8, 16, 2], 'line-dasharray': [4, 2], 'line-opacity': 0.8 },
    },
    {
      id: 'jurisdictions-town', type: 'line', source, 'source-layer': 'jurisdictions', filter: ['!=', ['get', 'level'], 'community'],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': BASE.town, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.5, 16, 3], 'line-opacity': 0.7 },
    },
    // the selected jurisdiction keeps the boundary colour, made heavier with a soft glow,
    // so it never reads as one of the (yellow) major roads
    {
      id: LAYER_IDS.jurisdictionSelectedGlow, type: 'line', source, 'source-layer': 'jurisdictions', filter: NO_MATCH,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': BASE.jurisdiction, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 10, 16, 18], 'line-opacity': 0.42, 'line-blur': 5 },
    },
    {
      id: LAYER_IDS.jurisdictionSelected, type: 'line', source, 'source-layer': 'jurisdictions', filter: NO_MATCH,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': BASE.town, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 2.5, 16, 4] },
    },
  ];
}

/** Jurisdiction names: towns when zoomed out, communities in the middle zooms. */
export function jurisdictionLabelLayers(source: string): LayerSpecification[] {
  const common = { source, 'source-layer': 'jurisdiction_labels', type: 'symbol' } as const;
  return [
    {
      ...common, id: 'jurisdictions-label-community', minzoom: 12.5, maxzoom: 16,
      filter: ['==', ['get', 'level'], 'community'],
      layout: { 'text-field': ['get', 'name'], 'text-font': FONT_REGULAR, 'text-size': ['interpolate', ['linear'], ['zoom'], 12.5, 11, 15, 13], 'text-max-width': 7, 'text-padding': 8, 'symbol-sort-key': 1 },
      paint: { 'text-color': BASE.jurisdiction, 'text-halo-color': BASE.labelHalo, 'text-halo-width': 1.6 },
    },
    {
      ...common, id: 'jurisdictions-label-town', maxzoom: 13,
      filter: ['!=', ['get', 'level'], 'community'],
      layout: { 'text-field': ['get', 'name'], 'text-font': FONT_BOLD, 'text-size': 15, 'text-letter-spacing': 0.1 },
      paint: { 'text-color': BASE.town, 'text-halo-color': BASE.labelHalo, 'text-halo-width': 2 },
    },
  ];
}
