import type { TileLayerName } from '../api/types.ts';

/** How /api/map may describe one tile layer: a URL template, or an object with zoom limits. */
export type TileRef = string | { url?: string; tiles?: string | string[]; minzoom?: number; maxzoom?: number };

export interface TileSourceSpec {
  tiles: string[];
  minzoom: number;
  maxzoom: number;
}

/**
 * Above this zoom MapLibre overzooms the z16 tiles instead of fetching new ones: at z16 a
 * 4096-unit tile resolves ~1 cm on the ground, finer than any footprint, so more requests buy nothing.
 */
export const OVERZOOM_FROM = 16;

/** Default zooms per layer when /api/map gives only a URL template. */
export const LAYER_ZOOMS: Record<TileLayerName, { minzoom: number; maxzoom: number }> = {
  landcover: { minzoom: 0, maxzoom: 16 },
  roads: { minzoom: 0, maxzoom: 16 },
  jurisdictions: { minzoom: 0, maxzoom: 16 },
  grids: { minzoom: 12, maxzoom: 16 },
  buildings: { minzoom: 13, maxzoom: 16 },
};

/** Makes a tile URL template absolute without percent-encoding its {z}/{x}/{y} placeholders. */
export function absoluteTileUrl(template: string, origin: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(template)) return template;
  const base = origin.replace(/\/+$/, '');
  return template.startsWith('/') ? base + template : `${base}/${template}`;
}

/** Turns a /api/map tile entry into vector-source fields, or null when the layer is absent. */
export function tileSource(layer: TileLayerName, ref: TileRef | undefined, origin: string): TileSourceSpec | null {
  if (ref === undefined || ref === null) return null;
  const zooms = LAYER_ZOOMS[layer];
  if (typeof ref === 'string') return { tiles: [absoluteTileUrl(ref, origin)], ...zooms };
  const raw = ref.tiles ?? ref.url;
  const templates = (Array.isArray(raw) ? raw : raw ? [raw] : []).map((t) => absoluteTileUrl(t, origin));
  if (templates.length === 0) return null;
  return { tiles: templates, minzoom: ref.minzoom ?? zooms.minzoom, maxzoom: Math.min(ref.maxzoom ?? zooms.maxzoom, OVERZOOM_FROM) };
}
