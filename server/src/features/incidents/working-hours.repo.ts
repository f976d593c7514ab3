import type { Sql } from 'postgres';

/** Working hours of organisations: read for a case's place (nearest level that sets them), set by those who manage its data. */
export function createWorkingHoursRepo(sql: Sql) {
  return {
    /** The hours of the community, else its street office's, else its county's; null when none sets them. */
    async forCommunity(communityId: number): Promise<string[] | null> {
      const [r] = await sql`select coalesce(c.working_hours, t.working_hours, k.working_hours) as hours
        from jurisdiction c left join jurisdiction t on t.id = c.parent_id left join jurisdiction k on k.id = t.parent_id
        where c.id = ${communityId}`;
      return (r?.hours as string[] | null) ?? null;
    },
    async node(id: number) {
      const [r] = await sql`select id, code, name, level, working_hours from jurisdiction where id = ${id}`;
      return r ? { id: Number(r.id), code: String(r.code), name: String(r.name), level: String(r.level), hours: (r.working_hours as string[] | null) ?? null } : undefined;
    },
    async set(id: number, hours: string[] | null) {
      await sql`update jurisdiction set working_hours = ${hours} where id = ${id}`;
    },
  };
}
