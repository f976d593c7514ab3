import policiesFile from '../../../../data/incidents/policies.json' with { type: 'json' };
import type { Sql } from 'postgres';
import { dailySeries, defaultLevel, indicators, periodDates, topCategories, type StatsLevel } from './incident-stats.domain.ts';
import { createIncidentStatsRepo, type GroupRow } from './incident-stats.repo.ts';
import type { IncidentScope } from './incidents.repo.ts';
import { parsePolicies } from './policies.domain.ts';

/** What the indicators are asked for: an optional jurisdiction or grid code, the period, an optional level. */
export interface StatsRequest {
  jurisdiction?: string;
  from: Date;
  to: Date;
  level?: StatsLevel;
}

/** The indicators of a period by group and in total, with the daily series; category names from the category table. */
export function createIncidentStatsService(sql: Sql) {
  const repo = createIncidentStatsRepo(sql);
  const hours = parsePolicies(policiesFile).hours;

  return {
    repo,
    async stats(scope: IncidentScope, r: StatsRequest, now: Date) {
      const level = r.level ?? defaultLevel(r.jurisdiction);
      const q = { jurisdiction: r.jurisdiction, from: r.from, to: r.to, level };
      const [period, overdue] = await Promise.all([repo.period(scope, q, now, hours), repo.overdue(scope, q, now)]);
      const overdueOf = new Map(overdue.filter((o) => !o.total).map((o) => [o.key, o.n]));
      // a group with old overdue cases but none reported in the period still shows
      const keys = [...new Set([...period.groups.map((g) => g.key!), ...overdue.filter((o) => !o.total && o.key !== null).map((o) => o.key!)])];
      const byKey = new Map(period.groups.map((g) => [g.key!, g]));
      const groups = keys.map((k) => byKey.get(k) ?? emptyGroup(k));
      const [names, categoryNames] = await Promise.all([repo.names(level, keys), repo.categoryNames()]);
      const present = ({ key, name: _stored, categories, ...counts }: GroupRow, overdueNow: number) => {
        const ind = indicators({ ...counts, overdueNow });
        return {
          key, name: key === null ? null : (names.get(key) ?? null), ...ind, handlingMinutes: Math.round(ind.handlingMinutes),
          topCategories: topCategories(categories).map((c) => ({ ...c, ...(categoryNames.get(c.code) ?? { name: c.code, nameEn: c.code }) })),
        };
      };
      return {
        from: r.from.toISOString(), to: r.to.toISOString(), jurisdiction: r.jurisdiction ?? null, level,
        total: present(period.total, overdue.find((o) => o.total)?.n ?? 0),
        groups: groups.map((g) => present(g, overdueOf.get(g.key!) ?? 0)).sort((a, b) => (a.key! < b.key! ? -1 : 1)),
        series: dailySeries(periodDates(r.from, r.to), period.reportedByDay, period.closedByDay),
      };
    },
  };
}

const emptyGroup = (key: string): GroupRow => ({
  key, name: null, categories: [], reported: 0, accepted: 0, closed: 0, closedOnTime: 0, reworked: 0, handled: 0, handlingMinutes: 0, overdueNow: 0,
});

export type IncidentStatsService = ReturnType<typeof createIncidentStatsService>;
