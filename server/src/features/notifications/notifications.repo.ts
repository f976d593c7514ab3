import type { Sql, TransactionSql } from 'postgres';
import type { IncidentLevel } from '../incidents/incidents.vocabulary.ts';
import { CENTER_GRANTS, type Audience, type CaseFacts } from './notifications.domain.ts';

type Db = Sql | TransactionSql;

/** Notifications to create: one case, one kind, one dedupe key, for everybody in the audience but the actor. */
export interface Delivery {
  incidentId: number;
  kind: string;
  /** Makes a notification unique per (user, case, kind): the timeline event, or the due time reminded of. */
  dedupe: string;
  at: Date;
  audience: Audience;
  exceptUserId: number | null;
}

/** A notification as the API shows it: the case by its category, status and community, never its personal data. */
export interface NotificationItem {
  id: number;
  kind: string;
  incident: {
    id: number;
    category: { code: string; name: string; nameEn: string } | null;
    status: string | null;
    community: { code: string; name: string } | null;
    dueAt: string | null;
  };
  createdAt: string;
  readAt: string | null;
}

/** A notification just created, with the user it is for. */
export type CreatedNotification = NotificationItem & { userId: number };

/** An open case whose due time is near or past, with what the rules need. */
export interface DueCase extends CaseFacts {
  id: number;
  dueAt: Date;
  /** The due time as the dedupe key, written by PostgreSQL so every process spells it the same. */
  dedupe: string;
}

const OPEN = ['reported', 'accepted', 'dispatched', 'handling', 'fed_back'];

// every centre rule once per role, as a table the query joins
const RULES = CENTER_GRANTS.flatMap((g) => g.roles.map((role) => ({ level: g.level, role, place: g.place, by_grid: g.byGrid, min_code: g.minCode, max_code: g.maxCode })));

const ITEM_COLUMNS = (sql: Db) => sql`
  n.id, n.user_id, n.kind, n.created_at, n.read_at, n.incident_id, i.status, i.category_code, c.name_zh, c.name_en,
  i.community_code, cj.name as community_name, i.due_at
  from notification n
  left join incident i on i.id = n.incident_id
  left join incident_category c on c.code = i.category_code
  left join jurisdiction cj on cj.id = i.community_id`;

function toItem(r: Record<string, unknown>): CreatedNotification {
  return {
    id: Number(r.id), userId: Number(r.user_id), kind: String(r.kind),
    incident: {
      id: Number(r.incident_id),
      category: r.category_code === null ? null : { code: String(r.category_code), name: String(r.name_zh), nameEn: String(r.name_en) },
      status: (r.status as string | null) ?? null,
      community: r.community_code === null ? null : { code: String(r.community_code), name: String(r.community_name) },
      dueAt: (r.due_at as Date | null)?.toISOString() ?? null,
    },
    createdAt: (r.created_at as Date).toISOString(), readAt: (r.read_at as Date | null)?.toISOString() ?? null,
  };
}

/** Every query of notifications: who is concerned, creating them once, reading and marking them. */
export function createNotificationsRepo(sql: Sql) {
  return {
    /** The case's level and assignee, and the timeline event of an action taken at `at` (its id is the dedupe key). */
    async caseFacts(id: number, action: string, at: Date): Promise<(CaseFacts & { eventId: number | null }) | undefined> {
      const [r] = await sql`select i.level, i.assignee_kind, i.assignee_id,
          (select max(e.id) from incident_event e where e.incident_id = i.id and e.action = ${action} and e.at = ${at}) as event_id
        from incident i where i.id = ${id}`;
      if (!r) return undefined;
      return {
        level: r.level as IncidentLevel,
        assignee: r.assignee_kind === null ? null : { kind: r.assignee_kind, unitId: String(r.assignee_id) },
        eventId: r.event_id === null ? null : Number(r.event_id),
      };
    },

    /**
     * Creates the notifications of each delivery for every active user in its audience except the actor,
     * once: a (user, case, kind, dedupe) that exists already is skipped, whichever process or tick wrote it.
     * Returns only the rows this call created, to be pushed live.
     */
    async deliver(db: Db, deliveries: readonly Delivery[]): Promise<CreatedNotification[]> {
      if (deliveries.length === 0) return [];
      const targets = deliveries.map((d, n) => ({
        n, incident_id: d.incidentId, kind: d.kind, dedupe: d.dedupe, at: d.at.toISOString(), centers: d.audience.centers,
        department_id: d.audience.departmentId, reporter: d.audience.reporter, followers: d.audience.followers, except_user: d.exceptUserId,
      }));
      const created = await db`
        with t as (
          select * from jsonb_to_recordset(${db.json(targets as never)}) as t(n int, incident_id bigint, kind text, dedupe text, at timestamptz,
            centers text[], department_id bigint, reporter boolean, followers boolean, except_user bigint)),
        rules as (
          select * from jsonb_to_recordset(${db.json(RULES as never)}) as r(level text, role text, place text, by_grid boolean, min_code int, max_code int)),
        cases as (
          select t.*, i.grid_code, i.community_code, i.town_code, i.county_code, i.reporter_user_id from t join incident i on i.id = t.incident_id),
        people as (
          select c.n, a.user_id from cases c
            join rules on rules.level = any(c.centers)
            join role_assignment a on a.role = rules.role
            left join jurisdiction j on j.id = a.jurisdiction_id
          where (rules.by_grid and c.grid_code = any(a.grid_codes))
             or (length(j.code) between rules.min_code and rules.max_code
                 and starts_with(case rules.place when 'community' then c.community_code when 'town' then c.town_code else c.county_code end, j.code))
          union select c.n, m.user_id from cases c join department_member m on m.department_id = c.department_id
          union select c.n, c.reporter_user_id from cases c where c.reporter and c.reporter_user_id is not null
          union select c.n, f.user_id from cases c join incident_follower f on c.followers and f.incident_id = c.incident_id and f.user_id is not null)
        insert into notification (user_id, incident_id, kind, dedupe, created_at)
        select p.user_id, c.incident_id, c.kind, c.dedupe, c.at
        from people p join cases c on c.n = p.n join app_user u on u.id = p.user_id and u.active
        where p.user_id is distinct from c.except_user
        order by p.user_id, c.incident_id, c.kind
        on conflict do nothing
        returning id`;
      return created.length ? this.items(db, created.map((r) => Number(r.id))) : [];
    },

    /** Notifications by id, as shown. */
    async items(db: Db, ids: readonly number[]) {
      const rows = await db`select ${ITEM_COLUMNS(db)} where n.id = any(${ids as number[]}::bigint[]) order by n.id`;
      return rows.map(toItem);
    },

    /**
     * Open cases due within (now, until] (to remind) or past due since `overdueSince` (to flag), oldest
     * due first; a case late for longer was flagged then, or is in every overdue list anyway.
     */
    async dueCases(db: Db, now: Date, until: Date, overdueSince: Date): Promise<DueCase[]> {
      const rows = await db`select i.id, i.level, i.assignee_kind, i.assignee_id, i.due_at,
          to_char(i.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as dedupe
        from incident i
        where i.status = any(${OPEN}::text[]) and i.merged_into is null and i.due_at > ${overdueSince} and i.due_at <= ${until}
        order by i.due_at, i.id`;
      return rows.map((r) => ({
        id: Number(r.id), level: r.level as IncidentLevel, dueAt: r.due_at as Date, dedupe: String(r.dedupe),
        assignee: r.assignee_kind === null ? null : { kind: r.assignee_kind, unitId: String(r.assignee_id) },
      }));
    },

    /** A page of the user's own notifications, newest first, with the unread count and the total. */
    async list(userId: number, q: { unread?: boolean; limit: number; offset: number }) {
      const onlyUnread = q.unread === true ? sql`and n.read_at is null` : q.unread === false ? sql`and n.read_at is not null` : sql``;
      const [rows, [counts]] = await Promise.all([
        sql`select ${ITEM_COLUMNS(sql)} where n.user_id = ${userId} ${onlyUnread} order by n.created_at desc, n.id desc limit ${q.limit} offset ${q.offset}`,
        sql`select (select count(*)::int from notification where user_id = ${userId} and read_at is null) as unread,
          (select count(*)::int from notification n where n.user_id = ${userId} ${onlyUnread}) as total`,
      ]);
      return { items: rows.map(toItem).map(({ userId: _, ...item }) => item), unread: Number(counts!.unread), total: Number(counts!.total) };
    },

    /** How many of the user's notifications are unread. */
    async unread(userId: number): Promise<number> {
      const [r] = await sql`select count(*)::int as n from notification where user_id = ${userId} and read_at is null`;
      return Number(r!.n);
    },

    /** Marks one of the user's own notifications read (the first reading stays); undefined when it is not theirs. */
    async markRead(userId: number, id: number, at: Date) {
      const [r] = await sql`update notification set read_at = coalesce(read_at, ${at}) where id = ${id} and user_id = ${userId} returning id, read_at`;
      return r ? { id: Number(r.id), readAt: (r.read_at as Date).toISOString() } : undefined;
    },

    /** Marks every unread notification of the user read; returns how many. */
    async markAllRead(userId: number, at: Date): Promise<number> {
      const res = await sql`update notification set read_at = ${at} where user_id = ${userId} and read_at is null`;
      return res.count;
    },

    /** Whether a live stream's credential still holds: its session not ended, expired or idle, its user active. */
    async stillSignedIn(userId: number, sessionHash: string | null, now: Date, idleSince: Date): Promise<boolean> {
      const [r] = sessionHash === null
        ? await sql`select 1 from app_user where id = ${userId} and active`
        : await sql`select 1 from user_session s join app_user u on u.id = s.user_id
            where s.id = ${sessionHash} and s.user_id = ${userId} and u.active and s.expires_at > ${now} and s.last_seen_at > ${idleSince}`;
      return Boolean(r);
    },
  };
}

export type NotificationsRepo = ReturnType<typeof createNotificationsRepo>;
