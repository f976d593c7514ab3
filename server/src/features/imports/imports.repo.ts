/**
 * The PostGIS side of base-data imports, inside the caller's transaction: stage the features,
 * find invalid geometry (with where it breaks), features outside the jurisdiction and clashes with
 * stored data. Datum shifts are in imports-shift.repo.ts, writes in imports-write.repo.ts.
 */
import type { TransactionSql } from 'postgres';
import type { Geometry, ImportProblem } from './geojson.domain.ts';
import { geometryDefect } from './imports.problems.ts';

type Tx = TransactionSql;

/** The jurisdiction an import is for. */
export interface TargetJurisdiction {
  id: number;
  code: string;
  level: string;
  regionCode: string;
  hasGeom: boolean;
}

const loc = (x: unknown, y: unknown): [number, number] | undefined =>
  typeof x === 'number' && typeof y === 'number' ? [Number(x.toFixed(7)), Number(y.toFixed(7))] : undefined;

/** Staging and checking queries of one import transaction. */
export function createImportsRepo(tx: Tx) {
  return {
    /** Serialises imports, so two never replace the same base data at once. */
    lock: () => tx`select pg_advisory_xact_lock(hashtext('wangge.import'))`,

    target: async (code: string): Promise<TargetJurisdiction | undefined> => {
      const [j] = await tx`select id, code, level, region_code, geom is not null as has_geom from jurisdiction where code = ${code}`;
      return j && { id: Number(j.id), code: j.code, level: j.level, regionCode: j.region_code, hasGeom: j.has_geom };
    },

    /** Loads the features into a temporary table (dropped with the transaction). */
    stage: async (rows: { index: number; geometry: Geometry }[]) => {
      await tx`create temp table import_row (idx int primary key, geom geometry not null) on commit drop`;
      await tx`insert into import_row (idx, geom)
        select idx, ST_SetSRID(ST_GeomFromGeoJSON(g), 4326)
        from unnest(${rows.map((r) => r.index)}::int[], ${rows.map((r) => JSON.stringify(r.geometry))}::text[]) as x(idx, g)`;
    },

    /**
     * Self-intersections and other invalid geometry with the point where it fails; those rows leave the
     * stage. GEOS's reason becomes one of a few stable kinds (`defect`); only the English message keeps it.
     */
    invalidGeometry: async (): Promise<ImportProblem[]> => {
      const bad = await tx`
        with d as (select idx, ST_IsValidDetail(geom) v from import_row)
        delete from import_row r using d where d.idx = r.idx and not (d.v).valid
        returning r.idx, (d.v).reason, ST_X((d.v).location) x, ST_Y((d.v).location) y`;
      return bad.map((b): ImportProblem => ({ index: b.idx, field: 'geometry', code: 'invalid_geometry', params: { defect: geometryDefect(String(b.reason)) },
        message: `Invalid geometry: ${b.reason}`, ...(loc(b.x, b.y) ? { location: loc(b.x, b.y)! } : {}) }));
    },

    /** Footprint area (m²) of each staged feature. */
    areas: async () => {
      const rows = await tx`select idx, ST_Area(geom::geography)::float8 m2 from import_row`;
      return new Map(rows.map((r) => [r.idx as number, r.m2 as number]));
    },

    /** Each staged building's community under the target (by a point on its surface); null = outside all. */
    communityOf: async (prefix: string) => {
      const rows = await tx`
        select r.idx, c.id community_id, ST_X(p.pt) x, ST_Y(p.pt) y
        from import_row r cross join lateral (select ST_PointOnSurface(r.geom) pt) p
        left join lateral (select j.id from jurisdiction j where j.level = 'community' and j.code like ${`${prefix}%`}
          and j.geom && p.pt and ST_Intersects(j.geom, p.pt) order by j.code limit 1) c on true
        order by r.idx`;
      return rows.map((r) => ({ index: r.idx as number, communityId: r.community_id === null ? null : Number(r.community_id), location: loc(r.x, r.y) }));
    },

    /** Staged features that do not touch the target jurisdiction's boundary. */
    outsideTarget: async (targetId: number) => {
      const rows = await tx`
        select r.idx, ST_X(ST_StartPoint(ST_GeometryN(r.geom, 1))) x, ST_Y(ST_StartPoint(ST_GeometryN(r.geom, 1))) y
        from import_row r, jurisdiction j where j.id = ${targetId} and not ST_Intersects(j.geom, r.geom) order by r.idx`;
      return rows.map((r) => ({ index: r.idx as number, location: loc(r.x, r.y) }));
    },

    /** Existing buildings with these ids (osm_id), and whether each lies under the target jurisdiction. */
    buildingsWithIds: async (ids: string[], prefix: string) => {
      const rows = await tx`
        select b.osm_id, coalesce(j.code like ${`${prefix}%`}, false) inside from building b left join jurisdiction j on j.id = b.community_id
        where b.osm_id = any(${ids}::text[])`;
      return new Map(rows.map((r) => [r.osm_id as string, r.inside as boolean]));
    },

    /** Buildings under the target that have households in the ledger and are not named in the file. */
    ledgerBuildingsMissing: async (prefix: string, keepIds: string[]) => {
      const rows = await tx`
        select b.id, b.osm_id, count(h.id)::int households, ST_X(b.anchor) x, ST_Y(b.anchor) y
        from building b join jurisdiction j on j.id = b.community_id join household h on h.building_id = b.id
        where j.code like ${`${prefix}%`} and (b.osm_id is null or not b.osm_id = any(${keepIds}::text[]))
        group by b.id order by b.id`;
      return rows.map((r) => ({ id: r.osm_id ?? `building#${r.id}`, households: r.households as number, location: loc(r.x, r.y) }));
    },

    /** Which of these jurisdiction codes are stored. */
    existingCodes: async (codes: string[]) => {
      const rows = await tx`select code from jurisdiction where code = any(${codes}::text[])`;
      return new Set(rows.map((r) => r.code as string));
    },

    /** Stored jurisdictions under `prefix` (not itself) missing from the file, with what still refers to them. */
    jurisdictionsDropped: async (prefix: string, keepCodes: string[]) => tx<{ id: string; code: string; name: string; uses: string[] }[]>`
      select j.id, j.code, j.name, array_remove(array[
        case when exists (select 1 from building b where b.community_id = j.id) then 'buildings' end,
        case when exists (select 1 from compound c where c.community_id = j.id) then 'compounds' end,
        case when exists (select 1 from grid g where g.community_id = j.id) or exists (select 1 from grid_code_counter k where k.community_id = j.id) then 'grids' end,
        case when exists (select 1 from grid_plan p where p.jurisdiction_id = j.id or p.scope_id = j.id) then 'grid_plans' end,
        case when exists (select 1 from role_assignment a where a.jurisdiction_id = j.id) then 'role_grants' end], null) uses
      from jurisdiction j where j.code like ${`${prefix}%`} and j.code <> ${prefix} and not j.code = any(${keepCodes}::text[])
      order by j.code`,
  };
}

