/** The baseline of issue 4: ST_ClusterKMeans over building anchors, turned into grid polygons by PostGIS. */
import type { Sql } from 'postgres';

/** Households per grid the baseline aims at: k = round(households / 350). */
export const KMEANS_HOUSEHOLDS_PER_GRID = 350;

/** One baseline grid, as GeoJSON, with the code validateGridSet wants. */
export interface BaselineGrid {
  code: string;
  geom: { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** k for a community of `households` households (at least 1). */
export function kmeansK(households: number): number {
  return Math.max(1, Math.round(households / KMEANS_HOUSEHOLDS_PER_GRID));
}

/**
 * The baseline partition of one community (or of a street office's communities together, for
 * districts), in one statement:
 * 1. anchors = `building.anchor` of every building with households > 0;
 * 2. clusters = `ST_ClusterKMeans(anchor in the community's UTM zone, k)`, unweighted (each building counts once);
 * 3. cells = `ST_VoronoiPolygons` of all those anchors, extended to the community's envelope; each cell takes the
 *    cluster of the anchor it contains (a cell holding several anchors at the same point takes the first);
 * 4. grid = `ST_Intersection(ST_Union(cells of a cluster), community boundary)`, polygons only.
 * Buildings without households lie wherever their point falls; a grid is never empty of households.
 */
export async function kmeansPartition(sql: Sql, communityId: number, k: number): Promise<BaselineGrid[]> {
  const rows = await sql<{ cid: number; geom: string }[]>`
    with c as (
      select geom, 32600 + floor((ST_X(ST_Centroid(geom)) + 180) / 6)::int + 1 as utm from jurisdiction where id = ${communityId}
    ), b as (
      select b.anchor, ST_ClusterKMeans(ST_Transform(b.anchor, c.utm), ${k}) over () as cid
      from building b, c where b.households > 0
        and b.community_id in (select id from jurisdiction where id = ${communityId} or parent_id = ${communityId})
    ), cells as (
      select d.geom as cell from c, ST_Dump(ST_VoronoiPolygons((select ST_Collect(anchor) from b), 0, c.geom)) d
    ), owned as (
      select distinct on (cells.cell) b.cid, cells.cell from cells join b on ST_Contains(cells.cell, b.anchor) order by cells.cell, b.cid
    )
    select o.cid, ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_Intersection(ST_Union(o.cell), c.geom), 3)), 7) as geom
    from owned o, c group by o.cid, c.geom order by o.cid`;
  return rows.map((r, i) => ({ code: String(i + 1).padStart(3, '0'), geom: JSON.parse(r.geom) }));
}
