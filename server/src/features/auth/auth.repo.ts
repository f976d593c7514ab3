import type { PendingQuery, Row, Sql } from 'postgres';
import type { Grant, Role } from './permissions.domain.ts';

/** A user as sign-in sees it. */
export interface LoginRow {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string | null;
  active: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
}

/** Where a sign-in attempt stands: the account if the name is one, and the failures counted for the name. */
export interface AttemptState {
  user: LoginRow | undefined;
  failures: number;
  lockedUntil: Date | null;
}

/** What an attempt may write while it holds the name's lock. */
export interface AttemptRecorder {
  /** Counts one more failure and sets the lock computed from the new count; returns the count. */
  fail: (lock: (failures: number) => Date | null) => Promise<number>;
  /** Clears failures and lock. */
  succeed: () => Promise<void>;
}

const toLoginRow = (r: Record<string, unknown>): LoginRow => ({
  id: Number(r.id), username: String(r.username), displayName: String(r.display_name), passwordHash: r.password_hash as string | null,
  active: Boolean(r.active), failedLogins: Number(r.failed_logins), lockedUntil: r.locked_until as Date | null,
  mustChangePassword: Boolean(r.must_change_password),
});

/** A grant with its scope resolved for display. */
export interface GrantRow extends Grant {
  jurisdiction: { id: number; code: string; name: string; level: string } | null;
}

interface GrantJson {
  role: Role;
  jurisdiction_id: number | null;
  grid_codes: string[] | null;
  code: string | null;
  name: string | null;
  level: string | null;
}

const toGrantRows = (rows: GrantJson[]): GrantRow[] =>
  rows.map((r) => ({
    role: r.role,
    jurisdictionId: r.jurisdiction_id === null ? null : Number(r.jurisdiction_id),
    gridCodes: r.grid_codes,
    jurisdiction: r.jurisdiction_id === null ? null : { id: Number(r.jurisdiction_id), code: String(r.code), name: String(r.name), level: String(r.level) },
  }));

/** Every query of accounts, sessions, API keys and the audit log. */
export function createAuthRepo(sql: Sql) {
  // a user's grants as one JSON array, so a session or key comes with them in the same statement
  const grantsOf = (userId: PendingQuery<Row[]>) => sql`coalesce((
    select json_agg(json_build_object('role', r.role, 'jurisdiction_id', r.jurisdiction_id, 'grid_codes', r.grid_codes,
                                      'code', j.code, 'name', j.name, 'level', j.level) order by r.id)
    from role_assignment r left join jurisdiction j on j.id = r.jurisdiction_id where r.user_id = ${userId}), '[]'::json)`;

  return {
    /** The account behind a username (case-insensitive). */
    async loginRow(username: string): Promise<LoginRow | undefined> {
      const [r] = await sql`
        select id, username, display_name, password_hash, active, failed_logins, locked_until, must_change_password
        from app_user where username = lower(${username})`;
      return r ? toLoginRow(r) : undefined;
    },

    /** Failures counted for a name, account or not, read without waiting for its lock (for the slow-down). */
    async peekFailures(name: string): Promise<number> {
      const [r] = await sql`
        select coalesce((select failed_logins from app_user where username = ${name}),
                        (select failed_logins from login_throttle where username = ${name}), 0) as n`;
      return Number(r!.n);
    },

    /**
     * Runs one sign-in attempt for a (lower-case) name holding a transaction-scoped lock on that name,
     * so attempts for one account are serialized in the database: each sees the failures of the ones
     * before it. Names that are not accounts keep their count in login_throttle, so both look the same.
     */
    async attempt<T>(name: string, now: Date, fn: (state: AttemptState, rec: AttemptRecorder) => Promise<T>): Promise<T> {
      return sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext('wangge.login:' || ${name}))`;
        const [u] = await tx`
          select id, username, display_name, password_hash, active, failed_logins, locked_until, must_change_password
          from app_user where username = ${name}`;
        const user = u ? toLoginRow(u) : undefined;
        const [t] = user ? [] : await tx`select failed_logins, locked_until from login_throttle where username = ${name}`;
        const state: AttemptState = user
          ? { user, failures: user.failedLogins, lockedUntil: user.lockedUntil }
          : { user, failures: Number(t?.failed_logins ?? 0), lockedUntil: (t?.locked_until as Date | undefined) ?? null };
        const rec: AttemptRecorder = {
          fail: async (lock) => {
            const failures = state.failures + 1;
            if (user) {
              await tx`update app_user set failed_logins = ${failures}, locked_until = ${lock(failures)} where id = ${user.id}`;
            } else {
              await tx`insert into login_throttle (username, failed_logins, locked_until, updated_at)
                values (${name}, ${failures}, ${lock(failures)}, ${now})
                on conflict (username) do update set failed_logins = excluded.failed_logins,
                  locked_until = excluded.locked_until, updated_at = excluded.updated_at`;
              // names tried a day ago are forgotten, so the table stays small
              await tx`delete from login_throttle where updated_at < ${new Date(now.getTime() - 24 * 3600_000)}`;
            }
            return failures;
          },
          succeed: async () => {
            if (user) await tx`update app_user set failed_logins = 0, locked_until = null where id = ${user.id}`;
          },
        };
        return fn(state, rec);
      }) as Promise<T>;
    },

    /** Stores a session by the hash of its token. */
    async createSession(s: { hash: string; userId: number; csrfToken: string; now: Date; expiresAt: Date; ip: string | null; userAgent: string | null }) {
      await sql`insert into user_session (id, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
        values (${s.hash}, ${s.userId}, ${s.csrfToken}, ${s.now}, ${s.now}, ${s.expiresAt}, ${s.ip}, ${s.userAgent})`;
    },

    /**
     * A live session (not expired, not idle too long, active user) with its user's grants, and marks
     * it used: one statement, so validating a session is one round trip.
     */
    async touchSession(hash: string, now: Date, idleSince: Date) {
      const [r] = await sql`
        with s as (
          update user_session s set last_seen_at = ${now}
          from app_user u
          where s.id = ${hash} and u.id = s.user_id and u.active
            and s.expires_at > ${now} and s.last_seen_at > ${idleSince}
          returning s.user_id, s.csrf_token, s.expires_at, u.username, u.display_name, u.must_change_password)
        select s.*, ${grantsOf(sql`s.user_id`)} as grants from s`;
      if (!r) return undefined;
      return {
        userId: Number(r.user_id), csrfToken: String(r.csrf_token), username: String(r.username), displayName: String(r.display_name),
        mustChangePassword: Boolean(r.must_change_password), expiresAt: r.expires_at as Date, grants: toGrantRows(r.grants),
      };
    },

    async deleteSession(hash: string): Promise<void> {
      await sql`delete from user_session where id = ${hash}`;
    },

    /** Ends every session of a user except, optionally, one. */
    async deleteSessionsOf(userId: number, except: string | null = null): Promise<void> {
      await sql`delete from user_session where user_id = ${userId} and (${except}::text is null or id <> ${except})`;
    },

    /** A user's role assignments with their scopes. */
    async grants(userId: number): Promise<GrantRow[]> {
      const [r] = await sql`select ${grantsOf(sql`${userId}::bigint`)} as grants`;
      return toGrantRows(r!.grants);
    },

    /** The active departments (责任单位) a user acts for: they handle the incidents dispatched there. */
    async departments(userId: number): Promise<{ id: number; name: string }[]> {
      const rows = await sql`select d.id, d.name from department_member m join department d on d.id = m.department_id
        where m.user_id = ${userId} and d.active order by d.name`;
      return rows.map((r) => ({ id: Number(r.id), name: String(r.name) }));
    },

    /** The live key with this prefix, its owner and their grants (not yet marked used: the secret is checked first). */
    async apiKey(prefix: string) {
      const [r] = await sql`
        select k.id, k.key_hash, k.user_id, u.username, u.display_name, ${grantsOf(sql`k.user_id`)} as grants
        from api_key k join app_user u on u.id = k.user_id
        where k.prefix = ${prefix} and k.revoked_at is null and u.active`;
      if (!r) return undefined;
      return {
        id: Number(r.id), keyHash: String(r.key_hash), userId: Number(r.user_id), username: String(r.username), displayName: String(r.display_name),
        grants: toGrantRows(r.grants),
      };
    },

    /** Records that a verified key was used. */
    async markApiKeyUsed(id: number, now: Date): Promise<void> {
      await sql`update api_key set last_used_at = ${now} where id = ${id}`;
    },

    /** Replaces a password hash (and records when). */
    async setPassword(userId: number, hash: string, now: Date): Promise<void> {
      await sql`update app_user set password_hash = ${hash}, password_changed_at = ${now}, failed_logins = 0, locked_until = null,
        must_change_password = false where id = ${userId}`;
    },

    /** Appends to the audit log. */
    async audit(e: { userId: number | null; action: string; entity?: string; entityId?: number; fields?: string[]; reason?: string; ip?: string | null; details?: Record<string, unknown> }) {
      await sql`insert into audit_log (user_id, action, entity, entity_id, fields, reason, ip, details)
        values (${e.userId}, ${e.action}, ${e.entity ?? null}, ${e.entityId ?? null}, ${e.fields ?? null},
                ${e.reason ?? null}, ${e.ip ?? null}, ${sql.json((e.details ?? {}) as never)})`;
    },
  };
}

export type AuthRepo = ReturnType<typeof createAuthRepo>;
