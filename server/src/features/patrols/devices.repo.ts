import type { Sql } from 'postgres';
import { randomToken, tokenHash } from '../auth/auth.domain.ts';
import type { Scope } from '../auth/scope.repo.ts';
import { workerInScope } from './patrol-scope.ts';

export type DeviceProtocol = 'osmand' | 'owntracks' | 'web' | 'gpx';

/** A device as the writer needs it: whose fixes it sends. */
export interface BoundDevice {
  id: number;
  userId: number;
  protocol: DeviceProtocol;
}

export interface DeviceRow {
  id: number;
  userId: number;
  userName: string;
  protocol: DeviceProtocol;
  identifier: string;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
}

const toRow = (r: Record<string, unknown>): DeviceRow => ({
  id: Number(r.id), userId: Number(r.user_id), userName: String(r.user_name), protocol: r.protocol as DeviceProtocol,
  identifier: String(r.identifier), label: (r.label as string | null) ?? null, createdAt: r.created_at as Date,
  revokedAt: (r.revoked_at as Date | null) ?? null, lastSeenAt: (r.last_seen_at as Date | null) ?? null,
});

/** Devices bound to workers: Traccar Client and OwnTracks phones set up by an admin, the web app and GPX imports of each worker. */
export function createDevicesRepo(sql: Sql) {
  return {
    /** Binds a phone to a worker; the secret (OwnTracks' password) is returned once and stored as its hash. Undefined when the identifier is taken. */
    async create(d: { userId: number; protocol: 'osmand' | 'owntracks'; identifier: string; label: string | null; createdBy: number }) {
      const secret = randomToken(18);
      const [r] = await sql`insert into device (user_id, protocol, identifier, secret_hash, label, created_by)
        values (${d.userId}, ${d.protocol}, ${d.identifier}, ${tokenHash(secret)}, ${d.label}, ${d.createdBy})
        on conflict (protocol, identifier) where revoked_at is null do nothing returning id`;
      return r ? { id: Number(r.id), identifier: d.identifier, secret } : undefined;
    },

    /** The live device of a protocol by its identifier (revoked ones are unknown). */
    async live(protocol: DeviceProtocol, identifier: string): Promise<(BoundDevice & { secretHash: string | null }) | undefined> {
      const [r] = await sql`select id, user_id, protocol, secret_hash from device
        where protocol = ${protocol} and identifier = ${identifier} and revoked_at is null`;
      return r ? { id: Number(r.id), userId: Number(r.user_id), protocol: r.protocol as DeviceProtocol, secretHash: (r.secret_hash as string | null) ?? null } : undefined;
    },

    /** The worker's own device of the web app or of GPX imports, created on first use (one per worker and kind, whatever the burst). */
    async ownDevice(userId: number, protocol: 'web' | 'gpx'): Promise<BoundDevice> {
      const identifier = `${protocol}-${userId}`;
      await sql`insert into device (user_id, protocol, identifier) values (${userId}, ${protocol}, ${identifier})
        on conflict (protocol, identifier) where revoked_at is null do nothing`;
      const [r] = await sql`select id from device where protocol = ${protocol} and identifier = ${identifier} and revoked_at is null`;
      return { id: Number(r!.id), userId, protocol };
    },

    /** Phones of the workers in the scope (and the caller's own), newest first. */
    async list(scope: Scope, userId: number): Promise<DeviceRow[]> {
      const rows = await sql`select d.*, u.display_name as user_name from device d join app_user u on u.id = d.user_id
        where d.protocol in ('osmand', 'owntracks') and (d.user_id = ${userId} or ${workerInScope(sql, scope, sql`d.user_id`)})
        order by d.revoked_at is not null, d.created_at desc, d.id desc limit 2000`;
      return rows.map(toRow);
    },

    /** True when the account exists and is active (a phone is bound to a working account only). */
    async activeUser(userId: number): Promise<boolean> {
      const [r] = await sql`select 1 from app_user where id = ${userId} and active`;
      return Boolean(r);
    },

    async byId(id: number): Promise<DeviceRow | undefined> {
      const [r] = await sql`select d.*, u.display_name as user_name from device d join app_user u on u.id = d.user_id where d.id = ${id}`;
      return r ? toRow(r) : undefined;
    },

    /** Revokes a phone's binding; true when this call revoked it (a second revoke changes nothing). */
    async revoke(id: number): Promise<boolean> {
      const r = await sql`update device set revoked_at = now() where id = ${id} and revoked_at is null and protocol in ('osmand', 'owntracks')`;
      return r.count === 1;
    },
  };
}

export type DevicesRepo = ReturnType<typeof createDevicesRepo>;
