import type { Sql, PendingQuery, Row } from 'postgres';
import type { TileCoord, TileLayer } from './tiles.domain.ts';

const EXTENT = 4096;
const BUFFER = 64;
const MAJOR_ROADS = ['motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link'];
const MINOR_ROADS = [...MAJOR_ROADS, 'tertiary', 'tertiary_link', 'residential', 'unclassified', 'living_street'];

type Fragment = PendingQuery<Row[]>;

/** Every tile query. Each returns one bytea: the layer's MVT (several source-layers joined with ||). */
export function createTilesRepo(sql: Sql) {
  // tile envelope in 3857 for clipping; search box in 4326 with a margin so edges draw seamlessly
  const bounds = ({ z, x, y }: TileCoord) => sql`bounds as (
    select ST_TileEnvelope(${z}, ${x}, ${y}) as b3857,
           ST_Transform(ST_TileEnvelope(${z}, ${x}, ${y}, margin => ${BUFFER / EXTENT}), 4326) as search,
           ST_Transform(ST_TileEnvelope(${z}, ${x}, ${y}), 4326) as exact)`;
  const mvtGeom = (geom: Fragment) => sql`ST_AsMVTGeom(ST_Transform(${geom}, 3857), bounds.b3857, ${EXTENT}, ${BUFFER}, true)`;
  // labels go only into the tile that holds the point, so MapLibre never draws them twice
  const labelGeom = (point: Fragment) => sql`ST_AsMVTGeom(ST_Transform(${point}, 3857), bounds.b3857, ${EXTENT}, 0, true)`;

  const queries: Record<TileLayer, (t: TileCoord, date: string) => Fragment> = {
    grids: (t, date) => sql`
      with ${bounds(t)},
      g as (
        select g.id, g.code, g.name, g.color, g.geom, c.household_min, c.household_max, c.name as community
        from grid g join grid_plan p on p.id = g.plan_id join jurisdiction c on c.id = g.community_id, bounds
        where g.geom && bounds.search
          and p.status in ('published', 'retired')
          and p.valid_from <= ${date}::date and (p.valid_to is null or p.valid_to > ${date}::date)),
      s as (
        select g.*, coalesce(h.households, 0) as households, coalesce(h.estimated, false) as estimated
        from g left join lateral (
          select sum(b.households)::int as households, bool_or(b.households_estimated) as estimated
          from building b where b.anchor && g.geom and ST_Intersects(g.geom, b.anchor)) h on true),
      polys as (
        select id, code, name, households, estimated, color,
               case when households < household_min then 'under' when households > household_max then 'over' else 'within' end as band,
               ${mvtGeom(sql`geom`)} as geom
        from s, bounds),
      labels as (
        -- the community's name names a grid without a name of its own (its sequence repeats in every community)
        select id, code, name, community, households, ${labelGeom(sql`ST_PointOnSurface(s.geom)`)} as geom
        from s, bounds where ST_Intersects(ST_PointOnSurface(s.geom), bounds.exact))
      select (select ST_AsMVT(polys, 'grids', ${EXTENT}, 'geom') from polys where geom is not null)
          || (select ST_AsMVT(labels, 'grid_labels', ${EXTENT}, 'geom') from labels where geom is not null) as mvt`,

    buildings: (t) => sql`
      with ${bounds(t)},
      f as (
        select b.id, b.kind, b.households, b.floors, b.compound_id, ${mvtGeom(sql`b.geom`)} as geom
        from building b, bounds where b.geom && bounds.search limit 20000)
      select ST_AsMVT(f, 'buildings', ${EXTENT}, 'geom') as mvt from f where geom is not null`,

    roads: (t) => {
      const classes = t.z < 12 ? MAJOR_ROADS : t.z < 14 ? MINOR_ROADS : null;
      return sql`
        with ${bounds(t)},
        f as (
          select r.class, r.name, ${mvtGeom(sql`r.geom`)} as geom
          from road r, bounds
          where r.geom && bounds.search and (${classes}::text[] is null or r.class = any(${classes}::text[])))
        select ST_AsMVT(f, 'roads', ${EXTENT}, 'geom') as mvt from f where geom is not null`;
    },

    jurisdictions: (t) => {
      const levels = t.z < 11 ? ['county', 'town'] : ['county', 'town', 'community'];
      return sql`
        with ${bounds(t)},
        j as (select id, code, name, level, geom from jurisdiction, bounds
              where geom && bounds.search and level = any(${levels}::text[])),
        polys as (select id, code, name, level, ${mvtGeom(sql`geom`)} as geom from j, bounds),
        labels as (select id, code, name, level, ${labelGeom(sql`ST_PointOnSurface(j.geom)`)} as geom
                   from j, bounds where ST_Intersects(ST_PointOnSurface(j.geom), bounds.exact))
        select (select ST_AsMVT(polys, 'jurisdictions', ${EXTENT}, 'geom') from polys where geom is not null)
            || (select ST_AsMVT(labels, 'jurisdiction_labels', ${EXTENT}, 'geom') from labels where geom is not null) as mvt`;
    },

    landcover: (t) => sql`
      with ${bounds(t)},
      f as (select l.class, l.name, ${mvtGeom(sql`l.geom`)} as geom from landcover l, bounds where l.geom && bounds.search)
      select ST_AsMVT(f, 'landcover', ${EXTENT}, 'geom') as mvt from f where geom is not null`,
  };

  return {
    /** The MVT bytes of one layer's tile (empty when nothing is there). `date` selects the plan in force. */
    async tile(layer: TileLayer, coord: TileCoord, date: string): Promise<Uint8Array> {
      const [row] = await queries[layer](coord, date);
      return (row?.mvt as Uint8Array | null) ?? new Uint8Array();
    },

    /** The data version of every layer, bumped by triggers on change. */
    async versions(): Promise<Record<string, number>> {
      const rows = await sql<{ layer: string; version: string }[]>`select layer, version from layer_version`;
      return Object.fromEntries(rows.map((r) => [r.layer, Number(r.version)]));
    },

    /** The data version of one layer. */
    async version(layer: TileLayer): Promise<number> {
      const [r] = await sql<{ version: string }[]>`select version from layer_version where layer = ${layer}`;
      return Number(r?.version ?? 0);
    },
  };
}
