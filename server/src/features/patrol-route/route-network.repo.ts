import type { Sql } from 'postgres';

/** A point snapped to the walking network: its vertex, and how far the point lies from it. */
export interface Snapped {
  vertex: number;
  snapM: number;
}

/** The walked line through the vertices, one leg per pair of consecutive ones. */
export interface WalkedPath {
  /** GeoJSON LineString on the streets, or null when the vertices are all one. */
  line: { type: 'LineString'; coordinates: [number, number][] } | null;
  /** Metres of each leg, in the order of the vertices (one fewer than them). */
  legsM: number[];
}

/** A point farther than this from the network's component is not on it (a grid with no streets). */
export const MAX_SNAP_M = 500;
/** The routing graph is the region's edges within this many degrees (~1 km) around the points. */
const GRAPH_MARGIN_DEG = 0.01;

/**
 * pgRouting's edges SQL: the walking network of the regions around the vertices. Built by format() in
 * PostgreSQL from the statement's own parameters, never from text in JavaScript.
 */
function edgesSql(sql: Sql, regions: readonly string[], vertices: readonly number[]) {
  return sql`format('select id, source, target, length_m as cost, length_m as reverse_cost from route_edge where region_code = any(%L::text[]) and geom && %L::geometry',
    ${regions as string[]}::text[],
    (select ST_Expand(ST_Extent(geom)::geometry, ${GRAPH_MARGIN_DEG}) from route_vertex where id = any(${vertices as number[]}::bigint[])))`;
}

/** The walking network of regions (data/migrations/021_routing.sql): kept fresh, snapped to, routed on. */
export function createRouteNetworkRepo(sql: Sql) {
  return {
    /** Builds the networks of the regions that have none yet or whose roads changed since; answers those rebuilt. */
    async ensure(regions: readonly string[]): Promise<string[]> {
      const fresh = await sql`select region_code from route_network where region_code = any(${regions as string[]}::text[]) and not stale`;
      const todo = regions.filter((r) => !fresh.some((f) => f.region_code === r));
      // one at a time: each locks its region, and a concurrent request finds it fresh after waiting
      for (const r of todo) await sql`select rebuild_route_network(${r}, false)`;
      return todo;
    },

    /** Rebuilds a region's network now (after its roads were replaced); answers its edge count. */
    async rebuild(region: string): Promise<number> {
      const [r] = await sql`select rebuild_route_network(${region}) as edges`;
      return Number(r!.edges);
    },

    /**
     * Snaps each point to the nearest vertex of one connected component of the regions' network: the
     * component most of the points lie nearest to. Points farther than MAX_SNAP_M from it get undefined.
     */
    async snap(regions: readonly string[], points: readonly (readonly [number, number])[]): Promise<(Snapped | undefined)[]> {
      if (points.length === 0) return [];
      const rows = await sql`
        with pts as (
          select i, ST_SetSRID(ST_MakePoint(lon, lat), 4326) as pt
          from unnest(${points.map((p) => p[0])}::float8[], ${points.map((p) => p[1])}::float8[]) with ordinality as u(lon, lat, i)
        ), nearest as (
          select v.component from pts p cross join lateral (
            select component from route_vertex v where v.region_code = any(${regions as string[]}::text[])
            order by v.geom <-> p.pt limit 1) v
        ), main as (
          select component from nearest group by component order by count(*) desc, component limit 1
        )
        select p.i, v.id, ST_Distance(v.geom::geography, p.pt::geography) as snap_m
        from pts p cross join main cross join lateral (
          select id, geom from route_vertex v where v.region_code = any(${regions as string[]}::text[]) and v.component = main.component
          order by v.geom <-> p.pt limit 1) v`;
      const out: (Snapped | undefined)[] = points.map(() => undefined);
      for (const r of rows) {
        if (Number(r.snap_m) <= MAX_SNAP_M) out[Number(r.i) - 1] = { vertex: Number(r.id), snapM: Number(r.snap_m) };
      }
      return out;
    },

    /** Walking metres between every two of the vertices (pgr_dijkstraCostMatrix); a missing pair has no path. */
    async costs(regions: readonly string[], vertices: readonly number[]): Promise<Map<string, number>> {
      const unique = [...new Set(vertices)];
      const out = new Map<string, number>();
      if (unique.length < 2) return out;
      const rows = await sql`select start_vid, end_vid, agg_cost
        from pgr_dijkstraCostMatrix(${edgesSql(sql, regions, unique)}, ${unique}::bigint[], false)`;
      for (const r of rows) out.set(`${r.start_vid}:${r.end_vid}`, Number(r.agg_cost));
      return out;
    },

    /** The shortest walk through the vertices in order (pgr_dijkstraVia), as one line and the length of each leg. */
    async path(regions: readonly string[], vertices: readonly number[]): Promise<WalkedPath> {
      if (vertices.length < 2) return { line: null, legsM: [] };
      const [r] = await sql`
        with via as (
          select path_id, path_seq, node, edge, cost from pgr_dijkstraVia(${edgesSql(sql, regions, vertices)}, ${vertices as number[]}::bigint[], false)
        ), walked as (
          select v.path_id, v.path_seq, case when v.node = e.source then e.geom else ST_Reverse(e.geom) end as geom
          from via v join route_edge e on e.id = v.edge
        )
        select (select ST_AsGeoJSON(ST_MakeLine(geom order by path_id, path_seq), 6)::json from walked) as line,
          (select coalesce(json_agg(json_build_array(path_id, m)), '[]') from (select path_id, sum(cost) as m from via group by path_id) l) as legs`;
      // a leg without a path (none within the graph's box) stays NaN
      const legsM = vertices.slice(1).map(() => NaN);
      for (const [leg, m] of r!.legs as [number, number][]) legsM[leg - 1] = Number(m);
      return { line: (r!.line as WalkedPath['line']) ?? null, legsM };
    },
  };
}

export type RouteNetworkRepo = ReturnType<typeof createRouteNetworkRepo>;
