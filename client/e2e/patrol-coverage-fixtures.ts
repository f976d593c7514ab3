// What the patrol coverage browser test reads of the demo's grids straight from the server's database: their
// households, boxes and shapes, which no API gives whole (the map has them only as tiles).
import type { Sql } from 'postgres';
import { type Circle, type LonLat, type XY } from './replayed-track.ts';

/** A grid of a community with its households, its box and the largest circle inside it (metres). */
export interface CommunityGrid extends Circle {
  code: string;
  households: number;
  bbox: [number, number, number, number];
}

/** The community's grids in force on `day`, most households first (the order the demo hands grids to its leaders). */
export const communityGrids = (sql: Sql, community: string, day: string) => sql<CommunityGrid[]>`
  with g as (
    select g.code, g.geom, (select coalesce(sum(b.households), 0) from building b where b.anchor && g.geom and ST_Intersects(g.geom, b.anchor))::int as households
    from grids_on(${day}::date) g where g.code like ${`${community}%`}
  )
  select g.code, g.households, json_build_array(ST_XMin(g.geom), ST_YMin(g.geom), ST_XMax(g.geom), ST_YMax(g.geom)) as bbox,
    ST_X(c.p) as lon, ST_Y(c.p) as lat, c.radius * cos(radians(ST_Y(c.p))) as "radiusM"
  from g cross join lateral (select ST_Transform(center, 4326) as p, radius from ST_MaximumInscribedCircle(ST_Transform(g.geom, 3857))) c
  order by g.households desc, g.code`;

/** How many of the points lie inside the grid. */
export async function pointsInside(sql: Sql, day: string, code: string, points: readonly LonLat[]) {
  const [r] = await sql<{ n: number }[]>`
    select count(*)::int as n from grids_on(${day}::date) g, unnest(${points.map((f) => f.lon)}::float8[], ${points.map((f) => f.lat)}::float8[]) as p(lon, lat)
    where g.code = ${code} and ST_Covers(g.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))`;
  return r!.n;
}

/**
 * The largest placing of a unit shape (reach 1, see unitShape) wholly inside the grid: a centre among the inscribed
 * circle's and points spread over the grid, a turn in steps of 30°, a size from the grid's inscribed circle up to half its box's diagonal. Worked
 * out in Web Mercator, where a small shape keeps its form (its metres are those units times the cosine of the latitude).
 */
export async function largestPlacing(sql: Sql, day: string, grid: CommunityGrid, shape: readonly XY[]): Promise<{ circle: Circle; rotationDeg: number }> {
  const line = JSON.stringify({ type: 'LineString', coordinates: shape.map((p) => [p.x, p.y]) });
  const [r] = await sql<{ lon: number; lat: number; deg: number; m: number }[]>`
    with g as (select ST_Transform(geom, 3857) as geom, cos(radians(${grid.lat})) as k from grids_on(${day}::date) where code = ${grid.code}),
    t as (select ST_SetSRID(ST_GeomFromGeoJSON(${line}), 3857) as line),
    c as (select ST_Transform(ST_SetSRID(ST_MakePoint(${grid.lon}, ${grid.lat}), 4326), 3857) as p
      union all select (ST_Dump(ST_GeneratePoints(g.geom, 60, 7))).geom from g),
    s as (select ${grid.radiusM}::float8 / g.k * power(greatest(1, ST_Length(ST_BoundingDiagonal(g.geom)) / 2 / (${grid.radiusM}::float8 / g.k)), i / 15.0) as m
      from g, generate_series(0, 15) i)
    select ST_X(ST_Transform(c.p, 4326)) as lon, ST_Y(ST_Transform(c.p, 4326)) as lat, d.deg, s.m * g.k as m
    from g, t, c, s, generate_series(0, 330, 30) d(deg)
    where ST_Covers(g.geom, ST_Translate(ST_Rotate(ST_Scale(t.line, s.m, s.m), radians(d.deg)), ST_X(c.p), ST_Y(c.p)))
    order by s.m desc, d.deg, 1, 2 limit 1`;
  if (!r) throw new Error(`the track fits nowhere in grid ${grid.code}`);
  return { circle: { lon: r.lon, lat: r.lat, radiusM: r.m }, rotationDeg: r.deg };
}
