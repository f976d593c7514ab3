/**
 * Spatial steps of the Haidian demo, all in PostGIS inside the loader's transaction:
 * stage the OSM layers, fix the study area, pick compounds, cut blocks along major roads
 * and turn them into community polygons that tile the town (method: data/README.md).
 */
import type { TransactionSql } from 'postgres';
import { COMMUNITY_SEEDS, EXPORT_BBOX, readLayer } from './haidian-source.ts';

type Tx = TransactionSql;

/** Roads that bound blocks (街区): the streets a community boundary follows. */
const MAJOR_ROADS = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary'];
/** A compound or campus must cover this much of a block (m²) to claim it; less is a stray edge. */
const CLAIM_M2 = 1000;
/** A compound joins the study area whole when at least this share of it lies in the export. */
const COMPOUND_INSIDE_SHARE = 0.2;

/** Loads the copied GeoJSON layers into a temporary table `src` (dropped at commit). */
export async function stageSource(tx: Tx): Promise<void> {
  const rows = (['buildings', 'roads', 'areas', 'community_boundary_partial'] as const).flatMap(readLayer);
  await tx`create temp table src (layer text, osm_id text, tags jsonb, geom geometry) on commit drop`;
  // one JSON parameter for all rows: no bind-parameter limit, one round trip
  await tx`
    insert into src
    select layer, osm_id, tags::jsonb, ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326)
    from json_to_recordset(${JSON.stringify(rows)}::text::json) as x(layer text, osm_id text, tags text, geom text)`;
}

/** Study area = export bbox ∪ the residential compounds mostly in it, kept whole; compounds made disjoint. */
export async function buildStudyArea(tx: Tx): Promise<void> {
  const { west, south, east, north } = EXPORT_BBOX;
  await tx`
    create temp table picked on commit drop as
    select s.osm_id, s.tags, s.geom
    from src s, (select ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326) g) box
    where s.layer = 'areas' and s.tags->>'landuse' = 'residential'
      and ST_Area(ST_Intersection(s.geom, box.g)::geography) >= ${COMPOUND_INSIDE_SHARE} * ST_Area(s.geom::geography)`;
  await tx`
    create temp table study on commit drop as
    select ST_Union(ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326), (select ST_Union(geom) from picked)) geom`;
  // where OSM compounds overlap, the smaller one keeps the shared ground
  await tx`
    create temp table cmp on commit drop as
    select p.osm_id, p.tags->>'name' as name, ST_Multi(ST_CollectionExtract(ST_MakeValid(coalesce(ST_Difference(p.geom, (
      select ST_Union(q.geom) from picked q
      where q.osm_id <> p.osm_id and ST_Intersects(q.geom, p.geom) and ST_Area(q.geom) < ST_Area(p.geom))), p.geom)), 3)) as geom,
      null::text as code
    from picked p`;
}

/** Cuts the study area into blocks along major roads (ST_Polygonize of the noded roads and the outline). */
export async function buildBlocks(tx: Tx): Promise<void> {
  await tx`
    create temp table blk on commit drop as
    with lines as (
      select ST_Intersection(r.geom, st.geom) g from src r, study st
      where r.layer = 'roads' and r.tags->>'highway' in ${tx(MAJOR_ROADS)} and ST_Intersects(r.geom, st.geom)
      union all select ST_Boundary(geom) from study
    ), noded as (select (ST_Dump(ST_UnaryUnion(ST_Collect(g)))).geom g from lines)
    select row_number() over (order by ST_XMin(f.geom), ST_YMin(f.geom))::int as id, f.geom, null::text as code
    from (select (ST_Dump(ST_Polygonize(g))).geom from noded) f, study st
    where ST_Intersects(ST_PointOnSurface(f.geom), st.geom)`;
}

/** Stages the curated compound/campus → community links, with compounds taken from the disjoint `cmp`. */
async function stageSeeds(tx: Tx): Promise<void> {
  const codes = COMMUNITY_SEEDS.flatMap((c) => c.seeds.map(() => c.code));
  const ids = COMMUNITY_SEEDS.flatMap((c) => c.seeds);
  await tx`
    create temp table seed on commit drop as
    select x.code, x.osm_id, c.osm_id is not null as is_compound, ST_Intersection(coalesce(c.geom, s.geom), st.geom) as geom
    from unnest(${codes}::text[], ${ids}::text[]) as x(code, osm_id)
    join src s on s.layer = 'areas' and s.osm_id = x.osm_id
    left join cmp c on c.osm_id = x.osm_id
    cross join study st`;
  await tx`update cmp set code = seed.code from seed where seed.osm_id = cmp.osm_id`;
}

/** A block claimed by compounds of several communities is divided by proximity (Voronoi of their outlines). */
async function splitContestedBlocks(tx: Tx): Promise<void> {
  await tx`
    create temp table claim on commit drop as
    select b.id, s.code, ST_Intersection(b.geom, ST_Union(s.geom)) g
    from blk b join seed s on s.is_compound and ST_Intersects(b.geom, s.geom)
    group by b.id, b.geom, s.code
    having sum(ST_Area(ST_Intersection(b.geom, s.geom)::geography)) >= ${CLAIM_M2}`;
  await tx`
    create temp table piece on commit drop as
    with contested as (select id from claim group by id having count(*) > 1),
    pts as (
      select c.id, c.code, (ST_DumpPoints(ST_Segmentize(ST_Boundary(c.g), 0.0001))).geom pt
      from claim c join contested using (id)
    ), cells as (
      select p.id, (ST_Dump(ST_VoronoiPolygons(ST_Collect(p.pt), 0, b.geom))).geom cell
      from pts p join blk b using (id) group by p.id, b.geom
    ), owned as (
      select c.id, c.cell, (select p.code from pts p where p.id = c.id and ST_Intersects(c.cell, p.pt) order by p.code limit 1) code
      from cells c
    )
    select o.id, o.code, ST_CollectionExtract(ST_Intersection(ST_Union(o.cell), b.geom), 3) geom
    from owned o join blk b using (id) group by o.id, o.code, b.geom`;
  await tx`delete from blk where id in (select id from piece)`;
  await tx`insert into blk (id, geom, code) select (select max(id) from blk) + row_number() over (order by id, code), geom, code from piece`;
  await tx`update blk set code = c.code from claim c where c.id = blk.id and blk.code is null`;
}

/** Blocks no compound claims go to a campus that covers them, else to the neighbour with the longest shared edge. */
async function assignRemainingBlocks(tx: Tx): Promise<void> {
  await tx`
    update blk set code = pick.code from (
      select distinct on (b.id) b.id, s.code from blk b join seed s on not s.is_compound and ST_Intersects(b.geom, s.geom)
      where b.code is null and ST_Area(ST_Intersection(b.geom, s.geom)::geography) >= ${CLAIM_M2}
      order by b.id, ST_Area(ST_Intersection(b.geom, s.geom)) desc, s.code
    ) pick where pick.id = blk.id`;
  for (let round = 0; round < 50; round++) {
    const changed = await tx`
      update blk set code = pick.code from (
        select distinct on (b.id) b.id, n.code from blk b join blk n on n.code is not null and ST_Intersects(b.geom, n.geom)
        where b.code is null
        order by b.id, ST_Length(ST_Intersection(ST_Boundary(b.geom), ST_Buffer(n.geom, 1e-7))) desc, n.code
      ) pick where pick.id = blk.id`;
    if (changed.count === 0) break;
  }
  await tx`
    update blk set code = (select n.code from blk n where n.code is not null order by ST_Distance(n.geom, blk.geom), n.code limit 1)
    where code is null`;
}

/** Community polygons: their blocks, minus other communities' compounds, plus their own compounds whole. */
export async function buildCommunities(tx: Tx): Promise<void> {
  await stageSeeds(tx);
  await splitContestedBlocks(tx);
  await assignRemainingBlocks(tx);
  await tx`update cmp set code = (select b.code from blk b where ST_Intersects(b.geom, ST_PointOnSurface(cmp.geom)) limit 1) where code is null`;
  await tx`
    create temp table comm on commit drop as
    with p as (select code, ST_UnaryUnion(ST_Collect(geom)) g from blk group by code),
    k as (select code, ST_UnaryUnion(ST_Collect(geom)) g from cmp group by code)
    select p.code, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_UnaryUnion(ST_Collect(
      coalesce(ST_Difference(p.g, (select ST_UnaryUnion(ST_Collect(k2.g)) from k k2 where k2.code <> p.code)), p.g),
      k.g))), 3)) geom
    from p left join k using (code)`;
}
