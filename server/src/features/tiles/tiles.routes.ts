import { Hono } from 'hono';
import { AppError, badRequest } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';
import { planDate } from '../grids/grids.domain.ts';
import { isTileLayer, outsideLayerZoom, tileCacheControl, tileCoordProblem, tileEtag, TILE_LAYERS } from './tiles.domain.ts';
import { tileCoordParams } from './tiles.schema.ts';
import type { TilesService } from './tiles.service.ts';

const MVT = 'application/vnd.mapbox-vector-tile';

/** GET /tiles/:layer/:z/:x/:y.mvt: vector tiles made by ST_AsMVT, with ETag and Cache-Control. */
export function tilesRoutes(tiles: TilesService, clock: () => Date) {
  return new Hono().get('/:layer/:z/:x/:y', validate('param', tileCoordParams.passthrough()), async (c) => {
    const layer = c.req.param('layer');
    if (!isTileLayer(layer)) {
      throw new AppError(404, 'unknown_layer', `Unknown tile layer "${layer}"; layers: ${Object.keys(TILE_LAYERS).join(', ')}`);
    }
    const { z, x, y } = c.req.valid('param');
    const problem = tileCoordProblem({ z, x, y });
    if (problem) throw badRequest('invalid_tile', problem);
    const version = await tiles.version(layer);
    // the grid layer shows the plan in force today, so its ETag carries the date
    const date = planDate(clock());
    const etag = tileEtag(layer, version, { z, x, y }, layer === 'grids' ? date : undefined);
    c.header('ETag', etag);
    c.header('Cache-Control', tileCacheControl(c.req.query('v'), version));
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304);
    if (outsideLayerZoom(layer, z)) return c.body(null, 204);
    const mvt = await tiles.tile(layer, { z, x, y }, date, version);
    if (mvt.length === 0) return c.body(null, 204);
    return c.body(mvt as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': MVT });
  });
}
