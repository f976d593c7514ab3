/**
 * Grids from a building → grid CSV: each grid is the union of its buildings' parcels (so the
 * grids tile the community by construction); parcels without a building, or whose building the
 * file leaves without a grid, go to the neighbouring grid they share the longest border with.
 */
import type { Sql, TransactionSql } from 'postgres';
import { ensureParcels, PRECISION } from '../autoplan/parcels.repo.ts';
import type { ImportProblem } from '../imports/geojson.domain.ts';
import type { Assignment } from './assignment-csv.domain.ts';

type Tx = TransactionSql;
const FILL_ROUNDS = 100;

// unions get vertices off the parcels' 1e-9° grid; snapping them back keeps the 9-decimal GeoJSON valid

/** One grid built from parcels. */
export interface CsvGrid {
  key: string;
  name: string | null;
  geom: { type: 'MultiPolygon'; coordinates: unknown };
}

/** Resolves the rows to buildings of the scope and unions their parcels per grid; problems for unknown or missing buildings. */
export async function gridsFromAssignments(sql: Sql, scopeCode: string, rows: Assignment[]) {
  const communities = await sql`select id from jurisdiction where level = 'community' and code like ${`${scopeCode}%`} and geom is not null order by id`;
  for (const c of communities) await ensureParcels(sql, Number(c.id));
  return sql.begin(async (tx) => {
    const problems = await stageAssignments(tx, scopeCode, rows);
    await fillParcels(tx, communities.map((c) => Number(c.id)));
    problems.push(...(await spanningGrids(tx)));
    const grids = await tx`
      select key, min(name) as name,
        ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_ReducePrecision(ST_UnaryUnion(ST_Collect(geom)), ${PRECISION}), 3)), 9)::json as geom
      from t_parcel where key is not null group by key order by key`;
    return { problems, grids: grids.map((g) => ({ key: String(g.key), name: g.name as string | null, geom: g.geom as CsvGrid['geom'] })) };
  });
}

/** t_assign (rows matched to buildings) and t_parcel (the scope's parcels with their grid key). */
async function stageAssignments(tx: Tx, scopeCode: string, rows: Assignment[]): Promise<ImportProblem[]> {
  await tx`create temp table t_assign on commit drop as
    select x.idx, x.building_id, x.osm_id, nullif(x.key, '') as key, x.name, b.id as bid, c.code like ${`${scopeCode}%`} as in_scope
    from unnest(${rows.map((r) => r.index)}::int[], ${rows.map((r) => r.buildingId)}::bigint[], ${rows.map((r) => r.osmId)}::text[],
      ${rows.map((r) => r.gridKey)}::text[], ${rows.map((r) => r.gridName)}::text[]) as x(idx, building_id, osm_id, key, name)
    left join building b on b.id = coalesce(x.building_id, (select o.id from building o where o.osm_id = x.osm_id))
    left join jurisdiction c on c.id = b.community_id`;
  const unknown = await tx`select idx, coalesce(building_id::text, osm_id) as id from t_assign where bid is null order by idx`;
  await tx`create temp table t_parcel on commit drop as
    select p.id, p.community_id, p.building_id, a.key, a.name, p.geom
    from parcel p join jurisdiction c on c.id = p.community_id
    left join t_assign a on a.bid = p.building_id and a.in_scope
    where c.code like ${`${scopeCode}%`}`;
  await tx`create index on t_parcel using gist (geom)`;
  await tx`analyze t_parcel`;
  const missing = await tx`select b.id, b.households, ST_X(b.anchor) x, ST_Y(b.anchor) y from t_parcel p join building b on b.id = p.building_id
    where not exists (select 1 from t_assign a where a.bid = p.building_id) order by b.id`;
  return [
    ...unknown.map((u): ImportProblem => ({ index: u.idx as number, id: String(u.id), field: 'building_id', code: 'unknown_building', params: { id: String(u.id) },
      message: 'No such building' })),
    ...missing.map((m): ImportProblem => ({ index: null, id: String(m.id), field: 'building_id', code: 'building_not_in_file', params: { id: String(m.id), households: m.households },
      message: `Building ${m.id} (${m.households} households) of the draft's scope is not in the file`,
      location: [Number(m.x.toFixed(7)), Number(m.y.toFixed(7))] })),
  ];
}

/** Gives parcels without a grid to the neighbour of the same community with the longest shared border, round after round. */
async function fillParcels(tx: Tx, communities: number[]) {
  for (let round = 0; round < FILL_ROUNDS; round++) {
    const moved = await tx`
      update t_parcel e set key = s.key, name = s.name from (
        select distinct on (e.id) e.id, n.key, n.name
        from t_parcel e join t_parcel n on n.community_id = e.community_id and n.key is not null and e.geom && n.geom and ST_Intersects(e.geom, n.geom)
        where e.key is null and e.community_id = any(${communities}::bigint[])
        order by e.id, ST_Length(ST_CollectionExtract(ST_Intersection(e.geom, n.geom), 2)) desc, n.key) s
      where e.id = s.id returning e.id`;
    if (!moved.length) return;
  }
}

/** A grid code names one community's grid: keys whose parcels lie in several communities cannot be one grid. */
async function spanningGrids(tx: Tx): Promise<ImportProblem[]> {
  const rows = await tx`select t.key, array_agg(distinct c.code order by c.code) as codes from t_parcel t join jurisdiction c on c.id = t.community_id
    where t.key is not null group by t.key having count(distinct t.community_id) > 1`;
  return rows.map((r): ImportProblem => ({ index: null, id: String(r.key), field: 'grid_code', code: 'grid_in_several_communities',
    params: { grid: String(r.key), communities: (r.codes as string[]).join(', ') },
    message: `Grid ${r.key} has buildings in several communities (${(r.codes as string[]).join(', ')}); a grid lies in one community` }));
}
