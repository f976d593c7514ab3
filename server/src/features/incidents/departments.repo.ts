import type { Sql, TransactionSql } from 'postgres';

type Db = Sql | TransactionSql;

/** A responsible unit (责任单位) with its place and its people, as the admin screens show it. */
export interface DepartmentRecord {
  id: number;
  jurisdiction: { id: number; code: string; name: string; level: string };
  name: string;
  kind: string;
  phone: string | null;
  active: boolean;
  members: { id: number; username: string; displayName: string; active: boolean }[];
  createdAt: Date;
}

/** The columns an admin sets. */
export interface DepartmentColumns {
  name: string;
  kind: string;
  phone: string | null;
  active: boolean;
}

const select = (db: Db) => db`
  select d.id, d.name, d.kind, d.phone, d.active, d.created_at, j.id as j_id, j.code as j_code, j.name as j_name, j.level as j_level,
    coalesce((select json_agg(json_build_object('id', u.id, 'username', u.username, 'displayName', u.display_name, 'active', u.active)
                order by u.display_name, u.id)
              from department_member m join app_user u on u.id = m.user_id where m.department_id = d.id), '[]') as members
  from department d join jurisdiction j on j.id = d.jurisdiction_id`;

function toDepartment(r: Record<string, unknown>): DepartmentRecord {
  return {
    id: Number(r.id),
    jurisdiction: { id: Number(r.j_id), code: String(r.j_code), name: String(r.j_name), level: String(r.j_level) },
    name: String(r.name), kind: String(r.kind), phone: r.phone === null ? null : String(r.phone), active: Boolean(r.active),
    members: (r.members as DepartmentRecord['members']).map((m) => ({ ...m, id: Number(m.id) })),
    createdAt: r.created_at as Date,
  };
}

/** Every query of the admin's department screens: units, their places and their members. */
export function createDepartmentsRepo(sql: Sql) {
  return {
    /** Departments whose place's code starts with one of `prefixes`, optionally of one jurisdiction, by place then name. */
    async list(prefixes: string[], jurisdictionId: number | null): Promise<DepartmentRecord[]> {
      const rows = await sql`${select(sql)}
        where j.code like any(${prefixes.map((p) => `${p}%`)}::text[])
          and (${jurisdictionId}::bigint is null or d.jurisdiction_id = ${jurisdictionId})
        order by j.code, d.name limit 2000`;
      return rows.map(toDepartment);
    },

    /** One department, or undefined; `lock` holds its row until the transaction ends (members replaced one writer at a time). */
    async byId(db: Db, id: number, opts: { lock?: boolean } = {}): Promise<DepartmentRecord | undefined> {
      if (opts.lock) await db`select 1 from department where id = ${id} for update`;
      const [r] = await db`${select(db)} where d.id = ${id}`;
      return r ? toDepartment(r) : undefined;
    },

    /** A jurisdiction's code and level, or undefined. */
    async place(id: number): Promise<{ id: number; code: string; level: string; regionCode: string } | undefined> {
      const [r] = await sql`select id, code, level, region_code from jurisdiction where id = ${id}`;
      return r ? { id: Number(r.id), code: String(r.code), level: String(r.level), regionCode: String(r.region_code) } : undefined;
    },

    /** Inserts a department; the unique (jurisdiction, name) decides between two of the same name. */
    async insert(tx: Db, place: { id: number; regionCode: string }, c: DepartmentColumns): Promise<number> {
      const [r] = await tx`insert into department (jurisdiction_id, region_code, name, kind, phone, active)
        values (${place.id}, ${place.regionCode}, ${c.name}, ${c.kind}, ${c.phone}, ${c.active}) returning id`;
      return Number(r!.id);
    },

    /** Writes the given columns. */
    async update(tx: Db, id: number, c: Partial<DepartmentColumns>): Promise<void> {
      await tx`update department set ${tx(c)} where id = ${id}`;
    },

    /** Of these user ids, those that are no active account. */
    async notActiveUsers(db: Db, ids: number[]): Promise<number[]> {
      const rows = await db`select i from unnest(${ids}::bigint[]) i where not exists (select 1 from app_user u where u.id = i and u.active)`;
      return rows.map((r) => Number(r.i));
    },

    /** Makes the members exactly these users; answers who left and who joined. */
    async replaceMembers(tx: Db, id: number, userIds: number[]): Promise<{ removed: number[]; added: number[] }> {
      const removed = await tx`delete from department_member where department_id = ${id} and not (user_id = any(${userIds}::bigint[])) returning user_id`;
      const added = await tx`insert into department_member (department_id, user_id) select ${id}, u from unnest(${userIds}::bigint[]) u
        on conflict do nothing returning user_id`;
      return { removed: removed.map((r) => Number(r.user_id)), added: added.map((r) => Number(r.user_id)) };
    },
  };
}
