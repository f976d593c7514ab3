import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { BAND_COLORS, GRID_LINE } from '../../map/palette.ts';
import { FONT_BOLD } from '../../map/base-layers.ts';
import { BAND_INSET_FILTER, bandInsetPaint, gridColorFill } from '../../map/overlay-layers.ts';

/** Sources and layers the studio adds over the base map. */
export const PLAN_SOURCES = { grids: 'plan-grids', problems: 'plan-problems', proposal: 'plan-proposal' } as const;
export const PLAN_LAYERS = {
  fill: 'plan-grids-fill',
  line: 'plan-grids-line',
  band: 'plan-grids-band',
  context: 'plan-grids-context',
  selected: 'plan-grids-selected',
  locked: 'plan-grids-locked',
  label: 'plan-grids-label',
  problemFill: 'plan-problems-fill',
  problemLine: 'plan-problems-line',
  problemPoint: 'plan-problems-point',
  proposalFill: 'plan-proposal-fill',
  proposalLine: 'plan-proposal-line',
  proposalLabel: 'plan-proposal-label',
  buildingPicked: 'plan-buildings-picked',
} as const;

/** Per-grid figures the map colours and labels by (from the plan's validation). */
export interface GridFigures {
  households: number;
  bandStatus: 'under' | 'in' | 'over';
  oversize: boolean;
}

interface FeatureLike {
  properties: Record<string, unknown> & { code: string };
}

/**
 * What names a grid on the studio's map, as on the main map: its name, or its community and
 * sequence (富润社区 003); never the bare sequence, which repeats in every community of a street office.
 */
function gridLabel(p: FeatureLike['properties']): string {
  const name = typeof p.name === 'string' ? p.name.trim() : '';
  const community = (p.community as { name?: unknown } | undefined)?.name;
  if (name) return name;
  return typeof community === 'string' && community ? `${community} ${p.code.slice(-3)}` : p.code;
}

/** Copies each grid's validation figures into its feature properties (MapLibre styles by properties). */
export function decorate<F extends FeatureLike>(features: readonly F[], figures: ReadonlyMap<string, GridFigures>): F[] {
  return features.map((f) => {
    const g = figures.get(f.properties.code);
    return { ...f, properties: { ...f.properties, households: g?.households ?? 0, band: g ? (g.bandStatus === 'in' ? 'within' : g.bandStatus) : 'none', oversize: g?.oversize ?? false,
      short: f.properties.code.slice(-3), label: gridLabel(f.properties) } };
  });
}

/** The base style without the published grids (the studio draws the plan being edited instead). */
export function studioStyle(style: StyleSpecification): StyleSpecification {
  return { ...style, layers: style.layers.filter((l) => !('source' in l) || l.source !== 'grids') };
}

/**
 * Layers of the plan's grids: in scope each in its own colour (neighbours differ) with the band as an
 * inner outline when out of it, grey context outside, selection, locks and labels.
 */
export function planGridLayers(): LayerSpecification[] {
  const source = PLAN_SOURCES.grids;
  const inScope: ExpressionSpecification = ['==', ['get', 'inScope'], true];
  return [
    { id: PLAN_LAYERS.context, type: 'fill', source, filter: ['!', inScope], paint: { 'fill-color': '#8A96A3', 'fill-opacity': 0.12 } },
    { id: PLAN_LAYERS.fill, type: 'fill', source, filter: inScope, paint: { 'fill-color': gridColorFill(), 'fill-opacity': 0.5 } },
    { id: PLAN_LAYERS.line, type: 'line', source, layout: { 'line-join': 'round' }, paint: { 'line-color': ['case', inScope, GRID_LINE, '#7D8894'], 'line-width': ['case', inScope, 1.4, 0.8] } },
    { id: PLAN_LAYERS.band, type: 'line', source, filter: ['all', inScope, BAND_INSET_FILTER], layout: { 'line-join': 'round' }, paint: bandInsetPaint(3) },
    { id: PLAN_LAYERS.locked, type: 'line', source, filter: ['==', ['get', 'locked'], true], paint: { 'line-color': '#3D4650', 'line-width': 2.2, 'line-dasharray': [1, 1.5] } },
    { id: PLAN_LAYERS.selected, type: 'line', source, filter: ['in', ['get', 'code'], ['literal', []]], paint: { 'line-color': '#17324D', 'line-width': 3.5 } },
    {
      id: PLAN_LAYERS.label, type: 'symbol', source, filter: inScope,
      layout: { 'text-field': ['concat', ['get', 'label'], '\n', ['to-string', ['get', 'households']]], 'text-font': FONT_BOLD, 'text-size': 12, 'text-max-width': 8, 'text-allow-overlap': false },
      paint: { 'text-color': '#1E2B38', 'text-halo-color': '#FFFFFF', 'text-halo-width': 1.4 },
    },
  ];
}

/** Layers of validation problems: gap and overlap areas, and points to zoom to. */
export function problemLayers(): LayerSpecification[] {
  const source = PLAN_SOURCES.problems;
  const poly: ExpressionSpecification = ['any', ['==', ['geometry-type'], 'Polygon'], ['==', ['geometry-type'], 'MultiPolygon']];
  return [
    { id: PLAN_LAYERS.problemFill, type: 'fill', source, filter: poly, paint: { 'fill-color': '#D7263D', 'fill-opacity': 0.45 } },
    { id: PLAN_LAYERS.problemLine, type: 'line', source, filter: poly, paint: { 'line-color': '#A01729', 'line-width': 1.2 } },
    {
      id: PLAN_LAYERS.problemPoint, type: 'circle', source, filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': ['case', ['==', ['get', 'current'], true], 9, 5], 'circle-color': ['match', ['get', 'severity'], 'hard', '#D7263D', 'justify', '#E59A1C', '#8A96A3'], 'circle-stroke-color': '#FFFFFF', 'circle-stroke-width': 1.5 },
    },
  ];
}

/** Layers of the plan that a proposal's preview hides (its own fill and labels take their place). */
export const HIDDEN_BY_PROPOSAL = [PLAN_LAYERS.fill, PLAN_LAYERS.band, PLAN_LAYERS.label] as const;

/**
 * Layers previewing an automatic proposal over the plan: each proposed grid in its own colour
 * (neighbours differ), outlined, labelled with its households (coloured by band when outside it).
 */
export function proposalLayers(): LayerSpecification[] {
  const source = PLAN_SOURCES.proposal;
  return [
    { id: PLAN_LAYERS.proposalFill, type: 'fill', source, paint: { 'fill-color': gridColorFill(), 'fill-opacity': 0.62 } },
    { id: PLAN_LAYERS.proposalLine, type: 'line', source, layout: { 'line-join': 'round' }, paint: { 'line-color': '#17324D', 'line-width': 1.8 } },
    {
      id: PLAN_LAYERS.proposalLabel, type: 'symbol', source,
      layout: { 'text-field': ['get', 'label'], 'text-font': FONT_BOLD, 'text-size': 13, 'text-allow-overlap': false },
      paint: { 'text-color': ['match', ['get', 'band'], 'under', BAND_COLORS.under.line, 'over', BAND_COLORS.over.line, '#1E2B38'], 'text-halo-color': '#FFFFFF', 'text-halo-width': 1.6 },
    },
  ];
}

/** A filter for the selected grid codes. */
export function selectedFilter(codes: readonly string[]): ExpressionSpecification {
  return ['in', ['get', 'code'], ['literal', [...codes]]];
}

/** Problems as GeoJSON: their areas where they have one, else their point; the current one marked. */
export function problemFeatures(problems: readonly { id: string; severity: string; point: [number, number]; geom?: unknown }[], currentId: string | null) {
  return {
    type: 'FeatureCollection' as const,
    features: problems.flatMap((p) => {
      const props = { id: p.id, severity: p.severity, current: p.id === currentId };
      const pt = { type: 'Feature' as const, properties: props, geometry: { type: 'Point' as const, coordinates: p.point } };
      return p.geom ? [{ type: 'Feature' as const, properties: props, geometry: p.geom }, pt] : [pt];
    }),
  };
}
