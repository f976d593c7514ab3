import type { Sql } from 'postgres';
import type { BBox } from '../jurisdictions/jurisdictions.domain.ts';

/** A grid the caller is granted by code: what the map needs to mark, frame and open it. */
export interface OwnGrid {
  id: number;
  code: string;
  name: string;
  bbox: BBox;
}

/** The most grids the map is told to mark: a grid grant names a handful, never a whole city. */
export const OWN_GRIDS_LIMIT = 50;

/** Every query of the map's start view. */
export function createMapRepo(sql: Sql) {
  return {
    /** The granted grids (by code) of the plan in force on `date`, in code order. */
    async ownGrids(codes: readonly string[], date: string): Promise<OwnGrid[]> {
      if (codes.length === 0) return [];
      const rows = await sql<{ id: string; code: string; name: string; bbox: BBox }[]>`
        select g.id, g.code, g.name, json_build_array(
                 round(ST_XMin(g.geom)::numeric, 6), round(ST_YMin(g.geom)::numeric, 6),
                 round(ST_XMax(g.geom)::numeric, 6), round(ST_YMax(g.geom)::numeric, 6)) as bbox
        from grid g join grid_plan p on p.id = g.plan_id
        where g.code = any(${codes as string[]}::text[]) and p.status in ('published', 'retired')
          and p.valid_from <= ${date}::date and (p.valid_to is null or p.valid_to > ${date}::date)
        order by g.code
        limit ${OWN_GRIDS_LIMIT}`;
      return rows.map((r) => ({ id: Number(r.id), code: r.code, name: r.name, bbox: r.bbox.map(Number) as BBox }));
    },
  };
}
