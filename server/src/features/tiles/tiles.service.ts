import type { Sql } from 'postgres';
import { ByteLru } from './tiles.cache.ts';
import type { TileCoord, TileLayer } from './tiles.domain.ts';
import { createTilesRepo } from './tiles.repo.ts';

const CHANNEL = 'wangge_layer_version';

/** Tiles with in-memory layer versions (kept fresh by LISTEN/NOTIFY) and a byte-bounded LRU cache. */
export function createTilesService(sql: Sql, { cacheBytes = 64 * 1024 * 1024 }: { cacheBytes?: number } = {}) {
  const repo = createTilesRepo(sql);
  const cache = cacheBytes > 0 ? new ByteLru(cacheBytes) : undefined;
  let versions: Map<string, number> | undefined;
  let ready: Promise<void> | undefined;

  const load = async () => {
    versions = new Map(Object.entries(await repo.versions()));
  };
  const onNotify = (payload: string) => {
    const [layer, v] = payload.split(':');
    if (!layer || !v || !versions) return;
    versions.set(layer, Math.max(versions.get(layer) ?? 0, Number(v)));
  };
  // versions are (re)loaded after LISTEN is in place, so no change can slip between the two
  const start = () =>
    (ready ??= sql
      .listen(CHANNEL, onNotify, () => void load())
      .then(load)
      .catch((err: unknown) => {
        ready = undefined;
        throw err;
      }));

  return {
    /** The current data version of every layer. */
    async versions(): Promise<Record<string, number>> {
      await start();
      return Object.fromEntries(versions!);
    },

    /** The current data version of one layer. */
    async version(layer: TileLayer): Promise<number> {
      await start();
      return versions!.get(layer) ?? 0;
    },

    /** One layer's MVT at `version` (from the cache when it holds it); `date` selects the plan in force. */
    async tile(layer: TileLayer, coord: TileCoord, date: string, version: number): Promise<Uint8Array> {
      if (!cache) return repo.tile(layer, coord, date);
      const key = `${layer}/${version}/${layer === 'grids' ? date : ''}/${coord.z}/${coord.x}/${coord.y}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const mvt = await repo.tile(layer, coord, date);
      cache.set(key, mvt);
      return mvt;
    },
  };
}

export type TilesService = ReturnType<typeof createTilesService>;
