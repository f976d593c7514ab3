import type { Sql, TransactionSql } from 'postgres';
import type { Incident } from './workflow.domain.ts';
import type { ListQuery } from './incidents.schema.ts';
import type { TimeLimit } from './deadline.domain.ts';
import { routingOrder } from './routing.domain.ts';
import { listIncidents } from './incident-list.repo.ts';

type Db = Sql | TransactionSql;

/** Where an incident may be seen: jurisdiction code prefixes and grid codes of incidents.view grants, the user's departments, their own reports. */
export interface IncidentScope {
  userId: number;
  prefixes: string[];
  gridCodes: string[];
  departmentIds: number[];
}

/** The place a point falls in, from the plan in force at report time (grid null where no grid covers it). */
export interface PlaceAt {
  grid: { id: number; code: string; name: string } | null;
  planId: number | null;
  community: { id: number; code: string; name: string };
  town: { id: number; code: string; name: string } | null;
  county: { id: number; code: string; name: string } | null;
  regionCode: string;
}

/** An incident as stored: the columns the API shows, plus the workflow state. */
export interface IncidentRecord {
  id: number;
  reportedAt: Date;
  regionCode: string;
  categoryCode: string;
  categoryName: string;
  categoryNameEn: string;
  description: string;
  source: string;
  lon: number;
  lat: number;
  address: string | null;
  grid: { id: number | null; code: string; name: string } | null;
  community: { id: number; code: string; name: string };
  town: { id: number; code: string; name: string } | null;
  county: { id: number; code: string; name: string } | null;
  status: Incident['status'];
  level: Incident['level'];
  state: Incident;
  assignee: { kind: string; id: string; name: string | null } | null;
  departmentId: number | null;
  reporterUserId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
  anonymous: boolean;
  limit: TimeLimit | null;
  dueAt: Date | null;
  dueProvisional: boolean;
  calendarVersion: string | null;
  closedAt: Date | null;
  closedOnTime: boolean | null;
  rating: number | null;
  ratingComment: string | null;
  mergedInto: number | null;
  photos: number;
  synthetic: boolean;
  version: number;
  updatedAt: Date;
}

/** What a transition writes besides the workflow state (the service derives it). */
export interface IncidentPatch {
  state: Incident;
  assigneeName?: string | null;
  departmentId: number | null;
  limit: { amount: number; unit: string } | null;
  dueAt: Date | null;
  dueProvisional: boolean;
  calendarVersion: string | null;
  acceptedAt?: Date;
  dispatchedAt?: Date;
  fedBackAt?: Date;
  closedAt?: Date | null;
  closedOnTime?: boolean | null;
  mergedInto?: number;
}

/** One line of the timeline as stored. */
export interface EventInsert {
  at: Date;
  action: string;
  actorUserId: number | null;
  actorRole: string;
  fromStatus: string | null;
  toStatus: string;
  level: string;
  note: string | null;
  attachments: string[];
  detail: Record<string, unknown> | null;
}

const prefixPatterns = (s: IncidentScope) => s.prefixes.map((p) => `${p}%`);

/** SQL condition: the incident aliased `i` lies in the scope. */
export function incidentInScope(sql: Db, scope: IncidentScope) {
  return sql`(i.community_code like any(${prefixPatterns(scope)}::text[])
    or i.grid_code = any(${scope.gridCodes}::text[])
    or i.department_id = any(${scope.departmentIds}::bigint[])
    or i.reporter_user_id = ${scope.userId}
    or exists (select 1 from incident_follower f where f.incident_id = i.id and f.user_id = ${scope.userId}))`;
}

/** The columns of an IncidentRecord, over FROM_JOINS. */
export const SELECT_COLUMNS = (sql: Db) => sql`
  i.id, i.reported_at, i.region_code, i.category_code, c.name_zh as category_name, c.name_en as category_name_en,
  i.description, i.source, ST_X(i.geom) as lon, ST_Y(i.geom) as lat, i.address,
  i.grid_id, i.grid_code, i.grid_name, i.community_id, i.community_code, cj.name as community_name,
  i.town_id, i.town_code, tj.name as town_name, i.county_id, i.county_code, kj.name as county_name,
  i.status, i.level, i.state, i.assignee_kind, i.assignee_id, i.department_id,
  case i.assignee_kind when 'department' then d.name when 'community' then aj.name when 'grid' then i.grid_name end as assignee_name,
  i.reporter_user_id, i.reporter_name, i.reporter_phone, i.anonymous, i.limit_value, i.limit_unit,
  i.due_at, i.due_provisional, i.calendar_version, i.closed_at, i.closed_on_time, i.rating, i.rating_comment,
  i.merged_into, i.synthetic, i.version, i.updated_at,
  (select count(*)::int from incident_photo p where p.incident_id = i.id) as photos`;

/** The case `i` (the table, or a page of it) with its category, places and department. */
export const FROM_JOINS = (sql: Db, cases = sql`incident`) => sql`
  from ${cases} i
  join incident_category c on c.code = i.category_code
  join jurisdiction cj on cj.id = i.community_id
  left join jurisdiction tj on tj.id = i.town_id
  left join jurisdiction kj on kj.id = i.county_id
  left join department d on d.id = i.department_id
  left join jurisdiction aj on i.assignee_kind = 'community' and aj.code = i.assignee_id`;

const ref = (id: unknown, code: unknown, name: unknown) => (code === null || code === undefined ? null : { id: Number(id), code: String(code), name: String(name) });

/** A row of SELECT_COLUMNS as the record. */
export function toRecord(r: Record<string, unknown>): IncidentRecord {
  return {
    id: Number(r.id), reportedAt: r.reported_at as Date, regionCode: String(r.region_code), categoryCode: String(r.category_code),
    categoryName: String(r.category_name), categoryNameEn: String(r.category_name_en), description: String(r.description), source: String(r.source),
    lon: Number(r.lon), lat: Number(r.lat), address: (r.address as string | null) ?? null,
    grid: r.grid_code === null ? null : { id: r.grid_id === null ? null : Number(r.grid_id), code: String(r.grid_code), name: String(r.grid_name) },
    community: ref(r.community_id, r.community_code, r.community_name)!, town: ref(r.town_id, r.town_code, r.town_name),
    county: ref(r.county_id, r.county_code, r.county_name),
    status: r.status as Incident['status'], level: r.level as Incident['level'], state: r.state as Incident,
    assignee: r.assignee_kind === null ? null : { kind: String(r.assignee_kind), id: String(r.assignee_id), name: (r.assignee_name as string | null) ?? null },
    departmentId: r.department_id === null ? null : Number(r.department_id), reporterUserId: r.reporter_user_id === null ? null : Number(r.reporter_user_id),
    reporterName: (r.reporter_name as string | null) ?? null, reporterPhone: (r.reporter_phone as string | null) ?? null, anonymous: Boolean(r.anonymous),
    limit: r.limit_value === null ? null : { amount: Number(r.limit_value), unit: String(r.limit_unit) as TimeLimit['unit'] },
    dueAt: (r.due_at as Date | null) ?? null, dueProvisional: Boolean(r.due_provisional), calendarVersion: (r.calendar_version as string | null) ?? null,
    closedAt: (r.closed_at as Date | null) ?? null, closedOnTime: (r.closed_on_time as boolean | null) ?? null,
    rating: r.rating === null ? null : Number(r.rating), ratingComment: (r.rating_comment as string | null) ?? null,
    mergedInto: r.merged_into === null ? null : Number(r.merged_into), photos: Number(r.photos ?? 0), synthetic: Boolean(r.synthetic),
    version: Number(r.version), updatedAt: r.updated_at as Date,
  };
}

/**
 * The open states, written into the statement rather than sent as a parameter, so the planner matches the
 * partial indexes on open cases (migration 016) whatever plan it caches.
 */
const IS_OPEN = (sql: Db) => sql`i.status in ('reported', 'accepted', 'dispatched', 'handling', 'fed_back')`;

/** Every query of incidents: places, cases, timelines, departments, followers, notifications. */
/** The grid (of the plan in force on `date`), community, town and county at a point: one row, or none outside every community. */
const placeSql = (sql: Db, lon: number, lat: number, date: string) => sql`
  with pt as (select ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326) as g),
  gr as (
    select g.id, g.code, g.name, g.plan_id, g.community_id from grid g join grid_plan p on p.id = g.plan_id, pt
    where p.status in ('published', 'retired') and p.valid_from <= ${date}::date and (p.valid_to is null or p.valid_to > ${date}::date)
      and g.geom && pt.g and ST_Intersects(g.geom, pt.g)
    order by p.valid_from desc, g.id limit 1),
  cm as (
    select coalesce((select community_id from gr),
      (select j.id from jurisdiction j, pt where j.level = 'community' and j.geom && pt.g and ST_Intersects(j.geom, pt.g) order by j.id limit 1)) as id)
  select gr.id as g_id, gr.code as g_code, gr.name as g_name, gr.plan_id,
         c.id as c_id, c.code as c_code, c.name as c_name, c.region_code,
         t.id as t_id, t.code as t_code, t.name as t_name, k.id as k_id, k.code as k_code, k.name as k_name
  from cm join jurisdiction c on c.id = cm.id
  left join gr on true
  left join jurisdiction t on t.id = c.parent_id
  left join jurisdiction k on k.id = t.parent_id`;

function toPlace(r: Record<string, unknown>): PlaceAt {
  return {
    grid: ref(r.g_id, r.g_code, r.g_name), planId: r.plan_id === null || r.plan_id === undefined ? null : Number(r.plan_id),
    community: ref(r.c_id, r.c_code, r.c_name)!, town: ref(r.t_id, r.t_code, r.t_name), county: ref(r.k_id, r.k_code, r.k_name),
    regionCode: String(r.region_code),
  };
}

/** A minor class with its limit and responsible unit; `reportable`: only one a new case may be filed in (it and its class active). */
const categorySql = (sql: Db, code: string, reportable: boolean) => sql`
  select c.code, c.name_zh, c.limit_value, c.limit_unit, c.responsible from incident_category c
  join incident_category p on p.code = c.parent_code
  where c.code = ${code} and (${!reportable} or (c.active and p.active))`;

const toCategory = (r: Record<string, unknown>) => ({
  code: String(r.code), name: String(r.name_zh), limit: r.limit_value === null ? null : { amount: Number(r.limit_value), unit: String(r.limit_unit) }, responsible: String(r.responsible),
});

export function createIncidentsRepo(sql: Sql) {
  // years whose partitions exist: a report asks once per year and process, not once per report
  const partitioned = new Set<number>();
  return {
    /** The grid (of the plan in force on `date`), community, town and county at a point; undefined outside every community. */
    async placeAt(lon: number, lat: number, date: string): Promise<PlaceAt | undefined> {
      const [r] = await sql`${placeSql(sql, lon, lat, date)}`;
      return r ? toPlace(r) : undefined;
    },

    /** A report's category (as `category` reads it, reportable) and place (as `placeAt`), read in one round trip. */
    async categoryAndPlace(code: string, lon: number, lat: number, date: string) {
      const [r] = await sql`select to_jsonb(c) as category, to_jsonb(p) as place from (select 1) one
        left join (${categorySql(sql, code, true)}) c on true left join (${placeSql(sql, lon, lat, date)}) p on true`;
      return { category: r!.category ? toCategory(r!.category) : undefined, place: r!.place ? toPlace(r!.place) : undefined };
    },

    /**
     * A minor class (4 digits) with its limit and responsible unit, or undefined; `reportable` asks for one a
     * new case may be filed in (it and its class active), while a case already filed keeps its category's rules.
     */
    async category(code: string, opts: { reportable?: boolean } = {}) {
      const [r] = await sql`${categorySql(sql, code, opts.reportable ?? false)}`;
      return r ? toCategory(r) : undefined;
    },

    /** Inserts a reported case and its first timeline line; returns the id. */
    async insert(tx: Db, row: Record<string, unknown>, event: EventInsert): Promise<number> {
      const [r] = await tx`insert into incident ${tx(row)} returning id`;
      const id = Number(r!.id);
      await this.addEvent(tx, id, String(row.region_code), event);
      return id;
    },

    /**
     * A new case, its first timeline line and its first follower in one statement (atomic on its own, one
     * round trip: intake is bound by round trips, not by the work of each insert). Returns the case as
     * written, read with its names from the inserted row (no second read).
     */
    async insertReported(row: Record<string, unknown>, e: EventInsert, follower: { tokenHash?: string; userId?: number }): Promise<IncidentRecord> {
      const [r] = await sql`
        with i as (insert into incident ${sql(row)} returning *),
        ev as (
          insert into incident_event (incident_id, at, region_code, action, actor_user_id, actor_role, from_status, to_status, level, note, attachments, detail)
          select i.id, ${e.at}, i.region_code, ${e.action}, ${e.actorUserId}, ${e.actorRole}, ${e.fromStatus}, ${e.toStatus}, ${e.level},
                 ${e.note}, ${e.attachments}, ${e.detail === null ? null : sql.json(e.detail as never)} from i),
        f as (insert into incident_follower (incident_id, token_hash, user_id) select i.id, ${follower.tokenHash ?? null}, ${follower.userId ?? null} from i)
        select ${SELECT_COLUMNS(sql)} ${FROM_JOINS(sql, sql`i`)}`;
      return toRecord(r!);
    },

    async addEvent(tx: Db, incidentId: number, regionCode: string, e: EventInsert) {
      await tx`insert into incident_event (incident_id, at, region_code, action, actor_user_id, actor_role, from_status, to_status, level, note, attachments, detail)
        values (${incidentId}, ${e.at}, ${regionCode}, ${e.action}, ${e.actorUserId}, ${e.actorRole}, ${e.fromStatus}, ${e.toStatus}, ${e.level},
                ${e.note}, ${e.attachments}, ${e.detail === null ? null : tx.json(e.detail as never)})`;
    },

    /** A case by id, whatever the scope (the service decides who sees it), or undefined. */
    async byId(id: number, db: Db = sql, lock = false): Promise<IncidentRecord | undefined> {
      const [r] = lock
        ? await db`select ${SELECT_COLUMNS(db)} ${FROM_JOINS(db)} where i.id = ${id} for update of i`
        : await db`select ${SELECT_COLUMNS(db)} ${FROM_JOINS(db)} where i.id = ${id}`;
      return r ? toRecord(r) : undefined;
    },

    /** Whether the case lies in the scope. */
    async inScope(id: number, scope: IncidentScope): Promise<boolean> {
      const [r] = await sql`select 1 from incident i where i.id = ${id} and ${incidentInScope(sql, scope)}`;
      return Boolean(r);
    },

    /**
     * Writes a transition if the case still has the version the actor saw: state, derived columns and
     * the timeline line in one transaction. Returns false when someone else moved it first.
     */
    async update(tx: Db, id: number, version: number, p: IncidentPatch): Promise<boolean> {
      const s = p.state;
      const res = await tx`update incident set
          status = ${s.status}, level = ${s.level}, state = ${tx.json(s as never)}, version = ${s.version},
          assignee_kind = ${s.assignee?.kind ?? null}, assignee_id = ${s.assignee?.unitId ?? null}, department_id = ${p.departmentId},
          limit_value = ${p.limit?.amount ?? null}, limit_unit = ${p.limit?.unit ?? null},
          due_at = ${p.dueAt}, due_provisional = ${p.dueProvisional}, calendar_version = ${p.calendarVersion},
          accepted_at = coalesce(accepted_at, ${p.acceptedAt ?? null}), dispatched_at = coalesce(${p.dispatchedAt ?? null}, dispatched_at),
          fed_back_at = coalesce(${p.fedBackAt ?? null}, fed_back_at),
          closed_at = ${p.closedAt === undefined ? tx`closed_at` : p.closedAt}, closed_on_time = ${p.closedOnTime === undefined ? tx`closed_on_time` : p.closedOnTime},
          self_handled = ${s.selfHandled}, rework_count = ${s.reworkCount}, rating = ${s.rating},
          merged_into = coalesce(${p.mergedInto ?? null}, merged_into), updated_at = now()
        where id = ${id} and version = ${version}`;
      return res.count === 1;
    },

    /** The timeline, oldest first, with each actor's display name. */
    async timeline(id: number) {
      const rows = await sql`select e.id, e.at, e.action, e.actor_user_id, u.display_name, e.actor_role, e.from_status, e.to_status, e.level,
          e.note, e.attachments, e.detail
        from incident_event e left join app_user u on u.id = e.actor_user_id
        where e.incident_id = ${id} order by e.at, e.id`;
      return rows.map((r) => ({
        id: Number(r.id), at: r.at as Date, action: String(r.action), actor: r.actor_user_id === null ? null : { id: Number(r.actor_user_id), name: String(r.display_name) },
        role: String(r.actor_role), from: (r.from_status as string | null) ?? null, to: String(r.to_status), level: String(r.level),
        note: (r.note as string | null) ?? null, attachments: r.attachments as string[], detail: (r.detail as Record<string, unknown> | null) ?? null,
      }));
    },

    /** A page of cases in scope with the filters, and the total (incident-list.repo.ts). */
    list: (scope: IncidentScope, f: ListQuery, now: Date) => listIncidents(sql, scope, f, now),

    /** Open cases of the category within `metres` of the point, nearest first (duplicate hints while reporting). */
    async nearbyOpen(scope: IncidentScope | null, categoryCode: string, lon: number, lat: number, metres: number) {
      const pt = sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`;
      const rows = await sql`select i.id, i.reported_at, i.status, i.description, ST_Distance(i.geom::geography, ${pt}::geography) as metres
        from incident i
        where i.category_code = ${categoryCode} and ${IS_OPEN(sql)} and i.merged_into is null
          -- the box first (the geometry index), then the exact distance: the geography cast alone scans every open case of the category
          and i.geom && ST_Expand(${pt}, ${metres / 110_574 / Math.max(0.01, Math.cos((lat * Math.PI) / 180))})
          and ST_DWithin(i.geom::geography, ${pt}::geography, ${metres})
          ${scope ? sql`and ${incidentInScope(sql, scope)}` : sql``}
        order by metres limit 10`;
      return rows.map((r) => ({ id: Number(r.id), reportedAt: r.reported_at as Date, status: String(r.status), description: String(r.description), metres: Math.round(Number(r.metres)) }));
    },

    /** The departments a user belongs to. */
    async departmentsOf(userId: number): Promise<number[]> {
      const rows = await sql`select department_id from department_member m join department d on d.id = m.department_id where m.user_id = ${userId} and d.active`;
      return rows.map((r) => Number(r.department_id));
    },

    /** A department that may take cases of this place (its street office's or county's), or undefined. */
    async departmentFor(id: number, place: { townId: number | null; countyId: number | null }) {
      const [r] = await sql`select id, name, jurisdiction_id from department
        where id = ${id} and active and jurisdiction_id = any(${[place.townId, place.countyId].filter((x): x is number => x !== null)}::bigint[])`;
      return r ? { id: Number(r.id), name: String(r.name) } : undefined;
    },

    /** Departments of the street office and county of a place, those matching `kind` first (routing suggestions). */
    async departmentsNear(place: { townId: number | null; countyId: number | null }, kind: string | null) {
      const rows = await sql`select d.id, d.name, d.kind, d.phone, j.level from department d join jurisdiction j on j.id = d.jurisdiction_id
        where d.active and d.jurisdiction_id = any(${[place.townId, place.countyId].filter((x): x is number => x !== null)}::bigint[])
        order by d.name`;
      // 事件先属地、后属主 (routing.domain.ts); no category here is a component (部件) yet
      return routingOrder(rows.map((r) => ({ id: Number(r.id), name: String(r.name), kind: String(r.kind), phone: (r.phone as string | null) ?? null, level: String(r.level) })), kind);
    },

    /** Adds a follower (a resident's token link or a user) to a case. */
    async follow(tx: Db, incidentId: number, f: { tokenHash?: string; userId?: number }) {
      await tx`insert into incident_follower (incident_id, token_hash, user_id) values (${incidentId}, ${f.tokenHash ?? null}, ${f.userId ?? null})
        on conflict do nothing`;
    },

    /** Moves every follower of `from` to `to` (a merge keeps every reporter informed). */
    async moveFollowers(tx: Db, from: number, to: number) {
      await tx`delete from incident_follower f using incident_follower g
        where f.incident_id = ${from} and g.incident_id = ${to} and f.user_id is not null and g.user_id = f.user_id`;
      await tx`update incident_follower set incident_id = ${to} where incident_id = ${from}`;
    },

    /** Users to tell about a change of the case: its reporter and followers with accounts. */
    async followerUsers(id: number): Promise<number[]> {
      const rows = await sql`select user_id from incident_follower where incident_id = ${id} and user_id is not null
        union select reporter_user_id from incident where id = ${id} and reporter_user_id is not null`;
      return rows.map((r) => Number(r.user_id));
    },

    /** Creates a year's partitions when missing (migration 016 keeps the years around its own; reports add the others). */
    async ensurePartition(year: number) {
      if (!Number.isInteger(year) || year < 2000 || year > 2200 || partitioned.has(year)) return;
      const exists = await sql`select 1 from pg_class where relname = ${`incident_y${year}`}`;
      if (exists.length) {
        partitioned.add(year);
        return;
      }
      const from = `${year}-01-01 00:00:00+00`;
      const to = `${year + 1}-01-01 00:00:00+00`;
      // names and bounds come from a checked integer, never from user input
      await sql.unsafe(`create table if not exists incident_y${year} partition of incident for values from ('${from}') to ('${to}')`);
      await sql.unsafe(`create table if not exists incident_event_y${year} partition of incident_event for values from ('${from}') to ('${to}')`);
      partitioned.add(year);
    },
  };
}

export type IncidentsRepo = ReturnType<typeof createIncidentsRepo>;

/** The WHERE of the list, its totals and its export. */
export function filterSql(sql: Db, scope: IncidentScope, f: Partial<ListQuery>, now: Date) {
  return sql`${incidentInScope(sql, scope)} and ${filterConditions(sql, scope, f, now)}`;
}

/** The filters alone, without the scope (`mine` still reads the scope's units); `true` when there are none. */
export function filterConditions(sql: Db, scope: IncidentScope, f: Partial<ListQuery>, now: Date) {
  const parts = [sql`true`];
  if (f.status?.length) parts.push(sql`i.status = any(${f.status}::text[])`);
  if (f.category) parts.push(f.category.length === 2 ? sql`i.category_code like ${`${f.category}__`}` : sql`i.category_code = ${f.category}`);
  if (f.grid) parts.push(sql`i.grid_code = ${f.grid}`);
  if (f.jurisdiction) parts.push(f.jurisdiction.length >= 14 ? sql`i.grid_code = ${f.jurisdiction}` : sql`i.community_code like ${`${f.jurisdiction}%`}`);
  if (f.source) parts.push(sql`i.source = ${f.source}`);
  if (f.from) parts.push(sql`i.reported_at >= ${f.from}`);
  if (f.to) parts.push(sql`i.reported_at < ${f.to}`);
  if (f.overdue !== undefined) {
    const late = sql`(${IS_OPEN(sql)} and i.due_at < ${now})`;
    parts.push(f.overdue ? late : sql`not ${late}`);
  }
  if (f.mine) {
    parts.push(sql`(i.reporter_user_id = ${scope.userId} or i.department_id = any(${scope.departmentIds}::bigint[])
      or (i.assignee_kind = 'grid' and i.assignee_id = any(${scope.gridCodes}::text[])))`);
  }
  if (f.q) parts.push(sql`(i.description ilike ${`%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} or i.address ilike ${`%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} or i.id::text = ${f.q})`);
  return parts.reduce((a, b) => sql`${a} and ${b}`);
}
