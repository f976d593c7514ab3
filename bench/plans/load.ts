/** Writes one benchmark community (county → town → community, buildings, households, roads, a published plan), replacing any earlier copy. */
import type { Sql, TransactionSql } from 'postgres';
import { copyInto, reserveIds } from '../../data/generate/copy.ts';
import { copyLine } from '../../data/generate/copy-text.ts';
import { copyLedger } from '../../data/generate/generate.ts';
import { deleteRegion } from '../../data/generate/region.ts';

/** Geometry is EWKT in EPSG:4326. */
export interface CommunityData {
  /** 6-digit fictional county code; everything of the community carries it, so a rerun can delete it. */
  region: string;
  names: { county: string; town: string; community: string };
  asOf: string;
  buildings: { ewkt: string; households: number; kind: string; floors: number | null; name: string; compound: number | null; group?: string; community?: number }[];
  /** Several communities of one street office (a city): buildings name theirs by index; default one, `names.community`. */
  communities?: { name: string }[];
  compounds: { ewkt: string; name: string }[];
  roads: { ewkt: string; class: string; name: string }[];
  /** Starting grids as EWKT; without them, one grid per building `group` (union of its buildings). */
  grids?: string[];
  details: Record<string, unknown>;
}

/** Ids of what was written. */
export interface LoadedCommunity {
  /** The first community (the only one unless `communities` was given). */
  communityId: number;
  communityIds: number[];
  townId: number;
  planId: number;
  communityCode: string;
}

/** Dataset row name of a benchmark community. */
export const benchDatasetName = (region: string) => `bench-community-${region}`;

// Rows that reference the region's jurisdictions or plans without a cascade, or that the
// generator's deleteRegion does not know: counters, grants, parcels, drafts made by earlier runs.
async function deleteCommunity(tx: TransactionSql, region: string) {
  const ids = tx`select id from jurisdiction where region_code = ${region}`;
  await tx`delete from grid_code_counter where community_id in (${ids})`;
  await tx`delete from role_assignment where jurisdiction_id in (${ids})`;
  await tx`delete from parcel where community_id in (${ids})`;
  await tx`delete from parcel_state where community_id in (${ids})`;
  await tx`delete from grid where plan_id in (select id from grid_plan where jurisdiction_id in (${ids}))`;
  await tx`delete from grid_plan where jurisdiction_id in (${ids})`;
  await deleteRegion(tx, region);
  await tx`delete from dataset where name = ${benchDatasetName(region)}`;
}

async function writeJurisdictions(tx: TransactionSql, d: CommunityData) {
  const [county] = await tx<{ id: number }[]>`insert into jurisdiction (code, name, level, region_code, boundary_note)
    values (${d.region}, ${d.names.county}, 'county', ${d.region}, 'benchmark data') returning id`;
  const [town] = await tx<{ id: number }[]>`insert into jurisdiction (code, name, level, parent_id, region_code, boundary_note)
    values (${`${d.region}001`}, ${d.names.town}, 'town', ${county!.id}, ${d.region}, 'benchmark data') returning id`;
  const names = (d.communities ?? [{ name: d.names.community }]).map((c) => c.name);
  const codes = names.map((_, i) => `${d.region}001${String(i + 1).padStart(3, '0')}`);
  const rows = await tx<{ id: number }[]>`insert into jurisdiction (code, name, level, parent_id, region_code, boundary_note)
    select code, name, 'community', ${town!.id}, ${d.region}, 'benchmark data' from unnest(${codes}::text[], ${names}::text[]) with ordinality as c(code, name, n)
    order by n returning id`;
  const communityIds = rows.map((r) => Number(r.id));
  return { countyId: Number(county!.id), townId: Number(town!.id), communityId: communityIds[0]!, communityIds, communityCode: codes[0]!, communityCodes: codes };
}

async function writeBuildings(tx: TransactionSql, d: CommunityData, communityIds: number[]) {
  const communityId = communityIds[0]!;
  const compound = await reserveIds(tx, 'compound', d.compounds.length);
  await copyInto(tx, 'compound', ['id', 'community_id', 'region_code', 'name', 'synthetic', 'geom'],
    d.compounds.map((c, i) => copyLine([compound + i, communityId, d.region, c.name, true, c.ewkt])));
  const first = await reserveIds(tx, 'building', d.buildings.length);
  await copyInto(tx, 'building', ['id', 'community_id', 'compound_id', 'region_code', 'name', 'address', 'kind', 'floors', 'households', 'synthetic', 'geom'],
    d.buildings.map((b, i) => copyLine([first + i, communityIds[b.community ?? 0]!, b.compound === null ? null : compound + b.compound, d.region, b.name,
      `${d.names.community}${b.name}`, b.kind, b.floors, b.households, true, b.ewkt])));
  await copyInto(tx, 'road', ['region_code', 'name', 'class', 'geom'], d.roads.map((r) => copyLine([d.region, r.name, r.class, r.ewkt])));
  const dwellings = d.buildings.map((b, i) => ({ id: first + i, floors: b.floors ?? 1, entrances: 1, households: b.households }));
  const firstHousehold = await reserveIds(tx, 'household', d.buildings.reduce((s, b) => s + b.households, 0));
  await copyLedger(tx, dwellings, firstHousehold, { region: d.region, asOf: d.asOf, seed: `bench/${d.region}` });
  return first;
}

// Grids: given rectangles, or the union of each group's buildings (real units tile by themselves).
async function writePlan(tx: TransactionSql, d: CommunityData, ids: { townId: number; communityId: number; communityCode: string; communityIds: number[]; communityCodes: string[] }, firstBuilding: number) {
  const [plan] = await tx<{ id: number }[]>`insert into grid_plan (jurisdiction_id, region_code, name, status, valid_from, version, published_at)
    values (${ids.townId}, ${d.region}, ${`${d.names.town}网格划分方案`}, 'published', ${d.asOf}, 1, ${`${d.asOf} 00:00:00+00`}) returning id`;
  const planId = Number(plan!.id);
  if (d.grids) {
    await copyInto(tx, 'grid', ['plan_id', 'community_id', 'region_code', 'code', 'name', 'geom'],
      d.grids.map((g, i) => copyLine([planId, ids.communityId, d.region, `${ids.communityCode}${String(i + 1).padStart(3, '0')}`, `第${i + 1}网格`, g])));
  } else {
    const groups = d.buildings.map((b, i) => ({ id: firstBuilding + i, grp: b.group ?? '', c: ids.communityIds[b.community ?? 0]!, code: ids.communityCodes[b.community ?? 0]! }));
    await tx`
      insert into grid (plan_id, community_id, region_code, code, name, geom)
      select ${planId}, g.c, ${d.region}, g.code || lpad((row_number() over (partition by g.c order by g.grp))::text, 3, '0'),
             '第' || row_number() over (partition by g.c order by g.grp) || '网格', ST_Multi(ST_Union(b.geom))
      from jsonb_to_recordset(${tx.json(groups)}) as g(id bigint, grp text, c bigint, code text) join building b on b.id = g.id
      group by g.c, g.code, g.grp`;
  }
  return planId;
}

// Boundaries are the union of what lies below, as the generator does.
async function dissolve(tx: TransactionSql, d: CommunityData, ids: { communityIds: number[]; townId: number; countyId: number }, planId: number) {
  for (const id of ids.communityIds) {
    const source = d.grids ? tx`select geom from grid where plan_id = ${planId} and community_id = ${id}` : tx`select geom from building where community_id = ${id}`;
    await tx`update jurisdiction set geom = (select ST_Multi(ST_UnaryUnion(ST_Collect(geom))) from (${source}) s) where id = ${id}`;
  }
  await tx`update jurisdiction set geom = (select ST_Multi(ST_UnaryUnion(ST_Collect(geom))) from jurisdiction where id = any(${ids.communityIds}::bigint[]))
           where id in (${ids.townId}, ${ids.countyId})`;
}

/** Replaces the region's benchmark community with `d`, in one transaction; returns its ids. */
export async function loadCommunity(sql: Sql, d: CommunityData): Promise<LoadedCommunity> {
  const loaded = await sql.begin(async (tx) => {
    await deleteCommunity(tx, d.region);
    const ids = await writeJurisdictions(tx, d);
    const firstBuilding = await writeBuildings(tx, d, ids.communityIds);
    const planId = await writePlan(tx, d, ids, firstBuilding);
    await dissolve(tx, d, ids, planId);
    await tx`insert into dataset (name, details) values (${benchDatasetName(d.region)}, ${tx.json(d.details as never)})`;
    return { communityId: ids.communityId, communityIds: ids.communityIds, townId: ids.townId, planId, communityCode: ids.communityCode };
  });
  await sql`analyze jurisdiction, grid, building, household, resident, road, compound`;
  return loaded;
}
