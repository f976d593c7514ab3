import type { PendingQuery, Row, Sql } from 'postgres';
import type { WorkingHours } from './calendar.domain.ts';
import type { CategoryCount, GroupCounts, StatsLevel } from './incident-stats.domain.ts';
import { windowDays } from './incident-tiles.domain.ts';
import { filterSql, type IncidentScope } from './incidents.repo.ts';
import type { ListQuery } from './incidents.schema.ts';

/** Statuses at or past 立案 (a voided or reported case counts only through its accepted_at or dispatched_at). */
const REACHED = ['accepted', 'dispatched', 'handling', 'fed_back', 'closed', 'evaluated', 'deferred', 'ledger'];
const CLOSED = ['closed', 'evaluated'];

/** One group's row: its key and name (null for the total) and its counts. */
export interface GroupRow extends GroupCounts {
  key: string | null;
  name: string | null;
  categories: CategoryCount[];
}

/** What the statistics query gives: the groups and the total, and the per-day counts by local date. */
export interface StatsRows {
  groups: GroupRow[];
  total: GroupRow;
  reportedByDay: Map<string, number>;
  closedByDay: Map<string, number>;
}

/** What the indicators ask: the caller's scope, an optional jurisdiction or grid code, the period, the level. */
export interface StatsQuery {
  jurisdiction?: string;
  from: Date;
  to: Date;
  level: StatsLevel;
}

type Fragment = PendingQuery<Row[]>;
type Raw = { k: string | null; total: number } & Record<string, unknown>;
const EMPTY: GroupCounts = { reported: 0, accepted: 0, closed: 0, closedOnTime: 0, reworked: 0, handled: 0, handlingMinutes: 0, overdueNow: 0 };

/** The indicators' queries: one statement over the period's cases (counts, categories, days, handling clock) and one over the open overdue ones. */
export function createIncidentStatsRepo(sql: Sql) {
  const keyOf: Record<StatsLevel, ReturnType<typeof sql>> = {
    grid: sql`i.grid_code`, community: sql`i.community_code`, town: sql`i.town_code`, department: sql`i.department_id::text`,
  };
  const nameOf: Record<StatsLevel, ReturnType<typeof sql>> = {
    grid: sql`(select i.grid_name from incident i where i.grid_code = g.k limit 1)`,
    community: sql`(select j.name from jurisdiction j where j.code = g.k)`,
    town: sql`(select j.name from jurisdiction j where j.code = g.k)`,
    department: sql`(select d.name from department d where d.id::text = g.k)`,
  };
  // local time (Asia/Shanghai, fixed UTC+8 as calendar.domain.ts counts) of an instant
  const local = (t: Fragment) => sql`((${t}) at time zone 'UTC' + interval '8 hours')`;

  /** Working minutes worked on a day up to `minute` (minutes after local midnight), summed over the periods. */
  const workedUpTo = (minute: Fragment, hours: WorkingHours) => hours.periods
    .map(([s, e]) => sql`least(greatest(${minute} - ${s}::float8, 0), ${e - s}::float8)`)
    .reduce((a, b) => sql`${a} + ${b}`);
  /** W(t): working minutes from the start of `cal`'s span to the instant t (cal.before of its day plus what its day worked). */
  const workingClock = (hours: WorkingHours) => (t: Fragment) => {
    const day = sql`(${local(t)}::date - cal.lo + 1)`;
    return sql`(cal.before[${day}] + case when cal.working[${day}] then ${workedUpTo(sql`extract(epoch from (${local(t)} - ${local(t)}::date)) / 60`, hours)} else 0 end)`;
  };

  return {
    /** Counts of the cases reported in the period (by group and in total), their categories, days and handling times. */
    async period(scope: IncidentScope, q: StatsQuery, now: Date, hours: WorkingHours): Promise<StatsRows> {
      const where = filterSql(sql, scope, { jurisdiction: q.jurisdiction, from: q.from, to: q.to }, now);
      const dayMinutes = hours.periods.reduce((s, [a, b]) => s + b - a, 0);
      const W = workingClock(hours);
      const [row] = await sql`
        with c as materialized (
          select ${keyOf[q.level]} as k, i.category_code, i.reported_at, i.closed_at, i.closed_on_time, i.rework_count,
                 (i.accepted_at is not null or i.dispatched_at is not null or i.status = any(${REACHED}::text[])) as accepted,
                 i.status = any(${CLOSED}::text[]) as closed,
                 case when i.status = any(${CLOSED}::text[]) and i.dispatched_at is not null
                   then jsonb_build_object('s', i.state->'clock'->'startedAt', 'e', i.state->'clock'->'stoppedAt', 'pauses', i.state->'clock'->'pauses') end as clock
          from incident i
          where ${where} and i.reported_day = any(${windowDays(q.from, q.to)}::int[])),
        counts as (
          select k, grouping(k) as total, count(*)::int as reported, count(*) filter (where accepted)::int as accepted,
                 count(*) filter (where closed)::int as closed, count(*) filter (where closed and closed_on_time)::int as on_time,
                 count(*) filter (where rework_count > 0)::int as reworked
          from c group by grouping sets ((k), ())),
        categories as (
          select k, grouping(k) as total, category_code as code, count(*)::int as n from c group by grouping sets ((k, category_code), (category_code))),
        days as (
          select 'r' as kind, ${local(sql`reported_at`)}::date::text as day, count(*)::int as n from c group by 2
          union all
          select 'c', ${local(sql`closed_at`)}::date::text, count(*)::int from c where closed and closed_at < ${q.to} group by 2),
        span as (select ${local(sql`min(reported_at)`)}::date - 1 as lo, ${local(sql`greatest(max(closed_at), max(reported_at))`)}::date + 1 as hi from c),
        -- the working minutes before each local day of the span (W at its midnight) and whether it is worked, as arrays
        cal as (
          select array_agg(before order by day) as before, array_agg(working order by day) as working, min(day) as lo
          from (
            select day, working, coalesce(sum(case when working then ${dayMinutes}::float8 else 0 end)
                     over (order by day rows between unbounded preceding and 1 preceding), 0) as before
            from (select d::date as day, coalesce(w.kind = 'workday', extract(isodow from d) < 6) as working
                  from span, generate_series(span.lo, span.hi, interval '1 day') d left join work_calendar_day w on w.day = d::date) days) cum),
        -- a run's minutes are W(stop) − W(start) − Σ (W(pause end) − W(pause start)), W the working minutes since the span's
        -- start, pauses clipped to the run as elapsedWorkingMinutes does (deadline.domain.ts; compared on a sample in its test)
        handling as (
          select c.k, grouping(c.k) as total, count(*)::int as n,
                 sum(${W(sql`r.e`)} - ${W(sql`r.s`)} - coalesce((
                   select sum(${W(sql`least(coalesce(p."to", r.e), r.e)`)} - ${W(sql`greatest(p."from", r.s)`)})
                   from jsonb_to_recordset(case jsonb_typeof(r.pauses) when 'array' then r.pauses else '[]' end) as p("from" timestamptz, "to" timestamptz)
                   where greatest(p."from", r.s) < least(coalesce(p."to", r.e), r.e)), 0)) as minutes
          from c cross join cal cross join lateral jsonb_to_record(c.clock) as r(s timestamptz, e timestamptz, pauses jsonb)
          where r.s is not null and r.e is not null
          group by grouping sets ((c.k), ())),
        groups as (
          select g.k, g.total, g.reported, g.accepted, g.closed, g.on_time, g.reworked,
                 coalesce(h.n, 0) as handled, coalesce(h.minutes, 0)::float8 as minutes
          from counts g
          left join handling h on h.total = g.total and h.k is not distinct from g.k)
        select (select coalesce(json_agg(g), '[]') from groups g) as groups,
               (select coalesce(json_agg(x), '[]') from categories x) as categories,
               (select coalesce(json_agg(x), '[]') from days x) as days`;
      return shape(row!);
    },

    /** Open cases past their due time now (whenever reported), by group and in total. */
    async overdue(scope: IncidentScope, q: Pick<StatsQuery, 'jurisdiction' | 'level'>, now: Date) {
      const where = filterSql(sql, scope, { jurisdiction: q.jurisdiction, overdue: true }, now);
      const rows = await sql<{ k: string | null; total: number; n: number }[]>`
        select ${keyOf[q.level]} as k, grouping(${keyOf[q.level]}) as total, count(*)::int as n
        from incident i where ${where} group by grouping sets ((${keyOf[q.level]}), ())`;
      return rows.map((r) => ({ key: r.total ? null : r.k, total: Boolean(r.total), n: r.n }));
    },

    /** Every category's names by code (top categories are shown by name). */
    async categoryNames(): Promise<Map<string, { name: string; nameEn: string }>> {
      const rows = await sql<{ code: string; name_zh: string; name_en: string }[]>`select code, name_zh, name_en from incident_category`;
      return new Map(rows.map((r) => [r.code, { name: r.name_zh, nameEn: r.name_en }]));
    },

    /** How many cases the list's filters select (the export refuses beyond its cap before reading them). */
    async count(scope: IncidentScope, f: Partial<ListQuery>, now: Date): Promise<number> {
      const [r] = await sql<{ n: number }[]>`select count(*)::int as n from incident i where ${filterSql(sql, scope, f, now)}`;
      return r!.n;
    },

    /** The names of the groups' keys at a level (grid names as filed, jurisdictions, departments). */
    async names(level: StatsLevel, keys: string[]): Promise<Map<string, string>> {
      if (!keys.length) return new Map();
      const rows = await sql<{ k: string; name: string | null }[]>`
        select g.k, ${nameOf[level]} as name from unnest(${keys}::text[]) as g(k)`;
      return new Map(rows.filter((r) => r.name !== null).map((r) => [r.k, r.name!]));
    },
  };
}

function shape(row: Record<string, unknown>): StatsRows {
  const groups = row.groups as Raw[];
  const cats = row.categories as (Raw & { code: string; n: number })[];
  const days = row.days as { kind: string; day: string; n: number }[];
  const toGroup = (g: Raw): GroupRow => ({
    ...EMPTY, key: g.total ? null : g.k, name: null,
    reported: Number(g.reported), accepted: Number(g.accepted), closed: Number(g.closed), closedOnTime: Number(g.on_time),
    reworked: Number(g.reworked), handled: Number(g.handled), handlingMinutes: Number(g.minutes),
    categories: cats.filter((c) => Boolean(c.total) === Boolean(g.total) && (g.total || c.k === g.k)).map((c) => ({ code: c.code, count: Number(c.n) })),
  });
  const total = groups.find((g) => g.total);
  return {
    groups: groups.filter((g) => !g.total && g.k !== null).map(toGroup),
    total: total ? toGroup(total) : { ...EMPTY, key: null, name: null, categories: [] },
    reportedByDay: new Map(days.filter((d) => d.kind === 'r').map((d) => [d.day, d.n])),
    closedByDay: new Map(days.filter((d) => d.kind === 'c').map((d) => [d.day, d.n])),
  };
}
