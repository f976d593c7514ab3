import type { Sql } from 'postgres';
import { actionFilter } from './audit.domain.ts';
import type { AuditQuery } from './audit.schema.ts';

/** One audit record with the acting user's username and name (the log is read by people, filtered by username). */
export interface AuditRow {
  id: number;
  at: Date;
  user: { id: number; username: string; displayName: string } | null;
  action: string;
  entity: string | null;
  entityId: number | null;
  fields: string[] | null;
  reason: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

const toRow = (r: Record<string, unknown>): AuditRow => ({
  id: Number(r.id), at: r.at as Date,
  user: r.user_id === null ? null : { id: Number(r.user_id), username: String(r.username), displayName: String(r.display_name) },
  action: String(r.action), entity: r.entity as string | null, entityId: r.entity_id === null ? null : Number(r.entity_id),
  fields: r.fields as string[] | null, reason: r.reason as string | null, ip: r.ip as string | null,
  details: r.details as Record<string, unknown>,
});

/** Reading the audit log (writing it is authRepo.audit). */
export function createAuditRepo(sql: Sql) {
  return {
    /** Entries matching every given filter, newest first. */
    async list(f: AuditQuery) {
      const { exact, prefix } = actionFilter(f.action);
      // LIKE wildcards in a prefix are literal: action names hold only [a-z0-9_.], so escape _
      const like = prefix === null ? null : `${prefix.replace(/_/g, '\\_')}%`;
      const rows = await sql`
        select a.id, a.at, a.user_id, u.username, u.display_name, a.action, a.entity, a.entity_id, a.fields, a.reason, a.ip, a.details
        from audit_log a left join app_user u on u.id = a.user_id
        where (${f.user ?? null}::text is null or u.username = ${f.user ?? null})
          and (${exact}::text is null or a.action = ${exact})
          and (${like}::text is null or a.action like ${like})
          and (${f.entity ?? null}::text is null or a.entity = ${f.entity ?? null})
          and (${f.entityId ?? null}::bigint is null or a.entity_id = ${f.entityId ?? null})
          and (${f.from ?? null}::timestamptz is null or a.at >= ${f.from ?? null})
          and (${f.to ?? null}::timestamptz is null or a.at < ${f.to ?? null})
        order by a.at desc, a.id desc
        limit ${f.limit + 1} offset ${f.offset}`;
      return { items: rows.slice(0, f.limit).map(toRow), more: rows.length > f.limit };
    },
  };
}
