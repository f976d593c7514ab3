import type { Sql } from 'postgres';
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
}

/** A grant with its scope resolved for display. */
export interface GrantRow extends Grant {
  jurisdiction: { id: number; code: string; name: string; level: string } | null;
}

/** Every query of accounts, sessions, API keys and the audit log. */
export function createAuthRepo(sql: Sql) {
  return {
    /** The account behind a username (case-insensitive), for signing in. */
    async loginRow(username: string): Promise<LoginRow | undefined> {
      const [r] = await sql`
        select id, username, display_name, password_hash, active, failed_logins, locked_until
        from app_user where username = lower(${username})`;
      if (!r) return undefined;
      return {
        id: Number(r.id), username: r.username, displayName: r.display_name, passwordHash: r.password_hash,
        active: r.active, failedLogins: r.failed_logins, lockedUntil: r.locked_until,
      };
    },

    /** Counts one more failure and sets the lock computed from the new count. */
    async recordFailure(userId: number, lock: (failures: number) => Date | null): Promise<number> {
      return sql.begin(async (tx) => {
        const [r] = await tx`update app_user set failed_logins = failed_logins + 1 where id = ${userId} returning failed_logins`;
        const failures = Number(r!.failed_logins);
        await tx`update app_user set locked_until = ${lock(failures)} where id = ${userId}`;
        return failures;
      });
    },

    /** Clears failures and lock after a successful sign-in. */
    async recordSuccess(userId: number): Promise<void> {
      await sql`update app_user set failed_logins = 0, locked_until = null where id = ${userId}`;
    },

    /** Stores a session by the hash of its token. */
    async createSession(s: { hash: string; userId: number; csrfToken: string; now: Date; expiresAt: Date; ip: string | null; userAgent: string | null }) {
      await sql`insert into user_session (id, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
        values (${s.hash}, ${s.userId}, ${s.csrfToken}, ${s.now}, ${s.now}, ${s.expiresAt}, ${s.ip}, ${s.userAgent})`;
    },

    /** A live session (not expired, not idle too long, active user) and marks it used. */
    async touchSession(hash: string, now: Date, idleSince: Date) {
      const [r] = await sql`
        update user_session s set last_seen_at = ${now}
        from app_user u
        where s.id = ${hash} and u.id = s.user_id and u.active
          and s.expires_at > ${now} and s.last_seen_at > ${idleSince}
        returning s.user_id, s.csrf_token, u.username, u.display_name`;
      if (!r) return undefined;
      return { userId: Number(r.user_id), csrfToken: String(r.csrf_token), username: String(r.username), displayName: String(r.display_name) };
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
      const rows = await sql`
        select r.role, r.jurisdiction_id, r.grid_codes, j.code, j.name, j.level
        from role_assignment r left join jurisdiction j on j.id = r.jurisdiction_id
        where r.user_id = ${userId} order by r.id`;
      return rows.map((r) => ({
        role: r.role as Role,
        jurisdictionId: r.jurisdiction_id === null ? null : Number(r.jurisdiction_id),
        gridCodes: r.grid_codes,
        jurisdiction: r.jurisdiction_id === null ? null : { id: Number(r.jurisdiction_id), code: r.code, name: r.name, level: r.level },
      }));
    },

    /** The live key with this prefix and its owner, marking it used. */
    async apiKey(prefix: string, now: Date) {
      const [r] = await sql`
        update api_key k set last_used_at = ${now} from app_user u
        where k.prefix = ${prefix} and k.revoked_at is null and u.id = k.user_id and u.active
        returning k.key_hash, k.user_id, u.username, u.display_name`;
      if (!r) return undefined;
      return { keyHash: String(r.key_hash), userId: Number(r.user_id), username: String(r.username), displayName: String(r.display_name) };
    },

    /** Replaces a password hash (and records when). */
    async setPassword(userId: number, hash: string, now: Date): Promise<void> {
      await sql`update app_user set password_hash = ${hash}, password_changed_at = ${now}, failed_logins = 0, locked_until = null
        where id = ${userId}`;
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
