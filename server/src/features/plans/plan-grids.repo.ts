import type { PendingQuery, Row } from 'postgres';
import type { Db } from './plans.repo.ts';

/** A grid as an operation stores it: enough to put it back exactly (geometry as hex EWKB). */
export interface GridSnapshot {
  code: string;
  name: string;
  communityId: number;
  regionCode: string;
  geom: string;
  parentCodes: string[];
  locked: boolean;
  justification: string | null;
  /** Its map colour, so an undo gives a grid back its colour too (absent in operations logged before colours). */
  color?: number | null;
}

/** True when two snapshots describe the same grid (field by field: jsonb does not keep key order); the colour follows from the rest. */
export function sameSnapshot(a: GridSnapshot, b: GridSnapshot): boolean {
  return a.code === b.code && a.name === b.name && a.communityId === b.communityId && a.regionCode === b.regionCode
    && a.geom === b.geom && a.locked === b.locked && (a.justification ?? null) === (b.justification ?? null)
    && a.parentCodes.length === b.parentCodes.length && a.parentCodes.every((c, i) => c === b.parentCodes[i]);
}

/** A grid row used by the edit checks. */
export interface GridRef {
  id: number;
  code: string;
  name: string;
  communityId: number;
  communityCode: string;
  communityName: string;
  regionCode: string;
  locked: boolean;
  inScope: boolean;
}

/** Grid areas are always valid MultiPolygons: overlays can yield collections, slivers or rings. */
export const areaOf = (db: Db, inner: PendingQuery<Row[]>) => db`ST_Multi(ST_CollectionExtract(ST_MakeValid(${inner}), 3))`;
export const fromHex = (db: Db, hex: string) => db`ST_GeomFromEWKB(decode(${hex}, 'hex'))`;
export const fromGeoJson = (db: Db, geom: unknown) => db`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geom)}), 4326)`;
/** SQL condition: grid alias `g` belongs to a community inside the scope code. */
export const inScope = (db: Db, scopeCode: string) =>
  db`g.community_id in (select id from jurisdiction where level = 'community' and code like ${`${scopeCode}%`})`;

const toRef = (r: Record<string, unknown>): GridRef => ({
  id: Number(r.id), code: String(r.code), name: String(r.name), communityId: Number(r.community_id),
  communityCode: String(r.community_code), communityName: String(r.community_name), regionCode: String(r.region_code),
  locked: Boolean(r.locked), inScope: Boolean(r.in_scope),
});

/** Reads, snapshots and restores the grids of one plan. */
export function createPlanGridsRepo(db: Db) {
  return {
    /** The plan's grids as a GeoJSON FeatureCollection (7 decimals ≈ 1 cm), scope flag on each. */
    async featureCollection(planId: number, scopeCode: string) {
      const rows = await db`
        select g.code, g.name, g.parent_codes, g.locked, g.justification, g.color, c.id community_id, c.code community_code, c.name community_name,
          ${inScope(db, scopeCode)} in_scope, ST_AsGeoJSON(ST_ForcePolygonCCW(g.geom), 7)::json geometry,
          array[ST_XMin(g.geom), ST_YMin(g.geom), ST_XMax(g.geom), ST_YMax(g.geom)] bbox
        from grid g join jurisdiction c on c.id = g.community_id
        where g.plan_id = ${planId} order by g.code`;
      return {
        type: 'FeatureCollection' as const,
        features: rows.map((r) => ({
          type: 'Feature' as const,
          id: String(r.code),
          geometry: r.geometry as { type: 'MultiPolygon'; coordinates: number[][][][] },
          bbox: (r.bbox as number[]).map(Number) as [number, number, number, number],
          properties: {
            code: String(r.code), name: String(r.name), parentCodes: r.parent_codes as string[], locked: Boolean(r.locked),
            justification: (r.justification as string | null) ?? null, inScope: Boolean(r.in_scope),
            color: r.color === null ? null : Number(r.color),
            community: { id: Number(r.community_id), code: String(r.community_code), name: String(r.community_name) },
          },
        })),
      };
    },

    /** Grids by code, with their community and scope flag. */
    async refs(planId: number, codes: readonly string[], scopeCode: string): Promise<GridRef[]> {
      const rows = await db`
        select g.id, g.code, g.name, g.community_id, g.region_code, g.locked, c.code community_code, c.name community_name,
          ${inScope(db, scopeCode)} in_scope
        from grid g join jurisdiction c on c.id = g.community_id
        where g.plan_id = ${planId} and g.code = any(${codes as string[]}::text[])`;
      return rows.map(toRef);
    },

    /** Codes of the plan's grids inside the scope (locked ones too, flagged). */
    async inScopeCodes(planId: number, scopeCode: string): Promise<{ code: string; locked: boolean }[]> {
      const rows = await db`select g.code, g.locked from grid g where g.plan_id = ${planId} and ${inScope(db, scopeCode)} order by g.code`;
      return rows.map((r) => ({ code: String(r.code), locked: Boolean(r.locked) }));
    },

    /** Exact copies of the named grids (missing codes are left out). */
    async snapshot(planId: number, codes: readonly string[]): Promise<GridSnapshot[]> {
      if (codes.length === 0) return [];
      const rows = await db`
        select code, name, community_id, region_code, encode(ST_AsEWKB(geom), 'hex') hex, parent_codes, locked, justification, color
        from grid where plan_id = ${planId} and code = any(${codes as string[]}::text[]) order by code`;
      return rows.map((r) => ({
        code: r.code, name: r.name, communityId: Number(r.community_id), regionCode: r.region_code, geom: r.hex,
        parentCodes: r.parent_codes, locked: r.locked, justification: r.justification ?? null, color: r.color ?? null,
      }));
    },

    /** Removes the named grids and writes the snapshots back (undo and redo). */
    async restore(planId: number, removeCodes: readonly string[], rows: readonly GridSnapshot[]): Promise<void> {
      if (removeCodes.length) await db`delete from grid where plan_id = ${planId} and code = any(${removeCodes as string[]}::text[])`;
      for (const r of rows) await this.insert(planId, r);
    },

    /** Inserts one grid from a snapshot. */
    async insert(planId: number, r: GridSnapshot): Promise<void> {
      await db`
        insert into grid (plan_id, community_id, region_code, code, name, geom, parent_codes, locked, justification, color)
        values (${planId}, ${r.communityId}, ${r.regionCode}, ${r.code}, ${r.name}, ${fromHex(db, r.geom)},
          ${r.parentCodes}, ${r.locked}, ${r.justification}, ${r.color ?? null})`;
    },

    /** Why a geometry is invalid, and where (null when valid). */
    async invalidReason(geom: unknown): Promise<{ reason: string; location: [number, number] | null } | null> {
      const [r] = await db`
        select (d).valid, (d).reason, ST_X((d).location) x, ST_Y((d).location) y
        from (select ST_IsValidDetail(${fromGeoJson(db, geom)}) d) v`;
      if (r!.valid) return null;
      return { reason: String(r!.reason), location: r!.x === null ? null : [Number(r!.x), Number(r!.y)] };
    },

    /** Codes of in-scope, unlocked grids (other than `except`) whose area meets `hex` by more than 1 m². */
    async touching(planId: number, scopeCode: string, hex: string, except: readonly string[] = []): Promise<string[]> {
      const rows = await db`
        select g.code from grid g
        where g.plan_id = ${planId} and ${inScope(db, scopeCode)} and not g.locked and g.code <> all(${except as string[]}::text[])
          and ST_Intersects(g.geom, ${fromHex(db, hex)})
          and ST_Area(ST_Intersection(g.geom, ${fromHex(db, hex)})::geography) > 1`;
      return rows.map((r) => String(r.code));
    },

    /** Takes `hex` out of the named grids; a grid left empty is deleted. */
    async carve(planId: number, hex: string, codes: readonly string[]): Promise<void> {
      if (!codes.length) return;
      await db`
        update grid g set geom = ${areaOf(db, db`ST_Difference(g.geom, ${fromHex(db, hex)})`)}, updated_at = now()
        where g.plan_id = ${planId} and g.code = any(${codes as string[]}::text[])`;
      await db`delete from grid g where g.plan_id = ${planId} and g.code = any(${codes as string[]}::text[])
        and (ST_IsEmpty(g.geom) or ST_Area(g.geom::geography) < 1)`;
    },

    /** Adds `hex` to a grid. */
    async absorb(planId: number, code: string, hex: string): Promise<void> {
      await db`update grid set geom = ${areaOf(db, db`ST_Union(geom, ${fromHex(db, hex)})`)}, updated_at = now()
        where plan_id = ${planId} and code = ${code}`;
    },

    /** Sets a grid's name, lock or justification. */
    async patch(planId: number, code: string, p: { name?: string; locked?: boolean; justification?: string | null }): Promise<void> {
      await db`update grid set
          name = coalesce(${p.name ?? null}, name),
          locked = coalesce(${p.locked ?? null}, locked),
          justification = case when ${p.justification !== undefined} then ${p.justification ?? null} else justification end,
          updated_at = now()
        where plan_id = ${planId} and code = ${code}`;
    },

    /** Deletes grids. */
    async remove(planId: number, codes: readonly string[]): Promise<void> {
      await db`delete from grid where plan_id = ${planId} and code = any(${codes as string[]}::text[])`;
    },

    /** A fresh standard code in the community (never handed out before). */
    async nextCode(communityId: number): Promise<string> {
      const [r] = await db`select next_grid_code(${communityId}) code`;
      return String(r!.code);
    },

    /** Grids of the plan outside the scope are replaced by those of another plan (publishing onto a newer base). */
    async rebaseOutside(planId: number, fromPlanId: number, scopeCode: string): Promise<void> {
      await db`delete from grid g where g.plan_id = ${planId} and not ${inScope(db, scopeCode)}`;
      await db`
        insert into grid (plan_id, community_id, region_code, code, name, geom, parent_codes, locked, justification, color)
        select ${planId}, g.community_id, g.region_code, g.code, g.name, g.geom, '{}', false, g.justification, g.color
        from grid g where g.plan_id = ${fromPlanId} and not ${inScope(db, scopeCode)}`;
    },

    /** True when both plans hold the same grids (codes and geometry) inside the scope. */
    async sameInside(planA: number, planB: number, scopeCode: string): Promise<boolean> {
      const [r] = await db`
        with a as (select g.code, g.geom from grid g where g.plan_id = ${planA} and ${inScope(db, scopeCode)}),
             b as (select g.code, g.geom from grid g where g.plan_id = ${planB} and ${inScope(db, scopeCode)})
        select count(*) n from a full join b using (code)
        where a.geom is null or b.geom is null or not ST_Equals(a.geom, b.geom)`;
      return Number(r!.n) === 0;
    },
  };
}

export type PlanGridsRepo = ReturnType<typeof createPlanGridsRepo>;
