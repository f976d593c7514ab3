import type { Sql, TransactionSql } from 'postgres';
import { badRequest, notFound } from '../../http/errors.ts';
import { storeParcelBorders } from './unit-graph.repo.ts';

/**
 * Building parcels: the community cut into street blocks by roads, each block cut into one piece
 * per building (Voronoi cells of points sampled along the footprints, dissolved per building) or
 * kept whole when it holds no building. Parcels tile the community, so grids built as unions of
 * parcels tile it too.
 *
 * Roads that bound blocks: every class except the ones below. Footways, paths, steps, cycleways,
 * service roads (drive-ways and lanes inside compounds), tracks and roads under construction do
 * not separate neighbourhoods; cutting along them would split compounds. A bounding road is also
 * cut out where it passes under a building (passages, tunnels), so no block boundary splits a
 * building; only the community boundary may.
 */
export const NON_BLOCK_ROAD_CLASSES = [
  'footway', 'path', 'steps', 'cycleway', 'service', 'construction', 'proposed', 'pedestrian',
  'track', 'bridleway', 'corridor', 'platform', 'elevator', 'raceway', 'bus_stop',
];

/** Bump when the algorithm changes so stored parcels are recomputed. */
const ALGORITHM = 'parcels-v5';
/** Spacing of the Voronoi seeds along footprints, in degrees (about 10 m; 3 m was 6× slower for the same parcels). */
const SEED_SPACING = 0.0001;
/**
 * Parcels are stored on a 1e-9° grid (0.1 mm), the precision of the GeoJSON we send: unions of
 * parcels then keep their vertices on that grid and stay valid when written out.
 */
export const PRECISION = 1e-9;
/** Footprint area (degrees², about 1 m²) below which a stray piece of a parcel holds no building. */
const STRAY_FOOTPRINT = 1e-10;
/** Seeds closer than this (about 1 cm) are one seed, so Voronoi never sees duplicates. */
const SEED_SNAP = 1e-7;

/** One parcel of a community. */
export interface ParcelRow {
  id: number;
  buildingId: number | null;
  blockNo: number;
}

/** What ensureParcels did. */
export interface ParcelsResult {
  communityId: number;
  recomputed: boolean;
  parcels: number;
  blocks: number;
  baseKey: string;
}

async function baseKey(tx: TransactionSql, communityId: number): Promise<string | null> {
  const [row] = await tx`
    with c as (select geom from jurisdiction where id = ${communityId})
    select md5(concat_ws('|', ${ALGORITHM}::text, md5(ST_AsBinary(c.geom)),
      (select md5(string_agg(r.id || ':' || r.class || ':' || md5(ST_AsBinary(r.geom)), ',' order by r.id))
         from road r where ST_Intersects(r.geom, c.geom)),
      (select md5(string_agg(b.id || ':' || md5(ST_AsBinary(b.geom)), ',' order by b.id))
         from building b where ST_Intersects(b.geom, c.geom)))) as key
    from c where c.geom is not null`;
  return row ? String(row.key) : null;
}

async function buildBlocks(tx: TransactionSql, communityId: number) {
  await tx`
    create temp table t_block on commit drop as
    with c as (select geom from jurisdiction where id = ${communityId}),
    lines as (
      select ST_Boundary(c.geom) as g from c
      union all
      select ST_Difference(ST_Intersection(r.geom, c.geom), coalesce(
        (select ST_Union(b.geom) from building b where ST_Intersects(b.geom, r.geom) and ST_Intersects(b.geom, c.geom)),
        'SRID=4326;GEOMETRYCOLLECTION EMPTY'::geometry))
      from road r, c
      where ST_Intersects(r.geom, c.geom) and r.class <> all(${NON_BLOCK_ROAD_CLASSES}::text[])
    ),
    faces as (
      select (ST_Dump(ST_Polygonize(g))).geom as f
      from (select ST_UnaryUnion(ST_CollectionExtract(ST_Collect(g), 2)) as g from lines) n
    )
    select row_number() over (order by ST_XMin(f), ST_YMax(f) desc)::int as block_no, f as geom
    from faces, c where ST_Within(ST_PointOnSurface(f), c.geom)`;
  await tx`create index on t_block using gist (geom)`;
  await tx`analyze t_block`;
}

async function buildSeeds(tx: TransactionSql) {
  await tx`
    create temp table t_bld on commit drop as
    select b.id as building_id, k.block_no, b.geom
    from t_block k join building b on ST_Intersects(k.geom, b.anchor)`;
  await tx`create index on t_bld (building_id)`;
  await tx`analyze t_bld`;
  // one seed per snapped location; the lowest building id wins a shared wall point
  await tx`
    create temp table t_seed on commit drop as
    select distinct on (block_no, p) block_no, building_id, p
    from (select block_no, building_id,
            ST_SnapToGrid((ST_DumpPoints(ST_Segmentize(ST_Boundary(geom), ${SEED_SPACING}))).geom, ${SEED_SNAP}) as p
          from t_bld) s
    order by block_no, p, building_id`;
  await tx`create index on t_seed using gist (p)`;
  await tx`analyze t_seed`;
}

async function buildCells(tx: TransactionSql) {
  await tx`
    create temp table t_cell on commit drop as
    select v.block_no, (ST_Dump(ST_VoronoiPolygons(v.pts, 0, ST_Expand(k.geom, 0.001)))).geom as cell
    from (select block_no, ST_Collect(p) as pts from t_seed group by block_no) v
    join t_block k using (block_no)`;
  await tx`
    create temp table t_raw on commit drop as
    select s.block_no, s.building_id,
           -- snap-rounded on the parcels' grid only where the floating overlay fails (migration 007)
           wangge_parcel(array_agg(c.cell), k.geom, ${PRECISION}) as geom
    from t_cell c
    join t_seed s on s.block_no = c.block_no and ST_Intersects(c.cell, s.p)
    join t_block k on k.block_no = s.block_no
    group by s.block_no, s.building_id, k.geom`;
  // temp tables have no statistics until analyzed: without them the joins below nest loops over all rows
  await tx`create index on t_raw (building_id)`;
  await tx`analyze t_raw`;
}

// Sparse seeds can let a neighbour's cell reach into a footprint, and a shared wall gives its
// seeds to one building only. A building whose raw cell misses part of its footprint claims
// that footprint (inside its block, minus footprints of lower ids it overlaps) from the others.
async function buildClaims(tx: TransactionSql) {
  await tx`
    create temp table t_claim on commit drop as
    select b.building_id, b.block_no, ST_CollectionExtract(ST_Difference(ST_Intersection(b.geom, k.geom), coalesce(
      (select ST_Union(o.geom) from t_bld o
       where o.block_no = b.block_no and o.building_id < b.building_id and ST_Intersects(o.geom, b.geom)),
      'SRID=4326;GEOMETRYCOLLECTION EMPTY'::geometry)), 3) as geom
    from t_bld b
    join t_block k on k.block_no = b.block_no
    left join t_raw r on r.building_id = b.building_id
    where r.geom is null or not ST_Covers(r.geom, ST_Intersection(b.geom, k.geom))`;
  await tx`create index on t_claim using gist (geom)`;
  await tx`analyze t_claim`;
}

async function buildParcels(tx: TransactionSql, communityId: number) {
  await tx`
    insert into parcel (community_id, region_code, building_id, block_no, geom)
    select ${communityId}, j.region_code, x.building_id, x.block_no, x.geom
    from jurisdiction j, lateral (select building_id, block_no, ST_Multi(ST_CollectionExtract(ST_ReducePrecision(geom, ${PRECISION}), 3)) as geom from (
      select b.block_no, b.building_id, ST_CollectionExtract(ST_UnaryUnion(ST_Collect(
        coalesce(ST_Difference(r.geom, (select ST_Union(c.geom) from t_claim c
                   where c.block_no = b.block_no and c.building_id <> b.building_id and ST_Intersects(c.geom, r.geom))), r.geom),
        own.geom)), 3) as geom
      from t_bld b
      left join t_raw r on r.building_id = b.building_id
      left join t_claim own on own.building_id = b.building_id
      union all
      select k.block_no, null, k.geom from t_block k
      where not exists (select 1 from t_bld b where b.block_no = k.block_no)
    ) r) x
    where j.id = ${communityId} and not ST_IsEmpty(x.geom)`;
}

// A parcel can come out in pieces (a claimed footprint cutting a cell, a concave block). A piece
// that holds neither the anchor nor any of the footprint joins the neighbour it shares the most
// boundary with, so grids made of parcels stay contiguous; pieces holding footprint stay.
async function mergeStrayPieces(tx: TransactionSql, communityId: number) {
  // the pieces first, materialized: the parcels were written in this transaction, so the planner has
  // no statistics for them and otherwise re-scans every parcel for every parcel (3.7 s of 2,000 × 2,000)
  await tx`
    create temp table t_stray on commit drop as
    with s as materialized (
      select p.id, d.path[1] as n, d.geom from parcel p
      join building b on b.id = p.building_id, ST_Dump(p.geom) d
      where p.community_id = ${communityId} and ST_NumGeometries(p.geom) > 1
        and not ST_Intersects(d.geom, b.anchor) and ST_Area(ST_Intersection(d.geom, b.geom)) < ${STRAY_FOOTPRINT}
    )
    select distinct on (s.id, s.n) s.id, s.n, s.geom, t.id as target
    from s
    join parcel t on t.community_id = ${communityId} and t.id <> s.id and ST_Intersects(t.geom, s.geom)
    order by s.id, s.n, ST_Length(ST_CollectionExtract(ST_Intersection(t.geom, s.geom), 2)) desc`;
  // a piece whose neighbour also gives pieces away stays where it is (no chains)
  await tx`delete from t_stray where target in (select id from t_stray)`;
  await tx`
    update parcel p set geom = x.geom from (
      select p.id, ST_Multi(ST_CollectionExtract(ST_ReducePrecision(ST_UnaryUnion(ST_Collect(d.geom)), ${PRECISION}), 3)) as geom
      from parcel p, ST_Dump(p.geom) d
      where p.id in (select id from t_stray) and not exists (select 1 from t_stray x where x.id = p.id and x.n = d.path[1])
      group by p.id
    ) x where p.id = x.id`;
  await tx`
    update parcel p set geom = x.geom from (
      select p.id, ST_Multi(ST_CollectionExtract(ST_ReducePrecision(
               ST_UnaryUnion(ST_Collect(array_append(array_agg(t.geom), p.geom))), ${PRECISION}), 3)) as geom
      from t_stray t join parcel p on p.id = t.target group by p.id, p.geom
    ) x where p.id = x.id`;
}

/** Computes the parcels of a community unless they are current; safe to call concurrently. */
export async function ensureParcels(sql: Sql, communityId: number): Promise<ParcelsResult> {
  return sql.begin(async (tx) => {
    const [community] = await tx`select id, level, geom is not null as has_geom from jurisdiction where id = ${communityId}`;
    if (!community) throw notFound('community_not_found', `Community ${communityId} does not exist`);
    if (community.level !== 'community') throw badRequest('not_a_community', `Jurisdiction ${communityId} is not a community`);
    if (!community.has_geom) throw badRequest('community_without_boundary', `Community ${communityId} has no boundary`);
    // one computation per community at a time; the others wait and then find the parcels current
    await tx`select pg_advisory_xact_lock(hashtext('wangge.parcels'), ${communityId}::int)`;
    const key = (await baseKey(tx, communityId)) ?? '';
    const [state] = await tx`select base_key from parcel_state where community_id = ${communityId}`;
    if (state && state.base_key === key) return summary(tx, communityId, key, false);
    await tx`delete from parcel where community_id = ${communityId}`;
    await buildBlocks(tx, communityId);
    await buildSeeds(tx);
    await buildCells(tx);
    await buildClaims(tx);
    await buildParcels(tx, communityId);
    await mergeStrayPieces(tx, communityId);
    await storeParcelBorders(tx, communityId);
    await tx`
      insert into parcel_state (community_id, base_key, computed_at) values (${communityId}, ${key}, now())
      on conflict (community_id) do update set base_key = excluded.base_key, computed_at = excluded.computed_at`;
    return summary(tx, communityId, key, true);
  });
}

async function summary(tx: TransactionSql, communityId: number, key: string, recomputed: boolean): Promise<ParcelsResult> {
  const [row] = await tx`
    select count(*)::int as parcels, count(distinct block_no)::int as blocks from parcel where community_id = ${communityId}`;
  return { communityId, recomputed, parcels: row?.parcels ?? 0, blocks: row?.blocks ?? 0, baseKey: key };
}

/** The parcels of a community (call ensureParcels first). */
export async function parcelsFor(sql: Sql, communityId: number): Promise<ParcelRow[]> {
  const rows = await sql`
    select id, building_id, block_no from parcel where community_id = ${communityId} order by id`;
  return rows.map((r) => ({ id: Number(r.id), buildingId: r.building_id === null ? null : Number(r.building_id), blockNo: r.block_no }));
}

/** The parcel polygon (GeoJSON MultiPolygon) of a building, computing parcels when needed. */
export async function parcelOfBuilding(sql: Sql, buildingId: number): Promise<{ communityId: number; geom: unknown } | undefined> {
  const [b] = await sql`
    select j.id from building b join jurisdiction j on j.level = 'community' and ST_Intersects(j.geom, b.anchor)
    where b.id = ${buildingId} order by j.id limit 1`;
  if (!b) return undefined;
  const communityId = Number(b.id);
  await ensureParcels(sql, communityId);
  const [p] = await sql`
    select ST_AsGeoJSON(geom)::json as geom from parcel where community_id = ${communityId} and building_id = ${buildingId}`;
  return p ? { communityId, geom: p.geom } : undefined;
}
