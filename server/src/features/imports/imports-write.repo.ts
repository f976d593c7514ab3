/**
 * Writes an accepted base-data import from the staged table (import_row), in the caller's
 * transaction. Every check has passed by now; these statements only add, update and remove.
 */
import type { TransactionSql } from 'postgres';
import type { ImportRow, ParsedBuilding, ParsedJurisdiction, ParsedLandcover, ParsedRoad } from './imports.domain.ts';
import type { TargetJurisdiction } from './imports.repo.ts';
import type { LandcoverKind } from './imports.schema.ts';

type Tx = TransactionSql;

/** What an import changed. */
export interface ImportCounts {
  inserted: number;
  updated: number;
  deleted: number;
}

const col = <T, K extends keyof T>(rows: ImportRow<T>[], k: K) => rows.map((r) => r.props[k]);

/**
 * Writes buildings: `replace` updates those with the same id, removes the rest of the jurisdiction's,
 * inserts new ones. A building is the jurisdiction's when it is filed under one of its communities
 * (the one holding a point on its surface), so a neighbour's building reaching across the border stays.
 */
export async function writeBuildings(tx: Tx, t: TargetJurisdiction, rows: ImportRow<ParsedBuilding>[], community: Map<number, number>, replace: boolean): Promise<ImportCounts> {
  await tx`create temp table import_building on commit drop as
    select x.*, r.geom from unnest(${rows.map((r) => r.index)}::int[], ${rows.map((r) => community.get(r.index)!)}::bigint[],
      ${col(rows, 'osmId')}::text[], ${col(rows, 'name')}::text[], ${col(rows, 'address')}::text[], ${col(rows, 'kind')}::text[],
      ${col(rows, 'floors')}::int[], ${col(rows, 'floorsEstimated').map(String)}::text[]::bool[], ${col(rows, 'households')}::int[],
      ${col(rows, 'householdsEstimated').map(String)}::text[]::bool[], ${col(rows, 'compound')}::text[])
      as x(idx, community_id, osm_id, name, address, kind, floors, floors_estimated, households, households_estimated, compound)
    join import_row r using (idx)`;
  // compounds named in the file and not yet stored take the hull of their buildings
  await tx`insert into compound (community_id, region_code, name, geom)
    select community_id, ${t.regionCode}, compound, ST_Multi(ST_CollectionExtract(ST_ConvexHull(ST_Collect(geom)), 3))
    from import_building b where compound is not null
      and not exists (select 1 from compound c where c.community_id = b.community_id and c.name = b.compound)
    group by community_id, compound`;
  const like = `${t.code}%`;
  let updated = 0;
  let deleted = 0;
  if (replace) {
    const up = await tx`update building b set community_id = i.community_id, name = i.name, address = i.address, kind = i.kind,
        floors = i.floors, floors_estimated = i.floors_estimated, households = i.households, households_estimated = i.households_estimated, synthetic = false,
        geom = ST_Multi(i.geom), compound_id = ${compoundId(tx, 'i')}
      from import_building i where i.osm_id is not null and b.osm_id = i.osm_id returning b.id`;
    updated = up.length;
    const del = await tx`delete from building b using jurisdiction j where j.id = b.community_id and j.code like ${like}
      and not exists (select 1 from import_building i where i.osm_id = b.osm_id) returning b.id`;
    deleted = del.length;
    await tx`delete from compound c using jurisdiction j where j.id = c.community_id and j.code like ${like}
      and not exists (select 1 from building b where b.compound_id = c.id)`;
  }
  const ins = await tx`insert into building (community_id, compound_id, region_code, osm_id, name, address, kind, floors, floors_estimated,
      households, households_estimated, geom)
    select i.community_id, ${compoundId(tx, 'i')}, ${t.regionCode}, i.osm_id, i.name, i.address, i.kind, i.floors, i.floors_estimated,
      i.households, i.households_estimated, ST_Multi(i.geom)
    from import_building i where i.osm_id is null or not exists (select 1 from building b where b.osm_id = i.osm_id)
    order by i.idx returning id`;
  return { inserted: ins.length, updated, deleted };
}

/** The compound of staged building `alias`: the one it names, else the stored one around it. */
function compoundId(tx: Tx, alias: string) {
  const i = tx(alias);
  return tx`coalesce(
    (select c.id from compound c where c.community_id = ${i}.community_id and c.name = ${i}.compound order by c.id limit 1),
    case when ${i}.compound is null then (select c.id from compound c where c.community_id = ${i}.community_id
      and ST_Intersects(c.geom, ST_PointOnSurface(${i}.geom)) order by c.id limit 1) end)`;
}

/**
 * The area a replace of roads, water or green clears: the jurisdiction's boundary, or (a county filed
 * without one) the union of its communities' and towns' boundaries.
 */
function targetArea(tx: Tx, t: TargetJurisdiction) {
  return tx`(select coalesce(j.geom, (select ST_Union(c.geom) from jurisdiction c where c.code like ${`${t.code}%`} and c.geom is not null))
    from jurisdiction j where j.id = ${t.id})`;
}

/**
 * Writes roads (multi-lines become one row per line). `replace` first removes the stored roads that
 * lie mostly inside the jurisdiction: at least half of their length (in metres, the boundary counting
 * as inside). Roads are not filed under a jurisdiction, so a long road that only crosses or touches
 * this one belongs to its neighbours as much, and a planner of one community must not drop it.
 */
export async function writeRoads(tx: Tx, t: TargetJurisdiction, rows: ImportRow<ParsedRoad>[], replace: boolean): Promise<ImportCounts> {
  let deleted = 0;
  if (replace) {
    const del = await tx`with a as (select ${targetArea(tx, t)} geom)
      delete from road r using a where r.geom && a.geom and ST_Intersects(a.geom, r.geom)
        and 2 * ST_Length(ST_Intersection(a.geom, r.geom)::geography) >= ST_Length(r.geom::geography) returning r.id`;
    deleted = del.length;
  }
  const ins = await tx`insert into road (region_code, osm_id, name, class, geom)
    select ${t.regionCode}, x.osm_id, x.name, x.class, (ST_Dump(ST_LineMerge(r.geom))).geom
    from unnest(${rows.map((r) => r.index)}::int[], ${col(rows, 'osmId')}::text[], ${col(rows, 'name')}::text[], ${col(rows, 'class')}::text[])
      as x(idx, osm_id, name, class)
    join import_row r using (idx) order by x.idx returning id`;
  // the walking network of suggested patrol routes follows the new roads (roads of other regions a replace
  // removed are marked stale by migration 021's trigger and rebuilt when a route there is asked for)
  await tx`select rebuild_route_network(${t.regionCode})`;
  // the new roads cut into street pieces for patrol coverage (migration 020); removed roads took theirs with them,
  // so a replace resets when the replaced roads were last walked and keeps it for the roads it left alone
  await tx`select refresh_street_pieces(${t.regionCode})`;
  return { inserted: ins.length, updated: 0, deleted };
}

/**
 * Writes water or green areas as landcover of that class, which the offline map draws. `replace`
 * first removes that class's stored areas lying mostly inside the jurisdiction (at least half of their
 * area), by the rule roads follow: a river or park reaching on into the neighbour stays.
 */
export async function writeLandcover(tx: Tx, t: TargetJurisdiction, kind: LandcoverKind, rows: ImportRow<ParsedLandcover>[], replace: boolean): Promise<ImportCounts> {
  let deleted = 0;
  if (replace) {
    const del = await tx`with a as (select ${targetArea(tx, t)} geom)
      delete from landcover l using a where l.class = ${kind} and l.geom && a.geom and ST_Intersects(a.geom, l.geom)
        and 2 * ST_Area(ST_Intersection(a.geom, l.geom)::geography) >= ST_Area(l.geom::geography) returning l.id`;
    deleted = del.length;
  }
  const ins = await tx`insert into landcover (region_code, osm_id, name, class, geom)
    select ${t.regionCode}, x.osm_id, x.name, ${kind}, ST_Multi(r.geom)
    from unnest(${rows.map((r) => r.index)}::int[], ${col(rows, 'osmId')}::text[], ${col(rows, 'name')}::text[]) as x(idx, osm_id, name)
    join import_row r using (idx) order by x.idx returning id`;
  return { inserted: ins.length, updated: 0, deleted };
}

/** Writes jurisdictions parents first (county → town → community); `replace` updates stored codes and drops unused ones. */
export async function writeJurisdictions(tx: Tx, rows: ImportRow<ParsedJurisdiction>[], drop: string[]): Promise<ImportCounts> {
  let inserted = 0;
  let updated = 0;
  for (const level of ['county', 'town', 'community'] as const) {
    const part = rows.filter((r) => r.props.level === level);
    if (!part.length) continue;
    const parentLength = level === 'town' ? 6 : 9;
    await tx`create temp table import_j on commit drop as
      select x.*, r.geom from unnest(${part.map((r) => r.index)}::int[], ${col(part, 'code')}::text[], ${col(part, 'name')}::text[],
        ${col(part, 'householdMin')}::int[], ${col(part, 'householdMax')}::int[]) as x(idx, code, name, hmin, hmax)
      join import_row r using (idx)`;
    // a band left out of the file keeps the stored one
    const up = await tx`update jurisdiction j set name = x.name, geom = ST_Multi(x.geom),
        household_min = coalesce(x.hmin, j.household_min),
        household_max = coalesce(x.hmax, greatest(j.household_max, coalesce(x.hmin, j.household_min)))
      from import_j x where x.code = j.code returning j.id`;
    const ins = await tx`insert into jurisdiction (code, name, level, parent_id, region_code, household_min, household_max, geom)
      select x.code, x.name, ${level}, ${level === 'county' ? null : tx`(select p.id from jurisdiction p where p.code = left(x.code, ${parentLength}))`},
        left(x.code, 6), coalesce(x.hmin, 200), coalesce(x.hmax, greatest(500, x.hmin)), ST_Multi(x.geom)
      from import_j x where not exists (select 1 from jurisdiction j where j.code = x.code) order by x.code returning id`;
    await tx`drop table import_j`;
    inserted += ins.length;
    updated += up.length;
  }
  // children before parents, so no dropped row is still someone's parent
  const del = drop.length ? await tx`delete from jurisdiction where code = any(${drop}::text[])
    and id not in (select parent_id from jurisdiction where parent_id is not null and not code = any(${drop}::text[])) returning id` : [];
  return { inserted, updated, deleted: del.length };
}
