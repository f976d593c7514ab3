/**
 * Writes the Haidian demo's permanent rows from the staged tables: jurisdictions,
 * compounds, buildings (with estimated floors and households), roads and landcover.
 */
import type { TransactionSql } from 'postgres';
import { estimateBuilding } from './estimate.ts';
import { COUNTY_CODE, displayName, readDivisions, TOWN_CODE } from './haidian-source.ts';

type Tx = TransactionSql;
const REGION = COUNTY_CODE;
const DERIVED_NOTE = 'Demo boundary derived from OpenStreetMap major roads and compounds (data/README.md); not the official boundary.';

/** Inserts 北京市海淀区 → 学院路街道 → the demo communities; county and town take the union of the communities. */
export async function insertJurisdictions(tx: Tx): Promise<number> {
  const divisions = readDivisions();
  const county = divisions.find((d) => d.code === COUNTY_CODE);
  const town = divisions.find((d) => d.code === TOWN_CODE);
  if (!county || !town) throw new Error('divisions.csv lacks the county or town row');
  await tx`create temp table town_geom on commit drop as
    select ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(geom)), 3)) geom from comm`;
  const [c] = await tx`
    insert into jurisdiction (code, name, level, parent_id, region_code, boundary_note, geom)
    select ${county.code}, ${displayName(county)}, 'county', null, ${REGION},
      'Demo: the county is drawn as the demo extent of 学院路街道 only.', geom from town_geom
    returning id`;
  const [t] = await tx`
    insert into jurisdiction (code, name, level, parent_id, region_code, boundary_note, geom)
    select ${town.code}, ${displayName(town)}, 'town', ${c!.id}, ${REGION},
      'Demo extent: the OSM export area plus the compounds it cuts, not the whole street office.', geom from town_geom
    returning id`;
  const names = divisions.filter((d) => d.level === 'community');
  await tx`
    insert into jurisdiction (code, name, level, parent_id, region_code, boundary_note, geom)
    select comm.code, x.name, 'community', ${t!.id}, ${REGION}, ${DERIVED_NOTE}, comm.geom
    from comm join unnest(${names.map((d) => d.code)}::text[], ${names.map(displayName)}::text[]) as x(code, name) using (code)
    order by comm.code`;
  return Number(t!.id);
}

/** Inserts the compounds (小区) with their community. */
export async function insertCompounds(tx: Tx): Promise<void> {
  await tx`
    insert into compound (community_id, region_code, name, osm_id, geom)
    select j.id, ${REGION}, cmp.name, cmp.osm_id, cmp.geom
    from cmp join jurisdiction j on j.code = cmp.code order by cmp.osm_id`;
}

interface Measured {
  osm_id: string;
  tags: Record<string, string | number | undefined>;
  area: number;
  long_side: number;
  short_side: number;
  in_compound: boolean;
}

/** Measures buildings in PostGIS (area, rotated-rectangle sides), estimates in TS, inserts them. */
export async function insertBuildings(tx: Tx): Promise<number> {
  const measured = await tx<Measured[]>`
    with b as (
      select s.osm_id, s.tags, s.geom, ST_ExteriorRing(ST_OrientedEnvelope(s.geom)) ring
      from src s, study st where s.layer = 'buildings' and ST_Intersects(st.geom, ST_PointOnSurface(s.geom))
    ), m as (
      select b.osm_id, b.tags, round(ST_Area(b.geom::geography)::numeric, 1)::float8 area,
        round(ST_Distance(ST_PointN(ring, 1)::geography, ST_PointN(ring, 2)::geography)::numeric, 1)::float8 a,
        round(ST_Distance(ST_PointN(ring, 2)::geography, ST_PointN(ring, 3)::geography)::numeric, 1)::float8 b,
        exists (select 1 from cmp k where ST_Intersects(k.geom, ST_PointOnSurface(b.geom))) in_compound
      from b
    )
    select osm_id, tags, area, greatest(a, b) long_side, least(a, b) short_side, in_compound from m order by osm_id`;
  const est = measured.map((m) =>
    estimateBuilding({ tags: m.tags, areaM2: m.area, longSideM: m.long_side, shortSideM: m.short_side, inResidentialCompound: m.in_compound }));
  await tx`
    insert into building (community_id, compound_id, region_code, osm_id, name, address, kind, floors, floors_estimated,
      entrances, households, households_estimated, geom)
    select j.id, c.id, ${REGION}, s.osm_id, s.tags->>'name',
      nullif(concat_ws(' ', s.tags->>'addr:street', s.tags->>'addr:housenumber'), ''),
      x.kind, x.floors, x.floors_est::boolean, x.entrances, x.households, true, g.geom
    from unnest(${measured.map((m) => m.osm_id)}::text[], ${est.map((e) => e.kind)}::text[], ${est.map((e) => e.floors)}::int[],
      ${est.map((e) => String(e.floorsEstimated))}::text[], ${est.map((e) => e.entrances)}::int[], ${est.map((e) => e.households)}::int[])
      as x(osm_id, kind, floors, floors_est, entrances, households)
    join src s on s.layer = 'buildings' and s.osm_id = x.osm_id
    cross join lateral (select ST_Multi(ST_CollectionExtract(ST_MakeValid(s.geom), 3)) geom) g
    left join jurisdiction j on j.level = 'community' and ST_Intersects(j.geom, ST_PointOnSurface(g.geom))
    left join compound c on ST_Intersects(c.geom, ST_PointOnSurface(g.geom))
    order by x.osm_id`;
  return measured.length;
}

/** Copies OSM highways to `road` and water/green/campus/other polygons to `landcover`. */
export async function insertBaseLayers(tx: Tx): Promise<void> {
  await tx`
    insert into road (region_code, osm_id, name, class, geom)
    select ${REGION}, osm_id, tags->>'name', tags->>'highway', geom from src
    where layer = 'roads' and GeometryType(geom) = 'LINESTRING' order by osm_id`;
  await tx`
    insert into landcover (region_code, osm_id, name, class, geom)
    select ${REGION}, osm_id, tags->>'name', case
        when tags->>'natural' = 'water' or tags->>'landuse' in ('reservoir', 'basin') then 'water'
        when tags->>'landuse' in ('grass', 'forest', 'greenfield', 'meadow', 'village_green')
          or tags->>'leisure' in ('park', 'garden', 'pitch', 'playground') then 'green'
        when tags->>'amenity' in ('university', 'school', 'college', 'kindergarten', 'research_institute') then 'campus'
        when tags->>'landuse' = 'residential' then 'residential'
        else 'other' end,
      ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
    from src where layer = 'areas' order by osm_id`;
}
