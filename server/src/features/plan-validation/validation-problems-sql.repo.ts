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
  return sql`(select coalesce(json_agg(x), '[]') from (
    select o.a, o.b, ${piece(sql, 'o.geom')}
    from (
      select a.ord as a, b.ord as b, ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) as geom
      -- every two grids are compared (a CTE has no index): as narrow rows of plain numbers, not geometry
      -- boxes; then interiors that meet, one relate instead of intersects and touches
      from (select ord, x0, y0, x1, y1 from g) ab
      join (select ord, x0, y0, x1, y1 from g) bb on ab.ord < bb.ord and ab.x0 <= bb.x1 and bb.x0 <= ab.x1 and ab.y0 <= bb.y1 and bb.y0 <= ab.y1
      join g a on a.ord = ab.ord join g b on b.ord = bb.ord
      where ST_Relate(a.geom, b.geom, 'T********') offset 0) o
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
  // anti-join or a probe of g nested-loops over the CTE: 24,000 × 600 comparisons on a street office)
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
