// The validation query, in named pieces. One round trip: the grids come in as a `src` relation
// (from a JSON parameter or from the grid table), every measure is a CTE over it, and the answer
// is one row of JSON arrays that validation-report.domain.ts turns into a PlanValidation.
import type { PendingQuery, Row, Sql } from 'postgres';
import { SLIVER_AREA_M2, SPLIT_MIN_M2, STREET_CLASSES, STREET_DISTANCE_M } from './validation.domain.ts';

type Fragment = PendingQuery<Row[]>;

/** `[w, s, e, n]` and a point on the surface of a geometry expression, as JSON. */
const where = (sql: Sql, geom: string) =>
  sql.unsafe(`json_build_array(ST_XMin(${geom}), ST_YMin(${geom}), ST_XMax(${geom}), ST_YMax(${geom})) as bbox,
    json_build_array(ST_X(ST_PointOnSurface(${geom})), ST_Y(ST_PointOnSurface(${geom}))) as point`);

/** Communities of the jurisdiction (itself, its children, or its grandchildren), a metric SRID and an extent. */
function communities(sql: Sql, jurisdictionId: number): Fragment {
  return sql`
    comm as materialized (
      select c.id, c.code, c.household_min as bmin, c.household_max as bmax, c.geom
      from jurisdiction c
      where c.level = 'community' and c.geom is not null
        and (c.id = ${jurisdictionId} or c.parent_id = ${jurisdictionId}
             or c.parent_id in (select id from jurisdiction where parent_id = ${jurisdictionId}))),
    jur as (select id, household_min as bmin, household_max as bmax from jurisdiction where id = ${jurisdictionId}),
    -- UTM zone of the jurisdiction: lengths and buffers for the street share in metres
    proj as (
      select 32600 + floor((ST_X(ST_Centroid(ST_Collect(geom))) + 180) / 6)::int + 1 as srid,
             ST_Expand(ST_Extent(geom)::geometry, 0.001) as box
      from comm)`;
}

/** Grids made valid (invalid ones flagged), with the community that holds most of their area. */
function grids(sql: Sql): Fragment {
  return sql`
    g00 as materialized (
      select s.*, ST_IsValid(s.raw) as is_valid from src s),
    g0 as materialized (
      -- valid as a write takes it (ST_IsValid, the rule of every grid edit and of accept) and not a sliver,
      -- which a write would clip away to nothing
      select s.ord, s.code, s.name, s.justification, s.locked,
             s.is_valid and ST_Area(m.geom::geography) >= ${SLIVER_AREA_M2} as valid, m.geom,
             -- where to zoom even when the repair left nothing (a polygon with no area)
             case when ST_IsEmpty(m.geom) then ST_Envelope(s.raw) else m.geom end as at
      from g00 s cross join lateral (
        select case when s.is_valid then ST_Multi(s.raw) else ST_Multi(ST_CollectionExtract(ST_MakeValid(s.raw), 3)) end as geom) m),
    g as materialized (
      select g0.*, c.id as community_id, c.bmin, c.bmax, c.geom as cgeom
      from g0 left join lateral (
        select c.* from comm c where c.geom && g0.geom and ST_Intersects(c.geom, g0.geom)
        order by ST_Area(ST_Intersection(c.geom, g0.geom)) desc, c.id limit 1) c on true)`;
}

/** Buildings by the grid holding their anchor (the first by order when grids overlap), with people counts. */
function buildings(sql: Sql): Fragment {
  return sql`
    bg as materialized (
      select distinct on (b.id) b.id, g.ord, b.households, b.compound_id
      from g join building b on b.anchor && g.geom and ST_Intersects(g.geom, b.anchor)
      order by b.id, g.ord),
    people as materialized (
      select h.building_id, count(r.id)::int as residents,
             (count(r.id) filter (where cardinality(r.special_groups) > 0))::int as special
      from bg join household h on h.building_id = bg.id join resident r on r.household_id = h.id
      group by h.building_id),
    gs as materialized (
      select bg.ord, count(*)::int as buildings, sum(bg.households)::int as households,
             coalesce(sum(p.residents), 0)::int as residents, coalesce(sum(p.special), 0)::int as special,
             max(bg.households)::int as largest,
             coalesce(array_agg(bg.id order by bg.id) filter (where bg.households > g.bmax), '{}') as oversize
      from bg join g on g.ord = bg.ord left join people p on p.building_id = bg.id
      group by bg.ord)`;
}

/** Share of each grid's inner boundary (the community boundary left out) that runs along a street. */
function streets(sql: Sql): Fragment {
  // one buffer of all streets (ST_Subdivide of it measured slower than intersecting it whole)
  return sql`
    roadbuf as materialized (
      select ST_Buffer(ST_Transform(ST_Collect(r.geom), min(proj.srid)), ${STREET_DISTANCE_M}) as geom
      from road r, proj where r.geom && proj.box and r.class = any(${STREET_CLASSES as string[]}::text[])),
    inner_edge as materialized (
      select g.ord, ST_Difference(ST_Boundary(ST_Transform(g.geom, proj.srid)),
                                  ST_Buffer(ST_Boundary(ST_Transform(coalesce(g.cgeom, g.geom), proj.srid)), 0.5)) as line
      from g, proj),
    street as materialized (
      select e.ord, ST_Length(e.line) as boundary_m,
             coalesce(ST_Length(ST_Intersection(e.line, rb.geom)), 0) as street_m
      from inner_edge e cross join roadbuf rb)`;
}

/** Per grid: counts, shape and street measures. */
function gridRows(sql: Sql): Fragment {
  return sql`(select coalesce(json_agg(x order by x.ord), '[]') from (
    select g.ord, g.code, g.name, g.justification, g.locked, g.valid, g.community_id as "communityId",
           g.bmin, g.bmax, coalesce(gs.households, 0) as households, coalesce(gs.residents, 0) as residents,
           coalesce(gs.buildings, 0) as buildings, coalesce(gs.special, 0) as "specialGroups",
           coalesce(gs.largest, 0) as largest, coalesce(gs.oversize, '{}') as oversize,
           greatest(1, (select count(*) from ST_Dump(g.geom) d where ST_Area(d.geom::geography) >= ${SLIVER_AREA_M2}))::int as parts,
           ST_Area(g.geom::geography) as "areaM2", ST_Perimeter(g.geom::geography) as "perimeterM",
           st.boundary_m as "boundaryM", st.street_m as "streetM", ${where(sql, 'g.at')}
    from g left join gs on gs.ord = g.ord left join street st on st.ord = g.ord) x)`;
}

/**
 * Pieces of a geometry column with area, perimeter, where, and the simplified shape. The subqueries
 * that compute pieces end in `offset 0` so PostgreSQL does not pull them up and recompute the
 * intersection or difference once for every use of the column.
 */
const piece = (sql: Sql, geom: string) =>
  sql.unsafe(`ST_Area(${geom}::geography) as "areaM2", ST_Perimeter(${geom}::geography) as "perimeterM",
    ST_AsGeoJSON(ST_SimplifyPreserveTopology(${geom}, 0.000002), 7)::json as geom,
    json_build_array(ST_XMin(${geom}), ST_YMin(${geom}), ST_XMax(${geom}), ST_YMax(${geom})) as bbox,
    json_build_array(ST_X(ST_PointOnSurface(${geom})), ST_Y(ST_PointOnSurface(${geom}))) as point`);

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
      from g a join g b on a.ord < b.ord and a.geom && b.geom
      where ST_Intersects(a.geom, b.geom) and not ST_Touches(a.geom, b.geom) offset 0) o
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
  // a correlated probe of the grids, not an anti-join with bg: the planner underestimates CTE rows
  // and nested-loops the anti-join (2,000 × 1,000 comparisons on the bench community)
  return sql`(select coalesce(json_agg(x order by x."buildingId"), '[]') from (
    select b.id as "buildingId", b.households, c.id as "communityId", ${where(sql, 'b.geom')}
    from comm c join building b on b.anchor && c.geom and ST_Intersects(c.geom, b.anchor)
    where not exists (select 1 from g where g.geom && b.anchor and ST_Intersects(g.geom, b.anchor))) x)`;
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
      where ST_Intersects(o.geom, b.geom) and not ST_Touches(o.geom, b.geom) and not ST_Intersects(o.geom, b.anchor)
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

/** The whole validation of the grids that `src` (columns ord, code, name, justification, locked, raw) yields. */
export function validationQuery(sql: Sql, jurisdictionId: number, src: Fragment): Fragment {
  return sql`
    with ${communities(sql, jurisdictionId)},
    src as (${src}),
    ${grids(sql)}, ${buildings(sql)}, ${streets(sql)}
    select (select row_to_json(jur) from jur) as jurisdiction,
           ${gridRows(sql)} as grids, ${gapRows(sql)} as gaps, ${overlapRows(sql)} as overlaps,
           ${outsideRows(sql)} as outside, ${unassignedRows(sql)} as unassigned,
           ${splitRows(sql)} as splits, ${compoundRows(sql)} as compounds`;
}
