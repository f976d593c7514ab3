import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { Bbox } from '../api/types.ts';
import { unionBbox } from './bbox.ts';
import { NO_MATCH } from './overlay-layers.ts';
import { BASE } from './palette.ts';

/** Layer ids of the caller's own grids (GET /api/map ownGrids): a veil over the others, a dashed outline on theirs. */
export const OWN_LAYERS = {
  veil: 'own-grids-veil',
  casing: 'own-grids-casing',
  line: 'own-grids-line',
} as const;

/** A filter matching the grids with one of the given codes (none for no codes). */
export function ownGridFilter(codes: readonly string[]): ExpressionSpecification {
  return codes.length === 0 ? NO_MATCH : ['in', ['to-string', ['get', 'code']], ['literal', [...codes]]];
}

/** The grids that are not the caller's: veiled so their own stand out (none veiled when they have none). */
export function otherGridFilter(codes: readonly string[]): ExpressionSpecification {
  return codes.length === 0 ? NO_MATCH : ['!', ownGridFilter(codes)];
}

/**
 * The caller's own grids told apart from every other grid without a new colour (the band, grid and
 * found colours take them all): the other grids under a pale veil, and their own outlined with a
 * heavy dashed line on a white casing, which no other outline on the map is.
 */
export function ownGridLayers(source: string, codes: readonly string[]): { veil: LayerSpecification; outline: LayerSpecification[] } {
  const base = { source, 'source-layer': 'grids', minzoom: 12 } as const;
  const width = (lo: number, hi: number): ExpressionSpecification => ['interpolate', ['linear'], ['zoom'], 12, lo, 18, hi];
  return {
    veil: { ...base, id: OWN_LAYERS.veil, type: 'fill', filter: otherGridFilter(codes), paint: { 'fill-color': BASE.background, 'fill-opacity': 0.5 } },
    outline: [
      {
        ...base, id: OWN_LAYERS.casing, type: 'line', filter: ownGridFilter(codes), layout: { 'line-join': 'round' },
        paint: { 'line-color': BASE.selectedHalo, 'line-width': width(5, 10), 'line-opacity': 0.95 },
      },
      {
        ...base, id: OWN_LAYERS.line, type: 'line', filter: ownGridFilter(codes), layout: { 'line-join': 'round' },
        paint: { 'line-color': BASE.selected, 'line-width': width(2.5, 5), 'line-dasharray': [2, 1.2] },
      },
    ],
  };
}

/** The box that frames all of the caller's grids; null when they have none. */
export function ownGridsBbox(grids: readonly { bbox: Bbox }[]): Bbox | null {
  return unionBbox(grids.map((g) => g.bbox));
}
