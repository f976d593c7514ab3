import type { Sql, TransactionSql } from 'postgres';
import type { Level } from './jurisdictions.domain.ts';

/** Writes of the jurisdiction tree (creating nodes); reads stay in jurisdictions.repo.ts. */
export function createJurisdictionsAdminRepo(db: Sql | TransactionSql) {
  return {
    /** The node with this code, if any. */
    async byCode(code: string): Promise<{ id: number; level: Level; name: string } | undefined> {
      const [r] = await db`select id, level, name from jurisdiction where code = ${code}`;
      return r ? { id: Number(r.id), level: r.level as Level, name: String(r.name) } : undefined;
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

    /** Gives a user the admin role over a jurisdiction (unless they already hold exactly that). */
    async grantAdmin(userId: number, jurisdictionId: number): Promise<void> {
      await db`insert into role_assignment (user_id, role, jurisdiction_id)
        select ${userId}, 'admin', ${jurisdictionId}
        where not exists (select 1 from role_assignment where user_id = ${userId} and role = 'admin' and jurisdiction_id = ${jurisdictionId})`;
    },
  };
}
