import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { MapConfig, TileLayerName } from '../api/types.ts';
import { baseLabelLayers, buildingLayers, landcoverLayers, roadLayers } from './base-layers.ts';
import { foundLayers, gridHighlightLayers, gridLabelLayer, gridLayers, jurisdictionLabelLayers, jurisdictionLayers } from './overlay-layers.ts';
import { BASE } from './palette.ts';
import { tileSource, type TileRef } from './tiles.ts';

export const OSM_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a> contributors';

export interface StyleOptions {
  /** Origin that relative tile URLs are resolved against (location.origin in the browser). */
  origin: string;
  /** UI locale; it picks the unit words drawn into labels. */
  locale: string;
}

const LAYERS: TileLayerName[] = ['landcover', 'roads', 'buildings', 'jurisdictions', 'grids'];

/** What the style needs from /api/map; tolerant of a server that offers fewer layers. */
export type StyleConfig = Omit<MapConfig, 'tiles' | 'layers' | 'ownGrids'> & {
  tiles: Partial<MapConfig['tiles']>;
  layers?: Partial<MapConfig['layers']>;
};

/** Builds the offline MapLibre style from /api/map: the project's own vector tiles, no glyphs URL. */
export function buildStyle(config: StyleConfig, { origin, locale }: StyleOptions): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {};
  const present = new Set<TileLayerName>();
  for (const name of LAYERS) {
    const spec = tileSource(name, (config.layers?.[name] ?? config.tiles[name]) as TileRef | undefined, origin);
    if (!spec) continue;
    present.add(name);
    sources[name] = {
      type: 'vector', ...spec,
      // every source credits OSM so the attribution control shows it whichever layers load
      attribution: OSM_ATTRIBUTION,
    };
  }
  const layers: LayerSpecification[] = [{ id: 'background', type: 'background', paint: { 'background-color': BASE.background } }];
  const basemap = config.basemap && config.basemap.tiles.length > 0 ? config.basemap : null;
  if (basemap) {
    sources.basemap = { type: 'raster', tiles: basemap.tiles.map((t) => t), tileSize: 256, attribution: basemap.attribution };
    layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
  }
  if (present.has('landcover')) layers.push(...landcoverLayers('landcover', basemap !== null));
  if (present.has('roads')) layers.push(...roadLayers('roads'));
  if (present.has('buildings')) layers.push(...buildingLayers('buildings'));
  if (present.has('grids')) layers.push(...gridLayers('grids'));
  if (present.has('jurisdictions')) layers.push(...jurisdictionLayers('jurisdictions'));
  if (present.has('grids')) layers.push(...gridHighlightLayers('grids'));
  if (present.has('buildings')) layers.push(...foundLayers('buildings'));
  layers.push(...baseLabelLayers(present.has('roads') ? 'roads' : null, present.has('landcover') ? 'landcover' : null));
  if (present.has('jurisdictions')) layers.push(...jurisdictionLabelLayers('jurisdictions'));
  if (present.has('grids')) layers.push(gridLabelLayer('grids', householdsSuffix(locale), locale));
  return { version: 8, name: 'Wangge offline', sources, layers };
}

/** The unit word after a household count in map labels. */
export function householdsSuffix(locale: string): string {
  return locale.startsWith('zh') ? ' 户' : ' hh';
}
