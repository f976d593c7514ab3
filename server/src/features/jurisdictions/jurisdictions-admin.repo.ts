import type { Sql, TransactionSql } from 'postgres';
import type { Level } from './jurisdictions.domain.ts';

/** A node of the tree without its geometry. */
export interface JurisdictionNodeRef {
  id: number;
  code: string;
  level: Level;
  name: string;
}
const toRef = (r: Record<string, unknown>): JurisdictionNodeRef => ({ id: Number(r.id), code: String(r.code), level: r.level as Level, name: String(r.name) });

/** Writes of the jurisdiction tree (creating nodes); reads stay in jurisdictions.repo.ts. */
export function createJurisdictionsAdminRepo(db: Sql | TransactionSql) {
  return {
    /** The node with this code, if any. */
    async byCode(code: string): Promise<JurisdictionNodeRef | undefined> {
      const [r] = await db`select id, code, level, name from jurisdiction where code = ${code}`;
      return r ? toRef(r) : undefined;
    },

    /** The node with this id, if any. */
    async byId(id: number): Promise<JurisdictionNodeRef | undefined> {
      const [r] = await db`select id, code, level, name from jurisdiction where id = ${id}`;
      return r ? toRef(r) : undefined;
    },

    /** Inserts a node without geometry (boundaries come with an import); returns its id. */
    async insert(j: { code: string; name: string; level: Level; parentId: number | null; householdMin?: number; householdMax?: number }): Promise<number> {
      const [r] = await db`
        insert into jurisdiction (code, name, level, parent_id, region_code, household_min, household_max)
        values (${j.code}, ${j.name}, ${j.level}, ${j.parentId}, ${j.code.slice(0, 6)},
                ${j.householdMin ?? 200}, ${j.householdMax ?? 500})
        returning id`;
      return Number(r!.id);
    },

    /**
     * What a jurisdiction still lacks before it can be planned: its boundary, its communities and
     * theirs, buildings with households, roads, water/green, and a plan in force. Roads and landcover
     * count when they touch the jurisdiction's boundary (or its communities', before it has one).
     */
    async setup(id: number, date: string) {
      const [r] = await db`
        with j as (select id, code, level, geom from jurisdiction where id = ${id}),
        comm as (select c.id, c.geom from jurisdiction c, j where c.level = 'community' and c.code like j.code || '%'),
        area as (select coalesce((select geom from j where geom is not null), (select ST_Union(geom) from comm)) as geom)
        select (select geom is not null from j) as boundary,
          (select count(*)::int from comm) as communities,
          (select count(*)::int from comm where geom is not null) as communities_with_boundary,
          (select count(*)::int from building b where b.community_id in (select id from comm)) as buildings,
          (select coalesce(sum(b.households), 0)::int from building b where b.community_id in (select id from comm)) as households,
          (select count(*)::int from building b where b.community_id in (select id from comm) and b.households_estimated) as buildings_estimated,
          (select count(*)::int from road r, area where area.geom is not null and r.geom && area.geom and ST_Intersects(r.geom, area.geom)) as roads,
          (select count(*)::int from landcover l, area where area.geom is not null and l.class in ('water', 'green')
             and l.geom && area.geom and ST_Intersects(l.geom, area.geom)) as water_green,
          (select count(*)::int from grid_plan p join jurisdiction pj on pj.id = p.jurisdiction_id, j
             where (pj.code like j.code || '%' or j.code like pj.code || '%') and p.status = 'published'
               and p.valid_from <= ${date}::date and (p.valid_to is null or p.valid_to > ${date}::date)) as plans_in_force,
          (select count(*)::int from grid_plan p join jurisdiction s on s.id = p.scope_id, j
             where s.code like j.code || '%' and p.status in ('draft', 'review', 'approved')) as drafts`;
      return r ? {
        boundary: Boolean(r.boundary), communities: Number(r.communities), communitiesWithBoundary: Number(r.communities_with_boundary),
        buildings: Number(r.buildings), households: Number(r.households), buildingsEstimated: Number(r.buildings_estimated),
        roads: Number(r.roads), waterGreen: Number(r.water_green), plansInForce: Number(r.plans_in_force), drafts: Number(r.drafts),
      } : undefined;
    },

    /** Gives a user the admin role over a jurisdiction (unless they already hold exactly that). */
    async grantAdmin(userId: number, jurisdictionId: number): Promise<void> {
      await db`insert into role_assignment (user_id, role, jurisdiction_id)
        select ${userId}, 'admin', ${jurisdictionId}
        where not exists (select 1 from role_assignment where user_id = ${userId} and role = 'admin' and jurisdiction_id = ${jurisdictionId})`;
    },
  };
}
