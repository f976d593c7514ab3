// The problem finders of the validation query: pieces of area (gaps, overlaps, grid area outside its
// community) and buildings (unassigned, split, compounds), each one JSON array over the CTEs that
// validation-sql.repo.ts defines (comm, g, bg).
import type { PendingQuery, Row, Sql } from 'postgres';
import { SLIVER_AREA_M2, SPLIT_MIN_M2 } from './validation.domain.ts';

/** A piece of SQL that the validation query embeds. */
export type Fragment = PendingQuery<Row[]>;

const whereText = (geom: string) => `json_build_array(ST_XMin(${geom}), ST_YMin(${geom}), ST_XMax(${geom}), ST_YMax(${geom})) as bbox,
    json_build_array(ST_X(ST_PointOnSurface(${geom})), ST_Y(ST_PointOnSurface(${geom}))) as point`;

/** `[w, s, e, n]` and a point on the surface of a geometry expression, as JSON. */
export const where = (sql: Sql, geom: string) => sql.unsafe(whereText(geom));

/**
 * Pieces of a geometry column with area, perimeter, where, and the simplified shape. The subqueries
 * that compute pieces end in `offset 0` so PostgreSQL does not pull them up and recompute the
 * intersection or difference once for every use of the column.
 */
const piece = (sql: Sql, geom: string) =>
  sql.unsafe(`ST_Area(${geom}::geography) as "areaM2", ST_Perimeter(${geom}::geography) as "perimeterM",
    ST_AsGeoJSON(ST_SimplifyPreserveTopology(${geom}, 0.000002), 7)::json as geom, ${whereText(geom)}`);

/** Community area covered by no grid, one row per polygon. */
function gapRows(sql: Sql): Fragment {
  return sql`(select coalesce(json_agg(x), '[]') from (
    select d.community_id as "communityId", d.community_code as "communityCode", ${piece(sql, 'd.geom')}
    from (
      select c.id as community_id, c.code as community_code,
             (ST_Dump(ST_Difference(c.geom, coalesce(
               (select ST_Union(g.geom) from g where g.geom && c.geom), 'SRID=4326;GEOMETRYCOLLECTION EMPTY'::geometry)))).geom
      from comm c offset 0) d
    where ST_Area(d.geom::geography) >= ${SLIVER_AREA_M2}) x)`;
}

/** Pairs of grids sharing area. */
function overlapRows(sql: Sql): Fragment {
  // A CTE has no index, and comparing every two grids cost ~50 ms on a 600-grid street office. Instead,
  // a lattice of about one cell per grid over their extent: each grid is listed (with its shape) in the
  // cells its box spans, and two grids whose boxes meet share a cell (the same arithmetic on the same
  // edge), so one join on the cell finds the candidates; then their boxes, then interiors that meet
  // (one relate, not intersects and touches).
  return sql`(select coalesce(json_agg(x), '[]') from (
    with lattice as (
      select min(x0) as ox, min(y0) as oy, greatest((max(x1) - min(x0)) / ceil(sqrt(count(*))), 1e-9) as w,
             greatest((max(y1) - min(y0)) / ceil(sqrt(count(*))), 1e-9) as h
      from g where x0 is not null),
    cell as materialized (
      select g.ord, g.geom, g.x0, g.y0, g.x1, g.y1, i, j from g cross join lattice l
      cross join generate_series(floor((g.x0 - l.ox) / l.w)::int, floor((g.x1 - l.ox) / l.w)::int) i
      cross join generate_series(floor((g.y0 - l.oy) / l.h)::int, floor((g.y1 - l.oy) / l.h)::int) j
      where g.x0 is not null),
    pair as (
      select distinct on (a.ord, b.ord) a.ord as a, b.ord as b, a.geom as ga, b.geom as gb
      from cell a join cell b on a.i = b.i and a.j = b.j and a.ord < b.ord
      where a.x0 <= b.x1 and b.x0 <= a.x1 and a.y0 <= b.y1 and b.y0 <= a.y1
      order by a.ord, b.ord)
    select o.a, o.b, ${piece(sql, 'o.geom')}
    from (
      select p.a, p.b, ST_CollectionExtract(ST_Intersection(p.ga, p.gb), 3) as geom
      from pair p where ST_Relate(p.ga, p.gb, 'T********') offset 0) o
    where ST_Area(o.geom::geography) >= ${SLIVER_AREA_M2}) x)`;
}

/** Grid area outside the grid's own community. */
function outsideRows(sql: Sql): Fragment {
  return sql`(select coalesce(json_agg(x), '[]') from (
    select o.ord, ${piece(sql, 'o.geom')}
    from (
      select g.ord, case when g.cgeom is null then g.geom else ST_Difference(g.geom, g.cgeom) end as geom
      from g where g.cgeom is null or not ST_CoveredBy(g.geom, g.cgeom) offset 0) o
    where ST_Area(o.geom::geography) >= ${SLIVER_AREA_M2}) x)`;
}

/** Buildings anchored in a community of the jurisdiction but in no grid. */
function unassignedRows(sql: Sql): Fragment {
  // bg holds every building some grid anchors; `not in` makes it one hashed lookup per building (an
  // anti-join or a probe of g nested-loops over the CTE: 24,000 × 600 comparisons on a street office).
  // PostgreSQL hashes it while bg's estimate fits in work_mem (it estimates a few dozen rows here).
  return sql`(select coalesce(json_agg(x order by x."buildingId"), '[]') from (
    select b.id as "buildingId", b.households, c.id as "communityId", ${where(sql, 'b.geom')}
    from comm c join building b on b.anchor && c.geom and ST_Intersects(c.geom, b.anchor)
    where b.id not in (select bg.id from bg)) x)`;
}

/** Buildings whose footprint reaches into grids other than their anchor's: the biggest such piece. */
function splitRows(sql: Sql): Fragment {
  // grid-driven: each grid finds the footprints that cross into it by the building index, so only
  // buildings on a boundary are looked at; their home grid is probed per candidate (few of them)
  return sql`(select coalesce(json_agg(x order by x."buildingId"), '[]') from (
    select s.id as "buildingId", s.households, s.home as "homeOrd", array_agg(s.other order by s.other) as "otherOrds",
           max(s.piece_m2) as "pieceM2", min(s.footprint_m2) as "footprintM2", ${where(sql, '(array_agg(s.geom))[1]')}
    from (
      select b.id, b.households, o.ord as other, b.geom,
             (select h.ord from g h where h.geom && b.anchor and ST_Intersects(h.geom, b.anchor) order by h.ord limit 1) as home,
             ST_Area(ST_Intersection(b.geom, o.geom)::geography) as piece_m2, ST_Area(b.geom::geography) as footprint_m2
      from g o join building b on b.geom && o.geom
      -- cheapest test first (PostgreSQL keeps the written order of equally costed quals): most footprints
      -- that reach a grid are anchored in it
      where not ST_Intersects(o.geom, b.anchor) and ST_Intersects(o.geom, b.geom) and not ST_Touches(o.geom, b.geom)
      offset 0) s
    where s.home is not null and s.piece_m2 > ${SPLIT_MIN_M2}
    group by s.id, s.households, s.home) x)`;
}

/** Compounds whose buildings lie in more than one grid. */
function compoundRows(sql: Sql): Fragment {
  return sql`(select coalesce(json_agg(x order by x."compoundId"), '[]') from (
    select k.id as "compoundId", s.ords, s.households, ${where(sql, 'k.geom')}
    from (
      select bg.compound_id, array_agg(distinct bg.ord) as ords, sum(bg.households)::int as households
      from bg where bg.compound_id is not null group by bg.compound_id having count(distinct bg.ord) > 1) s
    join compound k on k.id = s.compound_id) x)`;
}


/** Every problem finder as a column of the answer row. */
export function problemColumns(sql: Sql): Fragment {
  return sql`${gapRows(sql)} as gaps, ${overlapRows(sql)} as overlaps, ${outsideRows(sql)} as outside,
    ${unassignedRows(sql)} as unassigned, ${splitRows(sql)} as splits, ${compoundRows(sql)} as compounds`;
}
