/**
 * The demo's starting grid plan for 学院路街道: one grid per compound plus leftover grids,
 * tiling each community exactly. Deliberately naive (no household balancing), so a
 * planner has something to improve.
 */
import type { TransactionSql } from 'postgres';
import { COUNTY_CODE } from './haidian-source.ts';

type Tx = TransactionSql;

/** Leftover pieces smaller than this (m²) are merged into a neighbour: slivers and road medians. */
const MIN_LEFTOVER_M2 = 3000;
/** Height of a numbering row (degrees of latitude, about 220 m): grids are numbered row by row. */
const ROW_DEG = 0.002;
export const PLAN_NAME = '学院路街道网格方案（初始）';
export const PLAN_VALID_FROM = '2025-01-01';

/** Grid pieces per community: each compound clipped to it, and the remainder cut by blocks. */
async function buildPieces(tx: Tx): Promise<void> {
  await tx`
    create temp table gpart on commit drop as
    with parts as (
      select c.code, k.name, k.osm_id, ST_CollectionExtract(ST_Intersection(k.geom, c.geom), 3) g
      from cmp k join comm c on c.code = k.code
      union all
      select c.code, null, null, (ST_Dump(ST_CollectionExtract(ST_Intersection(b.geom, ST_Difference(c.geom,
        coalesce((select ST_UnaryUnion(ST_Collect(k.geom)) from cmp k where k.code = c.code), ST_GeomFromText('POLYGON EMPTY', 4326)))), 3))).geom
      from comm c join blk b on b.code = c.code
    )
    select row_number() over (order by code, osm_id, ST_XMin(g), ST_YMin(g))::int id, code, name, osm_id, g geom
    from parts where not ST_IsEmpty(g)`;
}

/** Merges the smallest small or building-less leftover piece into the neighbour (same community) with the longest shared edge, until none is left. */
async function mergeSmallPieces(tx: Tx): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    // empty ground (road medians, verges, open land) belongs to a neighbouring grid, not a grid of its own
    const [small] = await tx`
      select id, code from gpart p
      where osm_id is null and (ST_Area(geom::geography) < ${MIN_LEFTOVER_M2}
        or not exists (select 1 from building b where ST_Intersects(p.geom, b.anchor)))
      order by ST_Area(geom), id limit 1`;
    if (!small) return;
    const [target] = await tx`
      select n.id from gpart p join gpart n on n.code = p.code and n.id <> p.id
      where p.id = ${small.id}
      order by ST_Length(ST_Intersection(ST_Boundary(p.geom), ST_Buffer(n.geom, 1e-7))) desc, ST_Distance(p.geom, n.geom), n.id
      limit 1`;
    // a community with a single piece keeps it, however small
    if (!target) {
      await tx`update gpart set osm_id = 'kept' where id = ${small.id}`;
      continue;
    }
    await tx`update gpart set geom = ST_UnaryUnion(ST_Collect(geom, (select geom from gpart where id = ${small.id}))) where id = ${target.id}`;
    await tx`delete from gpart where id = ${small.id}`;
  }
}

/** Inserts the published plan and its grids with 15-digit codes numbered by rows north→south, west→east. */
export async function insertGridPlan(tx: Tx, townId: number): Promise<number> {
  await buildPieces(tx);
  await mergeSmallPieces(tx);
  const [plan] = await tx`
    insert into grid_plan (jurisdiction_id, region_code, name, status, valid_from, published_at)
    values (${townId}, ${COUNTY_CODE}, ${PLAN_NAME}, 'published', ${PLAN_VALID_FROM}, ${PLAN_VALID_FROM}::timestamptz)
    returning id`;
  const rows = await tx`
    with g as (
      select p.*, j.id community_id, j.name community_name, ST_Centroid(p.geom) c,
        floor((40.1 - ST_Y(ST_Centroid(p.geom))) / ${ROW_DEG}) row_no
      from gpart p join jurisdiction j on j.code = p.code and j.level = 'community'
    ), numbered as (
      select g.*, row_number() over (partition by code order by row_no, ST_X(c), id) seq,
        count(*) over (partition by code, name) same_name
      from g
    )
    insert into grid (plan_id, community_id, region_code, code, name, geom)
    select ${plan!.id}, community_id, ${COUNTY_CODE}, code || lpad(seq::text, 3, '0'),
      case when name is not null and same_name = 1 then name || '网格' else community_name || '第' || seq || '网格' end,
      ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
    from numbered order by code, seq
    returning id`;
  return rows.length;
}
