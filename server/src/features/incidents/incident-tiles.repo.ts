import type { Sql } from 'postgres';
import { withCustomPlans } from '../../db/custom-plan.ts';
import type { TileCoord } from '../tiles/tiles.domain.ts';
import { cellShift, EXTENT, MAX_POINTS, tileKeyRange, windowDays, CELLS_PER_TILE_BITS } from './incident-tiles.domain.ts';
import { incidentInScope, type IncidentScope } from './incidents.repo.ts';

const OPEN = ['reported', 'accepted', 'dispatched', 'handling', 'fed_back'];
const BUFFER = 64;

/** What a heatmap tile shows: the cases of a window, optionally of a category (2- or 4-digit) and statuses. */
export interface HeatFilter {
  from: Date;
  to: Date;
  category?: string;
  status?: string[];
}

/** The heatmap's queries: cells (count and top category) up to CELL_MAX_ZOOM, the cases themselves above it. */
export function createIncidentTilesRepo(sql: Sql) {
  const filters = (scope: IncidentScope, f: HeatFilter) => sql`
    ${f.category ? (f.category.length === 2 ? sql`and i.category_code like ${`${f.category}__`}` : sql`and i.category_code = ${f.category}`) : sql``}
    ${f.status?.length ? sql`and i.status = any(${f.status}::text[])` : sql``}
    and ${incidentInScope(sql, scope)}`;
  // The window as days of the index on (reported_day, tile_key), the edges checked on the first and last day only.
  // The years around it prune the yearly partitions; a plain range on reported_at would also offer the planner the
  // BRIN, whose lossy bitmap over a month of the heap it prefers (measured: ~4× slower than the index-only scan).
  const byDays = (f: HeatFilter) => {
    const days = windowDays(f.from, f.to);
    const margin = 2 * 86_400_000;
    return sql`i.reported_at >= ${new Date(Date.UTC(f.from.getUTCFullYear(), 0, 1) - margin)} and i.reported_at < ${new Date(Date.UTC(f.to.getUTCFullYear() + 1, 0, 1) + margin)}
      and i.reported_day = any(${days}::int[])
      and (i.reported_day <> ${days[0]!} or i.reported_at >= ${f.from}) and (i.reported_day <> ${days.at(-1)!} or i.reported_at < ${f.to})`;
  };

  return {
    /** Cells of 1/32 of the tile: one point at each cell's centre with its case count and most frequent category. */
    async cells(t: TileCoord, scope: IncidentScope, f: HeatFilter): Promise<Uint8Array> {
      const { lo, hi } = tileKeyRange(t);
      const size = EXTENT >> CELLS_PER_TILE_BITS;
      const across = 1 << CELLS_PER_TILE_BITS;
      const [row] = await withCustomPlans(sql, (tx) => tx`
        -- mode() ranks a cell's categories by count, ties to the lowest code (measured faster than counting per category first)
        with cells as (
          select i.tile_key >> ${cellShift(t.z)} as cell, count(*)::int as count, mode() within group (order by i.category_code) as category
          from incident i
          where i.tile_key >= ${lo.toString()}::bigint and i.tile_key < ${hi.toString()}::bigint and ${byDays(f)} ${filters(scope, f)}
          group by 1),
        features as (
          select c.count, c.category,
                 ST_MakePoint((xy.x - ${t.x * across}) * ${size} + ${size / 2}, (xy.y - ${t.y * across}) * ${size} + ${size / 2}) as geom
          from cells c, incident_key_xy(c.cell) xy)
        select ST_AsMVT(features, 'incident_cells', ${EXTENT}, 'geom') as mvt from features`);
      return (row?.mvt as Uint8Array | null) ?? new Uint8Array();
    },

    /**
     * The cases themselves (id, category, status, overdue now), those in the tile's buffer included, newest first. A tile
     * above z14 is small: the GiST on geom with the window's range finds its cases faster than the day-by-day key ranges.
     */
    async points(t: TileCoord, scope: IncidentScope, f: HeatFilter, now: Date): Promise<Uint8Array> {
      const envelope = sql`ST_TileEnvelope(${t.z}, ${t.x}, ${t.y})`;
      const [row] = await withCustomPlans(sql, (tx) => tx`
        with f as (
          select i.id, i.category_code as category, i.status, (i.status = any(${OPEN}::text[]) and i.due_at < ${now}) as overdue,
                 ST_AsMVTGeom(ST_Transform(i.geom, 3857), ${envelope}, ${EXTENT}, ${BUFFER}, true) as geom
          from incident i
          where i.geom && ST_Transform(ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}, margin => ${BUFFER / EXTENT}), 4326)
            and i.reported_at >= ${f.from} and i.reported_at < ${f.to} ${filters(scope, f)}
          order by i.reported_at desc, i.id desc limit ${MAX_POINTS})
        select ST_AsMVT(f, 'incidents', ${EXTENT}, 'geom') as mvt from f where geom is not null`);
      return (row?.mvt as Uint8Array | null) ?? new Uint8Array();
    },
  };
}

export type IncidentTilesRepo = ReturnType<typeof createIncidentTilesRepo>;
