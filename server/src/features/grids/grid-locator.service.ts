import type { MultiPolygon } from 'geojson';
import type { Sql } from 'postgres';
import type { TilesService } from '../tiles/tiles.service.ts';
import { buildGridIndex, type GridIndex } from './grid-index.domain.ts';
import { createGridsRepo, type GridAt } from './grids.repo.ts';

/** Plan dates whose index is kept (today, and a few dates a client asked about). */
const KEPT_DATES = 4;

/**
 * The grid under a point from memory: the plan in force on a date is indexed once
 * (grid-index.domain.ts) and kept while the grids and jurisdictions layers keep their versions, which
 * every app instance follows by LISTEN/NOTIFY (the tiles service's versions). A lookup then costs no
 * database round trip; any write to grids, plans or jurisdictions makes the next lookup re-read them.
 */
export function createGridLocator(sql: Sql, tiles: Pick<TilesService, 'version'>) {
  const repo = createGridsRepo(sql);
  const indexes = new Map<string, { key: string; index: Promise<GridIndex<GridAt>> }>();

  const load = async (date: string): Promise<GridIndex<GridAt>> => {
    const grids = await repo.inForce(date);
    return buildGridIndex(grids.map((g) => ({ geom: g.geom as MultiPolygon, value: g.at })));
  };

  return {
    async at(lon: number, lat: number, date: string): Promise<GridAt | undefined> {
      const key = `${await tiles.version('grids')}/${await tiles.version('jurisdictions')}`;
      let entry = indexes.get(date);
      if (!entry || entry.key !== key) {
        entry = { key, index: load(date) };
        // a failed load is not kept: the next lookup tries again
        entry.index.catch(() => indexes.get(date) === entry && indexes.delete(date));
        indexes.delete(date);
        indexes.set(date, entry);
        for (const old of indexes.keys()) if (indexes.size > KEPT_DATES) indexes.delete(old);
      }
      return (await entry.index).at(lon, lat);
    },
  };
}

export type GridLocator = ReturnType<typeof createGridLocator>;
