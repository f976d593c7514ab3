import { areaOf, fromGeoJson, fromHex, inScope } from './plan-grids.repo.ts';
import type { Db } from './plans.repo.ts';

/** The community of the scope that holds most of a geometry. */
export interface CommunityHit {
  id: number;
  code: string;
  name: string;
  regionCode: string;
}

/** A piece of area as hex EWKB with a representative point and its size. */
export interface Piece {
  hex: string;
  lon: number;
  lat: number;
  areaM2: number;
}

const toPiece = (r: Record<string, unknown>): Piece => ({ hex: String(r.hex), lon: Number(r.lon), lat: Number(r.lat), areaM2: Number(r.area) });

/** The spatial computations behind drawing, reshaping, splitting and merging grids (PostGIS does the geometry). */
export function createPlanEditsRepo(db: Db) {
  /** Area of the plan no edit may take: locked grids and grids outside the scope (except `except`). */
  const blocked = (planId: number, scopeCode: string, except: readonly string[]) => db`
    coalesce((select ST_Union(g.geom) from grid g where g.plan_id = ${planId} and g.code <> all(${except as string[]}::text[])
      and (g.locked or not ${inScope(db, scopeCode)})), 'SRID=4326;POLYGON EMPTY'::geometry)`;

  return {
    /** The in-scope community holding most of `geom` (GeoJSON), or undefined when it lies outside the scope. */
    async communityOf(geom: unknown, scopeCode: string): Promise<CommunityHit | undefined> {
      const [r] = await db`
        select j.id, j.code, j.name, j.region_code from jurisdiction j, (select ${fromGeoJson(db, geom)} g) d
        where j.level = 'community' and j.code like ${`${scopeCode}%`} and j.geom && d.g and ST_Intersects(j.geom, d.g)
        order by ST_Area(ST_Intersection(j.geom, d.g)) desc limit 1`;
      return r ? { id: Number(r.id), code: r.code, name: r.name, regionCode: r.region_code } : undefined;
    },

    /** `geom` clipped to the community, without the area of locked and out-of-scope grids (other than `except`). */
    async clip(planId: number, scopeCode: string, geom: unknown, communityId: number, except: readonly string[] = []): Promise<Piece | undefined> {
      const [r] = await db`
        with a as (
          select ${areaOf(db, db`ST_Difference(ST_Intersection(${fromGeoJson(db, geom)}, j.geom), ${blocked(planId, scopeCode, except)})`)} g
          from jurisdiction j where j.id = ${communityId})
        select encode(ST_AsEWKB(g), 'hex') hex, ST_X(ST_PointOnSurface(g)) lon, ST_Y(ST_PointOnSurface(g)) lat, ST_Area(g::geography) area
        from a where not ST_IsEmpty(g)`;
      return r && Number(r.area) >= 1 ? toPiece(r) : undefined;
    },

    /** The area of a grid that `next` (hex) gives up, as separate pieces of at least 1 m². */
    async lostPieces(planId: number, code: string, nextHex: string): Promise<Piece[]> {
      const rows = await db`
        with d as (select (ST_Dump(ST_Difference(g.geom, ${fromHex(db, nextHex)}))).geom g from grid g where g.plan_id = ${planId} and g.code = ${code})
        select encode(ST_AsEWKB(ST_Multi(g)), 'hex') hex, ST_X(ST_PointOnSurface(g)) lon, ST_Y(ST_PointOnSurface(g)) lat, ST_Area(g::geography) area
        from d where ST_Area(g::geography) >= 1`;
      return rows.map(toPiece);
    },

    /** The unlocked in-scope grid of the community sharing the longest border with a piece (who takes what a reshape gives up). */
    async neighbourFor(planId: number, scopeCode: string, pieceHex: string, communityId: number, except: string): Promise<string | undefined> {
      const [r] = await db`
        select g.code, ST_Length(ST_Intersection(ST_Boundary(${fromHex(db, pieceHex)}), ST_Boundary(g.geom))::geography) shared
        from grid g where g.plan_id = ${planId} and ${inScope(db, scopeCode)} and not g.locked and g.code <> ${except}
          and g.community_id = ${communityId} and ST_DWithin(g.geom, ${fromHex(db, pieceHex)}, 1e-7)
        order by shared desc limit 1`;
      return r && Number(r.shared) > 0.5 ? String(r.code) : undefined;
    },

    /** Replaces a grid's geometry. */
    async setGeom(planId: number, code: string, hex: string): Promise<void> {
      await db`update grid set geom = ${areaOf(db, fromHex(db, hex))}, updated_at = now() where plan_id = ${planId} and code = ${code}`;
    },

    /** The polygons a line cuts a grid into (one piece when it does not cross). */
    async splitPieces(planId: number, code: string, line: unknown): Promise<Piece[]> {
      const rows = await db`
        with d as (select (ST_Dump(ST_Split(g.geom, ${fromGeoJson(db, line)}))).geom g from grid g where g.plan_id = ${planId} and g.code = ${code})
        select encode(ST_AsEWKB(ST_Multi(g)), 'hex') hex, ST_X(ST_PointOnSurface(g)) lon, ST_Y(ST_PointOnSurface(g)) lat, ST_Area(g::geography) area from d`;
      return rows.map(toPiece);
    },

    /** The union of pieces, as one area. */
    async union(hexes: readonly string[]): Promise<Piece> {
      const [r] = await db`
        with u as (select ${areaOf(db, db`ST_Union(ST_GeomFromEWKB(decode(h, 'hex')))`)} g from unnest(${hexes as string[]}::text[]) h)
        select encode(ST_AsEWKB(g), 'hex') hex, ST_X(ST_PointOnSurface(g)) lon, ST_Y(ST_PointOnSurface(g)) lat, ST_Area(g::geography) area from u`;
      return toPiece(r!);
    },

    /** Pairs of the named grids that touch or overlap (adjacency for merging). */
    async touchingPairs(planId: number, codes: readonly string[]): Promise<[string, string][]> {
      const rows = await db`
        select a.code a, b.code b from grid a join grid b on a.plan_id = b.plan_id and a.code < b.code
        where a.plan_id = ${planId} and a.code = any(${codes as string[]}::text[]) and b.code = any(${codes as string[]}::text[])
          and ST_DWithin(a.geom, b.geom, 1e-7)`;
      return rows.map((r) => [String(r.a), String(r.b)]);
    },

    /** Buildings cut between the named grids: the grid holding each anchor and the union of their footprints. */
    async cutBuildings(planId: number, codes: readonly string[]): Promise<{ code: string; hex: string; buildings: number }[]> {
      const rows = await db`
        with t as (
          select b.id, b.geom, g.code from building b join grid g on g.plan_id = ${planId} and g.code = any(${codes as string[]}::text[])
            and g.geom && b.anchor and ST_Intersects(g.geom, b.anchor)
          where exists (select 1 from grid o where o.plan_id = ${planId} and o.code = any(${codes as string[]}::text[]) and o.code <> g.code
            and o.geom && b.geom and ST_Area(ST_Intersection(o.geom, b.geom)::geography) > 1))
        select code, encode(ST_AsEWKB(ST_Multi(ST_Union(geom))), 'hex') hex, count(*) buildings from t group by code`;
      return rows.map((r) => ({ code: String(r.code), hex: String(r.hex), buildings: Number(r.buildings) }));
    },

    /** Overlap in m² between candidate areas (hex, by key) and the grids they replace. */
    async overlaps(planId: number, items: readonly { key: string; hex: string }[], oldCodes: readonly string[]) {
      const rows = await db`
        with n as (select k, ST_GeomFromEWKB(decode(h, 'hex')) g from unnest(${items.map((i) => i.key)}::text[], ${items.map((i) => i.hex)}::text[]) x(k, h))
        select n.k, o.code, ST_Area(ST_Intersection(n.g, o.geom)::geography) overlap, ST_Area(n.g::geography) na, ST_Area(o.geom::geography) oa
        from n join grid o on o.plan_id = ${planId} and o.code = any(${oldCodes as string[]}::text[]) and o.geom && n.g and ST_Intersects(o.geom, n.g)`;
      return rows.map((r) => ({ newKey: String(r.k), oldCode: String(r.code), overlapM2: Number(r.overlap), newAreaM2: Number(r.na), oldAreaM2: Number(r.oa) }));
    },

    /** Buildings to reassign: by id or inside an area, in the community, with the grid now holding each. */
    async reassignCandidates(planId: number, communityId: number, pick: { buildingIds?: number[]; within?: unknown; compoundId?: number }) {
      const rows = await db`
        select b.id, b.households, b.compound_id, g.code from_code, coalesce(g.locked, false) locked,
          ST_Intersects(j.geom, b.anchor) in_community
        from building b
        join jurisdiction j on j.id = ${communityId}
        left join lateral (select g.code, g.locked from grid g where g.plan_id = ${planId} and g.geom && b.anchor
          and ST_Intersects(g.geom, b.anchor) order by g.code limit 1) g on true
        where ${pick.buildingIds ? db`b.id = any(${pick.buildingIds}::bigint[])` : db`b.anchor && ${fromGeoJson(db, pick.within)} and ST_Intersects(${fromGeoJson(db, pick.within)}, b.anchor) and ST_Intersects(j.geom, b.anchor)`}
          ${pick.compoundId ? db`and b.compound_id = ${pick.compoundId}` : db``}`;
      return rows.map((r) => ({ id: Number(r.id), households: Number(r.households), fromCode: (r.from_code as string | null) ?? null, locked: Boolean(r.locked), inCommunity: Boolean(r.in_community) }));
    },

    /** The union of the buildings' parcels, without locked and out-of-scope grids: the area a reassignment moves. */
    async parcelArea(planId: number, scopeCode: string, buildingIds: readonly number[], except: readonly string[]): Promise<Piece | undefined> {
      const [r] = await db`
        with a as (select ${areaOf(db, db`ST_Difference(ST_Union(p.geom), ${blocked(planId, scopeCode, except)})`)} g
          from parcel p where p.building_id = any(${buildingIds as number[]}::bigint[]))
        select encode(ST_AsEWKB(g), 'hex') hex, ST_X(ST_PointOnSurface(g)) lon, ST_Y(ST_PointOnSurface(g)) lat, ST_Area(g::geography) area
        from a where g is not null and not ST_IsEmpty(g)`;
      return r && Number(r.area) >= 1 ? toPiece(r) : undefined;
    },

    /** The community of a grid of the plan. */
    async gridCommunity(planId: number, code: string): Promise<number | undefined> {
      const [r] = await db`select community_id from grid where plan_id = ${planId} and code = ${code}`;
      return r ? Number(r.community_id) : undefined;
    },
  };
}

export type PlanEditsRepo = ReturnType<typeof createPlanEditsRepo>;
