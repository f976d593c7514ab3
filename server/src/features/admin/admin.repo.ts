import type { ISql, Sql } from 'postgres';
import { createAuthRepo, type AuthRepo, type GrantRow } from '../auth/auth.repo.ts';
import type { Role } from '../auth/permissions.domain.ts';
import type { GrantInput } from './admin.domain.ts';

/** An account as the admin screens see it (never its password hash). */
export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  phone: string | null;
  active: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
  grants: GrantRow[];
}

/** The columns a PATCH may touch, by API field name. */
const EDITABLE = { displayName: 'display_name', phone: 'phone', active: 'active' } as const;
type EditableField = keyof typeof EDITABLE;

type JsonGrant = { role: Role; jurisdictionId: number | null; gridCodes: string[] | null; code: string | null; name: string | null; level: string | null };

const toUser = (r: Record<string, unknown>): UserRow => ({
  id: Number(r.id), username: String(r.username), displayName: String(r.display_name), phone: r.phone as string | null,
  active: Boolean(r.active), failedLogins: Number(r.failed_logins), lockedUntil: r.locked_until as Date | null,
  lastSignInAt: r.last_sign_in_at as Date | null, createdAt: r.created_at as Date,
  grants: (r.grants as JsonGrant[]).map((g) => ({
    role: g.role, jurisdictionId: g.jurisdictionId, gridCodes: g.gridCodes,
    jurisdiction: g.jurisdictionId === null ? null : { id: g.jurisdictionId, code: g.code!, name: g.name!, level: g.level! },
  })),
});

/** The queries of accounts and grants; `db` is the pool or a transaction. */
function queries(db: ISql) {
  const select = () => db`
    select u.id, u.username, u.display_name, u.phone, u.active, u.failed_logins, u.locked_until, u.created_at,
      (select a.at from audit_log a where a.user_id = u.id and a.action = 'login' order by a.at desc limit 1) as last_sign_in_at,
      coalesce((select json_agg(json_build_object('role', r.role, 'jurisdictionId', r.jurisdiction_id, 'gridCodes', r.grid_codes,
                  'code', j.code, 'name', j.name, 'level', j.level) order by r.id)
                from role_assignment r left join jurisdiction j on j.id = r.jurisdiction_id where r.user_id = u.id), '[]') as grants
    from app_user u`;

  return {
    /** Accounts whose username or display name contains `q`, by username. */
    async list(f: { q?: string; limit: number; offset: number }) {
      const q = f.q || null;
      const rows = await db`${select()}
        where ${q}::text is null or position(lower(${q}::text) in u.username) > 0 or position(lower(${q}::text) in lower(u.display_name)) > 0
        order by u.username limit ${f.limit + 1} offset ${f.offset}`;
      return { items: rows.slice(0, f.limit).map(toUser), more: rows.length > f.limit };
    },

    async byId(id: number): Promise<UserRow | undefined> {
      const [r] = await db`${select()} where u.id = ${id}`;
      return r ? toUser(r) : undefined;
    },

    async usernameTaken(username: string): Promise<boolean> {
      const [r] = await db`select exists (select 1 from app_user where username = ${username}) as taken`;
      return Boolean(r!.taken);
    },

    /** Which of these jurisdiction ids do not exist. */
    async missingJurisdictions(ids: number[]): Promise<number[]> {
      const rows = await db`select x::bigint as id from unnest(${ids}::bigint[]) x where not exists (select 1 from jurisdiction j where j.id = x)`;
      return rows.map((r) => Number(r.id));
    },

    /** Which of these grid codes are in no published plan. */
    async unknownGridCodes(codes: string[]): Promise<string[]> {
      const rows = await db`select x as code from unnest(${codes}::text[]) x where not exists (
        select 1 from grid g join grid_plan p on p.id = g.plan_id where g.code = x and p.status = 'published')`;
      return rows.map((r) => String(r.code));
    },

    /** A new account; `mustChangePassword` when its password is a temporary one handed out by an admin. */
    async insert(u: { username: string; displayName: string; phone: string | null; passwordHash: string; now: Date; mustChangePassword: boolean }): Promise<number> {
      const [r] = await db`insert into app_user (username, display_name, phone, password_hash, password_changed_at, created_at, must_change_password)
        values (${u.username}, ${u.displayName}, ${u.phone}, ${u.passwordHash}, ${u.now}, ${u.now}, ${u.mustChangePassword}) returning id`;
      return Number(r!.id);
    },

    /** Applies a patch; false when there is no such user. */
    async update(id: number, patch: Partial<Record<EditableField, unknown>>): Promise<boolean> {
      const fields = (Object.keys(patch) as EditableField[]).filter((k) => k in EDITABLE);
      const values = Object.fromEntries(fields.map((k) => [EDITABLE[k], patch[k]])) as Record<string, string | boolean | null>;
      const rows = await db`update app_user set ${db(values, ...fields.map((k) => EDITABLE[k]))} where id = ${id} returning id`;
      return rows.length > 0;
    },

    /** Replaces every grant of a user. */
    async replaceGrants(userId: number, grants: GrantInput[]): Promise<void> {
      await db`delete from role_assignment where user_id = ${userId}`;
      for (const g of grants) {
        await db`insert into role_assignment (user_id, role, jurisdiction_id, grid_codes)
          values (${userId}, ${g.role}, ${g.jurisdictionId ?? null}, ${g.gridCodes ?? null})`;
      }
    },

    /**
     * Whether the user holds admin, and how many other active users do. Takes a transaction-wide
     * lock first, so two admins cannot each remove the other's grant at the same moment.
     */
    async adminState(userId: number) {
      await db`select pg_advisory_xact_lock(hashtext('wangge.admin_grants'))`;
      const [r] = await db`select
          exists (select 1 from role_assignment where user_id = ${userId} and role = 'admin') as holds,
          (select count(distinct r.user_id)::int from role_assignment r join app_user u on u.id = r.user_id
            where r.role = 'admin' and u.active and u.id <> ${userId}) as others`;
      return { holdsAdminNow: Boolean(r!.holds), otherActiveAdmins: Number(r!.others) };
    },

    /** Sets a temporary password (to be changed at the next sign-in), clears failures and lock; false when there is no such user. */
    async setTemporaryPassword(id: number, passwordHash: string, now: Date): Promise<boolean> {
      const rows = await db`update app_user set password_hash = ${passwordHash}, password_changed_at = ${now},
        failed_logins = 0, locked_until = null, must_change_password = true where id = ${id} returning id`;
      return rows.length > 0;
    },

    /** Clears failures and lock; false when there is no such user. */
    async unlock(id: number): Promise<boolean> {
      const rows = await db`update app_user set failed_logins = 0, locked_until = null where id = ${id} returning id`;
      return rows.length > 0;
    },

    async endSessions(userId: number): Promise<number> {
      return (await db`delete from user_session where user_id = ${userId}`).count;
    },

    /** Revokes every live API key of a user (a deactivated user's keys must not come back with the account). */
    async revokeKeysOf(userId: number, now: Date): Promise<number> {
      return (await db`update api_key set revoked_at = ${now} where user_id = ${userId} and revoked_at is null`).count;
    },
  };
}

export type UsersQueries = ReturnType<typeof queries>;

/** Every query of the user admin; writes run in `transaction` with their audit record. */
export function createAdminRepo(sql: Sql) {
  return {
    ...queries(sql),
    /** Runs `fn` in one transaction; its audit record commits or rolls back with the change. */
    transaction<T>(fn: (tx: UsersQueries, audit: AuthRepo['audit']) => Promise<T>): Promise<T> {
      // a transaction handle answers the same tagged templates as the pool
      return sql.begin((tx) => fn(queries(tx), createAuthRepo(tx as unknown as Sql).audit)) as Promise<T>;
    },
  };
}

export type AdminRepo = ReturnType<typeof createAdminRepo>;
