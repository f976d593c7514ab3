import { Hono } from 'hono';
import type { Sql } from 'postgres';
import type { AppConfig } from '../../config.ts';
import type { AuthEnv, Caller } from '../../http/auth.ts';
import { planDate } from '../grids/grids.domain.ts';
import { createJurisdictionsRepo } from '../jurisdictions/jurisdictions.repo.ts';
import type { TilesService } from '../tiles/tiles.service.ts';
import { TILE_LAYERS, type TileLayer } from '../tiles/tiles.domain.ts';
import { createMapRepo } from './map.repo.ts';

const DEFAULT_BAND = { min: 200, max: 500 };

/** Where the map opens: the caller's grants; anonymous (or grants without geometry yet), the home county; else everything. */
async function startExtent(repo: ReturnType<typeof createJurisdictionsRepo>, caller: Caller | null, homeCounty: string | undefined, date: string) {
  const own = caller?.grants.length
    ? await repo.extentOfGrants({
      jurisdictionIds: caller.grants.flatMap((g) => (g.jurisdictionId === null ? [] : [g.jurisdictionId])),
      gridCodes: caller.grants.flatMap((g) => g.gridCodes ?? []),
    }, date)
    : null;
  return own ?? (await repo.extent(homeCounty)) ?? (await repo.extent());
}

/**
 * GET /api/map: what the client needs to build its style (versioned tile URLs, the start extent,
 * basemap) and the grids the caller is granted by code, which the map marks, frames and opens.
 */
export function mapRoutes(sql: Sql, tiles: TilesService, config: AppConfig, clock: () => Date) {
  const jurisdictions = createJurisdictionsRepo(sql);
  const repo = createMapRepo(sql);
  return new Hono<AuthEnv>().get('/', async (c) => {
    const caller = c.get('caller');
    const date = planDate(clock());
    const [versions, bounds, ownGrids] = await Promise.all([
      tiles.versions(), startExtent(jurisdictions, caller, config.homeCounty, date),
      repo.ownGrids([...new Set(caller?.grants.flatMap((g) => g.gridCodes ?? []) ?? [])], date),
    ]);
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
      ownGrids,
      band: DEFAULT_BAND,
      tiles: Object.fromEntries(Object.entries(layers).map(([k, v]) => [k, v.url])) as Record<TileLayer, string>,
      layers,
      basemap: config.basemap,
    });
  });
}
