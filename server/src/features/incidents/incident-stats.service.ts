import policiesFile from '../../../../data/incidents/policies.json' with { type: 'json' };
import type { Sql } from 'postgres';
import { parseWorkingHours, type Calendar, type WorkingHours } from './calendar.domain.ts';
import { clockSpan, handlingMinutes, workingClock, type WorkingClock } from './handling-time.domain.ts';
import { dailySeries, defaultLevel, indicators, periodDates, topCategories, type StatsLevel } from './incident-stats.domain.ts';
import { createIncidentStatsRepo, type ClockRun, type IncidentStatsRepo, type PeriodGroup } from './incident-stats.repo.ts';
import type { IncidentScope } from './incidents.repo.ts';
import { parsePolicies } from './policies.domain.ts';
import { createWorkCalendarRepo } from './work-calendar.repo.ts';

/** What the indicators are asked for: an optional jurisdiction or grid code, the period, an optional level. */
export interface StatsRequest {
  jurisdiction?: string;
  from: Date;
  to: Date;
  level?: StatsLevel;
}

const CALENDAR_TTL_MS = 60_000;

/**
 * Each group's handling clocks summed (key null: all of them), in working minutes on the calendar and the hours of
 * each case's community (`hoursOf`: its own, its street office's or county's, null for the default), as the deadlines count.
 */
function handlingByGroup(runs: readonly ClockRun[], cal: Calendar, hoursOf: (community: string) => WorkingHours) {
  const out = new Map<string | null, { n: number; minutes: number }>([[null, { n: 0, minutes: 0 }]]);
  if (!runs.length) return out;
  const span = runs.reduce((a, r) => ({ min: Math.min(a.min, r.start.getTime()), max: Math.max(a.max, r.end.getTime()) }), { min: Infinity, max: -Infinity });
  const { first, last } = clockSpan(new Date(span.min), new Date(span.max));
  const clocks = new Map<WorkingHours, WorkingClock>();
  for (const r of runs) {
    const hours = hoursOf(r.community);
    const w = clocks.get(hours) ?? clocks.set(hours, workingClock(cal, hours, first, last)).get(hours)!;
    const m = handlingMinutes(w, r.start, r.end, r.pauses);
    for (const key of r.key === null ? [null] : [r.key, null]) {
      const g = out.get(key) ?? { n: 0, minutes: 0 };
      out.set(key, { n: g.n + 1, minutes: g.minutes + m });
    }
  }
  return out;
}

/** The hours of each community, parsed once per distinct setting (unset: the default of policies.json). */
async function communityHours(repo: IncidentStatsRepo, runs: readonly ClockRun[], fallback: WorkingHours) {
  const specs = await repo.hoursOf([...new Set(runs.map((r) => r.community))]);
  const parsed = new Map<string, WorkingHours>();
  return (community: string): WorkingHours => {
    const spec = specs.get(community);
    if (!spec) return fallback;
    const key = spec.join(',');
    return parsed.get(key) ?? parsed.set(key, parseWorkingHours(spec)).get(key)!;
  };
}

/** The indicators of a period by group and in total, with the daily series; category names from the category table. */
export function createIncidentStatsService(sql: Sql) {
  const repo = createIncidentStatsRepo(sql);
  const calendars = createWorkCalendarRepo(sql);
  const hours = parsePolicies(policiesFile).hours;

  return {
    repo,
    async stats(scope: IncidentScope, r: StatsRequest, now: Date) {
      const level = r.level ?? defaultLevel(r.jurisdiction);
      const q = { jurisdiction: r.jurisdiction, from: r.from, to: r.to, level };
      // the period's counts and clocks beside the overdue cases, on two connections
      const [period, overdue, cal] = await Promise.all([repo.period(scope, q, now), repo.overdue(scope, q, now), calendars.current(CALENDAR_TTL_MS)]);
      const handling = handlingByGroup(period.runs, cal, await communityHours(repo, period.runs, hours));
      // key null is the total: cases outside every group (no department, no grid) count only there
      const overdueOf = new Map(overdue.filter((o) => o.total || o.key !== null).map((o) => [o.key, o.n]));
      // a group with old overdue cases but none reported in the period still shows
      const keys = [...new Set([...period.groups.map((g) => g.key!), ...overdue.filter((o) => !o.total && o.key !== null).map((o) => o.key!)])].sort();
      const byKey = new Map(period.groups.map((g) => [g.key!, g]));
      const [names, categoryNames] = await Promise.all([repo.names(level, keys), repo.categoryNames()]);
      const present = ({ key, categories, ...counts }: PeriodGroup) => {
        const h = handling.get(key) ?? { n: 0, minutes: 0 };
        const ind = indicators({ ...counts, handled: h.n, handlingMinutes: h.minutes, overdueNow: overdueOf.get(key) ?? 0 });
        return {
          key, name: key === null ? null : (names.get(key) ?? null), ...ind, handlingMinutes: Math.round(ind.handlingMinutes),
          topCategories: topCategories(categories).map((c) => ({ ...c, ...(categoryNames.get(c.code) ?? { name: c.code, nameEn: c.code }) })),
        };
      };
      const empty = (key: string): PeriodGroup => ({ key, reported: 0, accepted: 0, closed: 0, closedOnTime: 0, reworked: 0, categories: [] });
      return {
        from: r.from.toISOString(), to: r.to.toISOString(), jurisdiction: r.jurisdiction ?? null, level,
        total: present(period.total),
        groups: keys.map((k) => present(byKey.get(k) ?? empty(k))),
        series: dailySeries(periodDates(r.from, r.to), period.reportedByDay, period.closedByDay),
      };
    },
  };
}

export type IncidentStatsService = ReturnType<typeof createIncidentStatsService>;
