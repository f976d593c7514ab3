import type { Sql, TransactionSql } from 'postgres';
import type { Adjacency, Unit } from './graph.domain.ts';
import { PRECISION } from './parcels.repo.ts';
import { gridUnions, unitAdjacency, type IsolatedUnit } from './unit-graph.repo.ts';
import type { MultiPolygon } from './autoplan.service.ts';

/** Units with the grid each starts in (selection and re-plan), by unit id. */
export interface LoadedUnits {
  units: Unit[];
  adjacencies: Adjacency[];
  /** Grid code each unit lies in (empty for a whole-community partition). */
  gridOf: Map<number, string>;
  /** Community of each unit (its parcel's). */
  communityOf: Map<number, number>;
  /** Building of each unit that carries one (its anchor lies in the unit). */
  buildingOf: Map<number, number>;
  /** Units that touch no other unit within ADJACENCY_TOLERANCE_M. */
  isolated: IsolatedUnit[];
}

/** Workload weights of a unit (households always count toward the band). */
export interface UnitWeights {
  households: number;
  residents: number;
  specialGroups: number;
}

/** Every query of the automatic planner; run inside one transaction (temp tables). */
export function createAutoplanRepo(tx: TransactionSql | Sql) {
  return {
    /** Community id, code and band; undefined unless `id` is a community. */
    async community(id: number) {
      const [c] = await tx`select id, code, household_min, household_max from jurisdiction where id = ${id} and level = 'community'`;
      return c ? { id: Number(c.id), code: String(c.code), band: { min: Number(c.household_min), max: Number(c.household_max) } } : undefined;
    },

    /** Street office id and code with its communities that have a boundary; undefined unless `id` is a town. */
    async town(id: number) {
      const [t] = await tx`select id, code from jurisdiction where id = ${id} and level = 'town'`;
      if (!t) return undefined;
      const rows = await tx`
        select id, code, household_min, household_max from jurisdiction
        where parent_id = ${id} and level = 'community' and geom is not null order by code`;
      return {
        id: Number(t.id), code: String(t.code),
        communities: rows.map((c) => ({ id: Number(c.id), code: String(c.code), band: { min: Number(c.household_min), max: Number(c.household_max) } })),
      };
    },

    /** Id, code and level of a jurisdiction. */
    async place(id: number) {
      const [j] = await tx`select id, code, level from jurisdiction where id = ${id}`;
      return j ? { id: Number(j.id), code: String(j.code), level: String(j.level) } : undefined;
    },

    /** Communities with a boundary at or below a jurisdiction (itself, its children or grandchildren). */
    async communitiesUnder(id: number) {
      const rows = await tx`
        select c.id, c.code from jurisdiction c
        where c.level = 'community' and c.geom is not null
          and (c.id = ${id} or c.parent_id = ${id} or c.parent_id in (select id from jurisdiction where parent_id = ${id}))
        order by c.code`;
      return rows.map((c) => ({ id: Number(c.id), code: String(c.code) }));
    },

    /** Grids of a plan in a community (or the named codes) with their lock flags. */
    async planGrids(planId: number, opts: { communityId?: number; codes?: string[] }) {
      const rows = await tx`
        select g.code, g.community_id, g.locked from grid g
        where g.plan_id = ${planId}
          and (${opts.communityId ?? null}::bigint is null or g.community_id = ${opts.communityId ?? null})
          and (${opts.codes ?? null}::text[] is null or g.code = any(${opts.codes ?? null}::text[]))
        order by g.code`;
      return rows.map((r) => ({ code: String(r.code), communityId: Number(r.community_id), locked: Boolean(r.locked) }));
    },

    /** GeoJSON of the named grids of a plan. */
    async gridGeoms(planId: number, codes: string[]) {
      if (codes.length === 0) return [];
      const rows = await tx`select code, ST_AsGeoJSON(geom, 9)::json as geom from grid where plan_id = ${planId} and code = any(${codes}::text[])`;
      return rows.map((r) => ({ code: String(r.code), geom: r.geom as MultiPolygon }));
    },

    /** True when the named grids form one connected area (sharing boundaries, not just corners). */
    async gridsConnected(planId: number, codes: string[]): Promise<boolean> {
      const [r] = await tx`
        select ST_NumGeometries(ST_Multi(ST_Union(ST_Buffer(geom::geography, 0.5)::geometry)))::int as n
        from grid where plan_id = ${planId} and code = any(${codes}::text[])`;
      return Number(r?.n ?? 0) === 1;
    },

    /**
     * Fills t_unit: the parcels of a community (or of several, for districts across communities), or
     * parcels cut by the named grids of a plan (each piece starts in its grid). A building counts in
     * the piece that holds its anchor.
     */
    async loadUnits(community: number | number[], w: UnitWeights, grids?: { planId: number; codes: string[] }): Promise<LoadedUnits> {
      const communityIds = Array.isArray(community) ? community : [community];
      await tx`
        create temp table t_unit on commit drop as
        select row_number() over (order by x.parcel_id, x.code)::int as id, x.* from (
          select p.id as parcel_id, p.community_id, p.block_no, b.compound_id, g.code,
                 case when b.id is not null and (g.geom is null or ST_Intersects(g.geom, b.anchor)) then b.id end as building_id,
                 case when g.geom is null then p.geom else ST_Multi(ST_CollectionExtract(ST_ReducePrecision(ST_Intersection(p.geom, g.geom), ${PRECISION}), 3)) end as geom
          from parcel p
          left join building b on b.id = p.building_id
          left join grid g on ${grids ? grids.planId : null}::bigint is not null and g.plan_id = ${grids ? grids.planId : null}
               and g.code = any(${grids ? grids.codes : []}::text[]) and ST_Intersects(p.geom, g.geom)
          where p.community_id = any(${communityIds}::bigint[])
        ) x
        where (${grids ? 1 : 0} = 0 or x.code is not null) and not ST_IsEmpty(x.geom)`;
      await tx`create index on t_unit using gist (geom)`;
      await tx`create index on t_unit (id)`;
      await tx`analyze t_unit`; // without statistics the planner nests loops over detoasted geometries
      const rows = await tx`
        select u.id, u.code, u.community_id, u.building_id, coalesce(b.households, 0)::int as households,
               coalesce(r.residents, 0)::int as residents, coalesce(r.special, 0)::int as special
        from t_unit u left join building b on b.id = u.building_id
        left join lateral (
          select count(*) as residents, count(*) filter (where cardinality(x.special_groups) > 0) as special
          from household h join resident x on x.household_id = h.id
          where h.building_id = b.id and ${w.residents + w.specialGroups > 0}::boolean
        ) r on true
        order by u.id`;
      const units: Unit[] = rows.map((r) => ({
        id: r.id, households: r.households, buildings: r.building_id === null ? 0 : 1,
        workload: w.households * r.households + w.residents * r.residents + w.specialGroups * r.special,
      }));
      const buildingOf = new Map(rows.filter((r) => r.building_id !== null).map((r) => [r.id as number, Number(r.building_id)]));
      // whole parcels: their borders were measured with them; pieces cut by grids are measured now
      const { adjacencies, isolated } = await unitAdjacency(tx as TransactionSql, new Map(units.map((u) => [u.id, u.households])), buildingOf, grids ? undefined : communityIds);
      return {
        units,
        adjacencies,
        isolated,
        communityOf: new Map(rows.map((r) => [r.id as number, Number(r.community_id)])),
        gridOf: new Map(rows.filter((r) => r.code !== null).map((r) => [r.id as number, String(r.code)])),
        buildingOf,
      };
    },

    /** GeoJSON of the union of units per (alternative, part), repaired and snapped (see gridUnions). */
    unions(assign: { alt: number; part: number; unit: number }[]) {
      return gridUnions(tx as TransactionSql, assign);
    },

    /** Stores a proposal; returns its id. */
    async saveProposal(p: { planId: number; userId: number | null; kind: string; params: unknown; alternatives: unknown }): Promise<number> {
      const [r] = await tx`
        insert into plan_proposal (plan_id, created_by, kind, params, alternatives)
        values (${p.planId}, ${p.userId}, ${p.kind}, ${JSON.stringify(p.params)}::text::jsonb, ${JSON.stringify(p.alternatives)}::text::jsonb)
        returning id`;
      return Number(r!.id);
    },

    /** A stored proposal of a plan. */
    async proposal(planId: number, id: number) {
      const [r] = await tx`select id, kind, params, alternatives from plan_proposal where id = ${id} and plan_id = ${planId}`;
      return r ? { id: Number(r.id), kind: String(r.kind), params: r.params as Record<string, unknown>, alternatives: r.alternatives as unknown[] } : undefined;
    },
  };
}
