import { Hono } from 'hono';
import type { Sql } from 'postgres';
import type { AuthEnv } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { bandStatus, planDate, scopeCoversGrid, staffContacts } from './grids.domain.ts';
import { createGridsRepo } from './grids.repo.ts';
import { gridAtQuery } from './grids.schema.ts';
import type { GridLocator } from './grid-locator.service.ts';

/**
 * GET /api/grids/at?lon=&lat=: the grid under a point of the map (mounted with the tiles, ahead of the
 * /api chain), answered from the locator's memory.
 */
export function gridAtRoutes(locator: GridLocator, clock: () => Date) {
  return new Hono<AuthEnv>().get('/at', validate('query', gridAtQuery), async (c) => {
    const { lon, lat } = c.req.valid('query');
    const found = await locator.at(lon, lat, planDate(clock()));
    if (!found) throw notFound('grid_not_found', `No grid of the plan in force contains ${lon}, ${lat}`);
    return c.json(found);
  });
}

/**
 * GET /api/grids/:id: statistics, and for a signed-in caller the grid's staff (null when anonymous),
 * work phones in full for whoever works the grid (its ledger or its plans), masked for anyone else.
 */
export function gridsRoutes(sql: Sql) {
  const repo = createGridsRepo(sql);
  return new Hono<AuthEnv>()
    .get('/:id', validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param');
      const caller = c.get('caller');
      const grid = await repo.stats(id, caller ? scopeFor(caller.grants, 'residents.read') : { prefixes: [], gridCodes: [] });
      if (!grid) throw notFound('grid_not_found', `No grid with id ${id}`);
      const works = caller !== null && (['residents.read', 'plans.view'] as const).some((p) =>
        scopeCoversGrid(scopeFor(caller.grants, p), grid.code, grid.community.code));
      const staff = caller ? staffContacts(await repo.staff(grid.code, grid.community.id), works) : null;
      return c.json({ ...grid, band: { ...grid.band, status: bandStatus(grid.stats.households, grid.band) }, staff });
    });
}
