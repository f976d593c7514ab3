import type { Sql } from 'postgres';
import type { BBox, JurisdictionRow, Level } from './jurisdictions.domain.ts';

interface DbRow {
  id: string;
  code: string;
  name: string;
  level: Level;
  parent_id: string | null;
  bbox: BBox | null;
}

const toRow = (r: DbRow): JurisdictionRow => ({
  id: Number(r.id), code: r.code, name: r.name, level: r.level,
  parentId: r.parent_id === null ? null : Number(r.parent_id), bbox: r.bbox,
});

/** Every query of the jurisdictions feature. */
export function createJurisdictionsRepo(sql: Sql) {
  const bboxOf = sql`case when geom is null then null else json_build_array(
    round(ST_XMin(geom)::numeric, 6), round(ST_YMin(geom)::numeric, 6),
    round(ST_XMax(geom)::numeric, 6), round(ST_YMax(geom)::numeric, 6)) end`;
  return {
    /** All jurisdictions, flat, for the tree. */
    async list(): Promise<JurisdictionRow[]> {
      const rows = await sql<DbRow[]>`
        select id, code, name, level, parent_id, ${bboxOf} as bbox from jurisdiction order by code`;
      return rows.map(toRow);
    },

    /** One jurisdiction with its GeoJSON geometry and household band, or undefined. */
    async byId(id: number) {
      const [r] = await sql<(DbRow & { geometry: unknown; household_min: number; household_max: number })[]>`
        select id, code, name, level, parent_id, ${bboxOf} as bbox, household_min, household_max,
               ST_AsGeoJSON(geom, 6)::json as geometry
        from jurisdiction where id = ${id}`;
      if (!r) return undefined;
      return { ...toRow(r), band: { min: r.household_min, max: r.household_max }, geometry: r.geometry ?? null };
    },

    /**
     * The extent of what a user's grants cover: their jurisdictions, and their grids in the plans in
     * force on `date`; null when none of it has geometry yet (a city just added).
     */
    async extentOfGrants(grants: { jurisdictionIds: number[]; gridCodes: string[] }, date: string): Promise<BBox | null> {
      const [r] = await sql<{ bbox: BBox | null }[]>`
        with x as (
          -- a granted place without an outline yet (a street office just added) is covered by its communities'
          select d.geom from jurisdiction g join jurisdiction d on d.code like g.code || '%'
          where g.id = any(${grants.jurisdictionIds}::bigint[]) and d.geom is not null
          union all
          select g.geom from grid g join grid_plan p on p.id = g.plan_id
          where g.code = any(${grants.gridCodes}::text[]) and p.status in ('published', 'retired')
            and p.valid_from <= ${date}::date and (p.valid_to is null or p.valid_to > ${date}::date))
        select case when ST_Extent(geom) is null then null else json_build_array(
          ST_XMin(ST_Extent(geom)), ST_YMin(ST_Extent(geom)), ST_XMax(ST_Extent(geom)), ST_YMax(ST_Extent(geom))) end as bbox
        from x`;
      return r?.bbox ?? null;
    },

    /** The extent of a county (by code) or, without one, of everything. */
    async extent(code?: string): Promise<BBox | null> {
      const [r] = await sql<{ bbox: BBox | null }[]>`
        select case when ST_Extent(geom) is null then null else json_build_array(
          ST_XMin(ST_Extent(geom)), ST_YMin(ST_Extent(geom)), ST_XMax(ST_Extent(geom)), ST_YMax(ST_Extent(geom))) end as bbox
        from jurisdiction
        where level = 'county' and (${code ?? null}::text is null or code = ${code ?? null})`;
      return r?.bbox ?? null;
    },
  };
}
