import { Hono } from 'hono';
import type { Sql } from 'postgres';
import type { AppConfig } from '../../config.ts';
import { createJurisdictionsRepo } from '../jurisdictions/jurisdictions.repo.ts';
import type { TilesService } from '../tiles/tiles.service.ts';
import { TILE_LAYERS, type TileLayer } from '../tiles/tiles.domain.ts';

const DEFAULT_BAND = { min: 200, max: 500 };

/** GET /api/map: what the client needs to build its style (versioned tile URLs, extent, basemap). */
export function mapRoutes(sql: Sql, tiles: TilesService, config: AppConfig) {
  const jurisdictions = createJurisdictionsRepo(sql);
  return new Hono().get('/', async (c) => {
    const [versions, bbox] = await Promise.all([tiles.versions(), jurisdictions.extent(config.homeCounty)]);
    const bounds = bbox ?? (await jurisdictions.extent());
    const layers = Object.fromEntries(
      (Object.keys(TILE_LAYERS) as TileLayer[]).map((l) => [
        l, { url: `/tiles/${l}/{z}/{x}/{y}.mvt?v=${versions[l] ?? 0}`, ...TILE_LAYERS[l] },
      ]),
    ) as Record<TileLayer, { url: string; minzoom: number; maxzoom: number }>;
    const center: [number, number] = bounds ? [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2] : [116.3517, 40.0033];
    return c.json({
      center,
      zoom: 15,
      bounds,
      band: DEFAULT_BAND,
      tiles: Object.fromEntries(Object.entries(layers).map(([k, v]) => [k, v.url])) as Record<TileLayer, string>,
      layers,
      basemap: config.basemap,
    });
  });
}
