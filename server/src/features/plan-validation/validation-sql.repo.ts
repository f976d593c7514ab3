// The validation queries, in named pieces. The grids come in as a `src` relation (from a JSON
// parameter or from the grid table) and every measure is a CTE over it. Two queries run side by
// side on two connections: the shapes, households and problems in one row of JSON arrays, and the
// residents per grid, summed from the per-building counts the triggers of migration 011 keep
// (counting the residents themselves took about 1 µs a resident: 250 ms for the 285,000 of a
// 600-grid street office). validation-report.domain.ts
// turns the answers into a PlanValidation.
import type { Sql } from 'postgres';
import { problemColumns, where, type Fragment } from './validation-problems-sql.repo.ts';
import { SLIVER_AREA_M2, SNAP_TOLERANCE_M, STREET_CLASSES, STREET_DISTANCE_M } from './validation.domain.ts';

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
      select 32600 + floor((ST_X(c) + 180) / 6)::int + 1 as srid, box,
             -- degrees of longitude (the shorter) for twice the street distance and a metre, at the scope's latitude
             ${2 * STREET_DISTANCE_M + 1} / (111320 * cos(radians(ST_Y(c)))) as deg
      from (select ST_Centroid(ST_Collect(geom)) as c, ST_Expand(ST_Extent(geom)::geometry, 0.001) as box from comm) x)`;
}

/** Grids made valid (invalid ones flagged), with their boxes. */
function shapes(sql: Sql): Fragment {
  return sql`
    g00 as materialized (
      select s.*, ST_IsValid(s.raw) as is_valid from src s),
    g0 as materialized (
      -- valid as a write takes it (ST_IsValid, the rule of every grid edit and of accept) and not a sliver,
      -- which a write would clip away to nothing
      select s.ord, s.code, s.name, s.justification, s.locked,
             s.is_valid and ST_Area(m.geom::geography) >= ${SLIVER_AREA_M2} as valid, m.geom,
             ST_XMin(m.geom) as x0, ST_YMin(m.geom) as y0, ST_XMax(m.geom) as x1, ST_YMax(m.geom) as y1,
             -- where to zoom even when the repair left nothing (a polygon with no area)
             case when ST_IsEmpty(m.geom) then ST_Envelope(s.raw) else m.geom end as at
      from g00 s cross join lateral (
        select case when s.is_valid then ST_Multi(s.raw) else ST_Multi(ST_CollectionExtract(ST_MakeValid(s.raw), 3)) end as geom) m),
    -- buildings by the grid holding their anchor (the first by order when grids overlap)
    bg as materialized (
      select distinct on (b.id) b.id, g.ord, b.households, b.compound_id
      from g0 g join building b on b.anchor && g.geom and ST_Intersects(g.geom, b.anchor)
      order by b.id, g.ord)`;
}

/** Each grid with the community that holds most of its area. */
function gridCommunities(sql: Sql): Fragment {
  return sql`
    g as materialized (
      -- a grid inside one community (nearly all) needs no intersection areas to find it
      select g0.*, c.id as community_id, c.bmin, c.bmax, c.geom as cgeom
      from g0 left join lateral (select coalesce(
        (select c.id from comm c where c.geom && g0.geom and ST_Covers(c.geom, g0.geom) order by c.id limit 1),
        (select c.id from comm c where c.geom && g0.geom and ST_Intersects(c.geom, g0.geom)
         order by ST_Area(ST_Intersection(c.geom, g0.geom)) desc, c.id limit 1)) as id) h on true
      left join comm c on c.id = h.id)`;
}

/** Households and buildings per grid. */
function buildingCounts(sql: Sql): Fragment {
  // buildings over their grid's band are few: only they meet the grids again
  return sql`
    gs as materialized (
      select bg.ord, count(*)::int as buildings, sum(bg.households)::int as households, max(bg.households)::int as largest
      from bg group by bg.ord),
    big as materialized (
      select bg.ord, array_agg(bg.id order by bg.id) as oversize
      from bg join g on g.ord = bg.ord
      where bg.households > (select min(bmax) from comm) and bg.households > g.bmax
      group by bg.ord)`;
}

/** Share of each grid's inner boundary (the community boundary left out) that runs along a street. */
function streets(sql: Sql): Fragment {
  // Each edge against the buffer of only the streets near it, cut to its box widened by twice the
  // distance: the buffer there is the buffer of all streets (a new end's cap stays more than the
  // distance away), and a few small buffers cost less than one of every street cut into pieces (the
  // whole query ~25 % faster on a 600-grid street office). The community's outline is buffered once,
  // and only edges that come within its half metre are cut by it.
  const reach = 2 * STREET_DISTANCE_M + 1;
  return sql`
    outline as materialized (
      select c.id, ST_Boundary(ST_Transform(c.geom, proj.srid)) as ring, ST_Buffer(ST_Boundary(ST_Transform(c.geom, proj.srid)), 0.5) as geom
      from comm c, proj),
    inner_edge as materialized (
      select g.ord, g.geom, case when o.id is null then ST_Difference(e.line, ST_Buffer(e.line, 0.5))
                                 when ST_DWithin(e.line, o.ring, 0.5) then ST_Difference(e.line, o.geom) else e.line end as line
      from g cross join proj cross join lateral (select ST_Boundary(ST_Transform(g.geom, proj.srid)) as line) e
      left join outline o on o.id = g.community_id),
    street as materialized (
      select e.ord, ST_Length(e.line) as boundary_m, coalesce((
        select ST_Length(ST_Intersection(e.line, ST_Buffer(ST_Collect(ST_ClipByBox2D(ST_Transform(r.geom, proj.srid), ST_Expand(e.line::box2d, ${reach}))), ${STREET_DISTANCE_M})))
        from road r where r.geom && ST_Expand(e.geom, proj.deg) and r.geom && proj.box and r.class = any(${STREET_CLASSES as string[]}::text[])), 0) as street_m
      from inner_edge e cross join proj)`;
}

/** Polygons of the grids with more than one (slivers left out), and between every two: distance and near border, in metres. */
function partLinks(sql: Sql): Fragment {
  return sql`
    poly as materialized (
      select g.ord, d.path[1] as i, ST_Transform(d.geom, proj.srid) as geom
      from g cross join proj cross join lateral ST_Dump(g.geom) d
      where ST_NumGeometries(g.geom) > 1 and ST_Area(d.geom::geography) >= ${SLIVER_AREA_M2}),
    links as materialized (
      select p.ord, (select count(*) from poly q where q.ord = p.ord)::int as parts, json_agg(json_build_object(
               'a', a.i, 'b', b.i, 'distanceM', ST_Distance(a.geom, b.geom),
               'nearBorderM', case when ST_DWithin(a.geom, b.geom, ${SNAP_TOLERANCE_M})
                 then ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Buffer(b.geom, ${SNAP_TOLERANCE_M}, 'quad_segs=2'))) else 0 end)) as links
      from (select distinct ord from poly) p join poly a on a.ord = p.ord join poly b on b.ord = p.ord and a.i < b.i
      group by p.ord)`;
}

/** Per grid: counts, shape and street measures. */
function gridRows(sql: Sql): Fragment {
  return sql`(select coalesce(json_agg(x order by x.ord), '[]') from (
    select g.ord, g.code, g.name, g.justification, g.locked, g.valid, g.community_id as "communityId",
           g.bmin, g.bmax, coalesce(gs.households, 0) as households, coalesce(gs.buildings, 0) as buildings,
           coalesce(gs.largest, 0) as largest, coalesce(big.oversize, '{}') as oversize,
           coalesce(lk.parts, 1) as parts, lk.links,
           ST_Area(g.geom::geography) as "areaM2", ST_Perimeter(g.geom::geography) as "perimeterM",
           st.boundary_m as "boundaryM", st.street_m as "streetM", ${where(sql, 'g.at')}
    from g left join gs on gs.ord = g.ord left join big on big.ord = g.ord left join street st on st.ord = g.ord
    left join links lk on lk.ord = g.ord) x)`;
}

/** Shapes, households and problems of the grids that `src` (columns ord, code, name, justification, locked, raw) yields. */
export function validationQuery(sql: Sql, jurisdictionId: number, src: Fragment): Fragment {
  return sql`
    with ${communities(sql, jurisdictionId)},
    src as (${src}),
    ${shapes(sql)}, ${gridCommunities(sql)}, ${buildingCounts(sql)}, ${streets(sql)}, ${partLinks(sql)}
    select (select row_to_json(jur) from jur) as jurisdiction, ${gridRows(sql)} as grids, ${problemColumns(sql)}`;
}

/** Residents, and residents with a special group, per grid (by `ord`) of the same `src`; grids without any are left out. */
export function peopleQuery(sql: Sql, src: Fragment): Fragment {
  return sql`
    with src as (${src}), ${shapes(sql)}
    select bg.ord, sum(p.residents)::int as residents, sum(p.special)::int as "specialGroups"
    from bg join building_people p on p.building_id = bg.id
    where p.residents > 0
    group by bg.ord`;
}
