import type { ISql, Sql } from 'postgres';
import { createAuthRepo, type AuthRepo } from '../auth/auth.repo.ts';

/** An API key as the admin screens see it: never its hash. */
export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  owner: { id: number; username: string; displayName: string };
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revoked: boolean;
}

const toKey = (r: Record<string, unknown>): ApiKeyRow => ({
  id: Number(r.id), name: String(r.name), prefix: String(r.prefix),
  owner: { id: Number(r.user_id), username: String(r.username), displayName: String(r.display_name) },
  createdAt: r.created_at as Date, lastUsedAt: r.last_used_at as Date | null, revokedAt: r.revoked_at as Date | null,
  revoked: r.revoked_at !== null,
});

function queries(db: ISql) {
  const select = () => db`
    select k.id, k.name, k.prefix, k.user_id, u.username, u.display_name, k.created_at, k.last_used_at, k.revoked_at
    from api_key k join app_user u on u.id = k.user_id`;

  return {
    /** Every key, live ones first, newest first. */
    async list(): Promise<ApiKeyRow[]> {
      const rows = await db`${select()} order by k.revoked_at is not null, k.created_at desc, k.id desc`;
      return rows.map(toKey);
    },

    async byId(id: number): Promise<ApiKeyRow | undefined> {
      const [r] = await db`${select()} where k.id = ${id}`;
      return r ? toKey(r) : undefined;
    },

    /** The owner's state, or undefined when there is no such user. */
    async owner(userId: number): Promise<{ active: boolean } | undefined> {
      const [r] = await db`select active from app_user where id = ${userId}`;
      return r ? { active: Boolean(r.active) } : undefined;
    },

    /** Stores a key; undefined when the prefix is already taken (the caller draws another). */
    async insert(k: { userId: number; name: string; prefix: string; keyHash: string; now: Date }): Promise<number | undefined> {
      const [r] = await db`insert into api_key (user_id, name, prefix, key_hash, created_at)
        values (${k.userId}, ${k.name}, ${k.prefix}, ${k.keyHash}, ${k.now})
        on conflict (prefix) do nothing returning id`;
      return r ? Number(r.id) : undefined;
    },

    /** Revokes a live key; false when it was already revoked. */
    async revoke(id: number, now: Date): Promise<boolean> {
      const rows = await db`update api_key set revoked_at = ${now} where id = ${id} and revoked_at is null returning id`;
      return rows.length > 0;
    },
  };
}

export type ApiKeyQueries = ReturnType<typeof queries>;

/** Every query of API key administration; writes run in `transaction` with their audit record. */
export function createApiKeysRepo(sql: Sql) {
  return {
    ...queries(sql),
    transaction<T>(fn: (tx: ApiKeyQueries, audit: AuthRepo['audit']) => Promise<T>): Promise<T> {
      return sql.begin((tx) => fn(queries(tx), createAuthRepo(tx as unknown as Sql).audit)) as Promise<T>;
    },
  };
}
