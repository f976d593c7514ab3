import policiesFile from '../../../../data/incidents/policies.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession, createUser } from '../../../test/factories.ts';
import { createIncidentPlace, insertIncident, seeded, type IncidentPlace, type IncidentSpec } from '../../../test/incident-rows.ts';
import { parseWorkingHours, type Calendar } from './calendar.domain.ts';
import { elapsedWorkingMinutes } from './deadline.domain.ts';
import { parsePolicies } from './policies.domain.ts';
import { createWorkCalendarRepo } from './work-calendar.repo.ts';

// GET /api/incidents/stats on PostGIS: every indicator recounted here, independently, from cases made with known
// states and times around the National Day holidays of 2025 (10-01..08 off, Sunday 09-28 and Saturday 10-11 worked).
let db: TestDatabase;
let place: IncidentPlace;
let cal: Calendar;
const hours = parsePolicies(policiesFile).hours;
const now = new Date('2025-10-25T04:00:00Z');
const from = new Date('2025-09-20T00:00:00+08:00');
const to = new Date('2025-10-20T00:00:00+08:00');
const H = 3_600_000;
const OPEN = ['reported', 'accepted', 'dispatched', 'handling', 'fed_back'];
const REACHED = ['accepted', 'dispatched', 'handling', 'fed_back', 'closed', 'evaluated', 'deferred', 'ledger'];
const STATUSES = ['reported', 'accepted', 'dispatched', 'handling', 'fed_back', 'closed', 'evaluated', 'deferred', 'ledger', 'voided'];
const cases: (IncidentSpec & { id: number })[] = [];
const as: Record<string, { cookie: string }> = {};

/** A case at a random moment (any hour, any day) with a state and the times that go with it. */
function randomCase(rnd: () => number, p: IncidentPlace, reportedAt: Date, status: string): IncidentSpec {
  const community = p.communities[Math.floor(rnd() * 2)]!;
  const accepted = ['reported', 'voided'].includes(status) && rnd() < 0.7 ? null : new Date(reportedAt.getTime() + rnd() * 20 * H);
  const dispatched = accepted && !['accepted', 'voided', 'ledger'].includes(status) ? new Date(accepted.getTime() + rnd() * 30 * H) : null;
  const closed = ['closed', 'evaluated'].includes(status);
  const closedAt = closed ? new Date(dispatched!.getTime() + (1 + rnd() * 200) * H) : null;
  const fedBack = closedAt ? new Date(closedAt.getTime() - rnd() * (closedAt.getTime() - dispatched!.getTime()) * 0.3) : null;
  // now and then a deferral in the middle of handling, as well as the wait for verification before the close
  const deferral = closedAt && rnd() < 0.3 ? { from: new Date(dispatched!.getTime() + (fedBack!.getTime() - dispatched!.getTime()) * 0.2), to: new Date(dispatched!.getTime() + (fedBack!.getTime() - dispatched!.getTime()) * 0.5) } : null;
  return {
    community, grid: community.grids[Math.floor(rnd() * 3)]!, lon: community.lon, lat: community.lat, reportedAt,
    category: ['0101', '0102', '0103', '0201', '0301', '0402', '0501'][Math.floor(rnd() * rnd() * 7)]!, status,
    acceptedAt: accepted, dispatchedAt: dispatched, closedAt, closedOnTime: closed ? rnd() < 0.7 : null,
    pauses: closedAt ? [...(deferral ? [deferral] : []), { from: fedBack!, to: closedAt }] : [],
    dueAt: rnd() < 0.9 ? new Date(reportedAt.getTime() + (24 + rnd() * 400) * H) : null, reworkCount: rnd() < 0.15 ? 1 + Math.floor(rnd() * 2) : 0,
    departmentId: dispatched && rnd() < 0.6 ? p.departmentId : null,
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  cal = await createWorkCalendarRepo(db.sql).load();
  place = await createIncidentPlace(db.sql, 116.3, 39.9);
  const elsewhere = await createIncidentPlace(db.sql, 116.4, 39.9);
  const rnd = seeded(2025);
  const span = to.getTime() - from.getTime();
  for (let i = 0; i < 70; i++) {
    const spec = randomCase(rnd, place, new Date(from.getTime() + rnd() * span), STATUSES[Math.floor(rnd() * STATUSES.length)]!);
    cases.push({ ...spec, id: await insertIncident(db.sql, place, spec) });
  }
  // before and after the period (the open ones still count as overdue now), and another county's
  for (const at of [new Date(from.getTime() - 5 * 24 * H), new Date(from.getTime() - 1), to, new Date(to.getTime() + 2 * 24 * H)]) {
    const spec = { ...randomCase(rnd, place, at, 'handling'), dueAt: new Date(now.getTime() - H) };
    cases.push({ ...spec, id: await insertIncident(db.sql, place, spec) });
  }
  for (let i = 0; i < 10; i++) await insertIncident(db.sql, elsewhere, randomCase(rnd, elsewhere, new Date(from.getTime() + rnd() * span), 'closed'));
  const commander = await createUser(db.sql, { grants: [{ role: 'commander', jurisdictionId: place.countyId }] });
  const manager = await createUser(db.sql, { grants: [{ role: 'community_manager', jurisdictionId: place.communities[0]!.id }] });
  const viewer = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: place.countyId }] });
  for (const [name, u] of [['commander', commander], ['manager', manager], ['viewer', viewer]] as const) as[name] = await createSession(db.sql, u.id, now);
}, 120_000);
afterAll(() => db.drop());

const app = () => createApp({ sql: db.sql, clock: () => now });
const get = (who: string, path: string) => app().request(path, { headers: { Cookie: as[who]!.cookie } });
type Stats = {
  level: string; total: Group; groups: Group[]; series: { date: string; reported: number; closed: number }[];
};
type Group = {
  key: string | null; name: string | null; reported: number; accepted: number; closed: number; closedOnTime: number; reworked: number;
  handled: number; handlingMinutes: number; overdueNow: number; closeRate: number | null; onTimeRate: number | null; reworkRate: number | null;
  avgHandlingMinutes: number | null; topCategories: { code: string; count: number; name: string }[];
};
const period = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
const round4 = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
const minutesOf = (c: IncidentSpec) => elapsedWorkingMinutes(c.dispatchedAt!, c.closedAt!, cal, { hours, pauses: c.pauses });

/** The indicators of a set of cases, counted here from the specs. */
function expected(all: IncidentSpec[]) {
  const cohort = all.filter((c) => c.reportedAt >= from && c.reportedAt < to);
  const closed = cohort.filter((c) => c.status === 'closed' || c.status === 'evaluated');
  const accepted = cohort.filter((c) => c.acceptedAt || c.dispatchedAt || REACHED.includes(c.status)).length;
  const handled = closed.filter((c) => c.dispatchedAt);
  const minutes = handled.reduce((s, c) => s + minutesOf(c), 0);
  const counts = new Map<string, number>();
  for (const c of cohort) counts.set(c.category, (counts.get(c.category) ?? 0) + 1);
  return {
    reported: cohort.length, accepted, closed: closed.length, closedOnTime: closed.filter((c) => c.closedOnTime).length,
    reworked: cohort.filter((c) => (c.reworkCount ?? 0) > 0).length, handled: handled.length, handlingMinutes: Math.round(minutes),
    overdueNow: all.filter((c) => OPEN.includes(c.status) && c.dueAt && c.dueAt < now).length,
    closeRate: round4(closed.length, accepted), onTimeRate: round4(closed.filter((c) => c.closedOnTime).length, closed.length),
    reworkRate: round4(cohort.filter((c) => (c.reworkCount ?? 0) > 0).length, closed.length),
    avgHandlingMinutes: handled.length ? Math.round(minutes / handled.length) : null,
    topCategories: [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5).map(([code, count]) => ({ code, count })),
  };
}

describe('GET /api/incidents/stats', () => {
  it('gives the period\'s indicators of the caller\'s scope, equal to a recount of the cases', async () => {
    const res = await get('commander', `/api/incidents/stats?${period}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Stats;
    expect(body.level).toBe('town');
    const want = expected(cases);
    expect(want.reported).toBeGreaterThan(60);
    expect(want.handled).toBeGreaterThan(5);
    expect(body.total).toMatchObject({ ...want, topCategories: want.topCategories.map((c) => expect.objectContaining(c)) });
    expect(body.total.topCategories[0]!.name).toMatch(/\p{Script=Han}/u);
    expect(body.groups.map((g) => [g.key, g.name])).toEqual([[place.townCode, expect.stringMatching(/^测试街道/)]]);
  });

  it('groups by community, grid and department, each group recounted', async () => {
    for (const [level, keyOf] of [
      ['community', (c: IncidentSpec) => c.community.code], ['grid', (c: IncidentSpec) => c.grid], ['department', (c: IncidentSpec) => (c.departmentId ? String(c.departmentId) : null)],
    ] as const) {
      const body = (await (await get('commander', `/api/incidents/stats?${period}&level=${level}&jurisdiction=${place.townCode}`)).json()) as Stats;
      const keys = [...new Set(cases.map(keyOf).filter((k): k is string => k !== null))].sort();
      expect(body.groups.map((g) => g.key), level).toEqual(keys);
      for (const g of body.groups) expect(g, `${level} ${g.key}`).toMatchObject({ ...expected(cases.filter((c) => keyOf(c) === g.key)), topCategories: expect.any(Array) });
      expect(body.groups.every((g) => g.name !== null), level).toBe(true);
    }
  });

  it('draws the daily series: cases reported and closed each local day of the period', async () => {
    const body = (await (await get('commander', `/api/incidents/stats?${period}`)).json()) as Stats;
    expect(body.series.length).toBe(30);
    expect(body.series[0]!.date).toBe('2025-09-20');
    const day = (t: Date) => new Date(t.getTime() + 8 * H).toISOString().slice(0, 10);
    const cohort = cases.filter((c) => c.reportedAt >= from && c.reportedAt < to);
    for (const d of body.series) {
      expect(d.reported, d.date).toBe(cohort.filter((c) => day(c.reportedAt) === d.date).length);
      expect(d.closed, d.date).toBe(cohort.filter((c) => c.closedAt && c.closedAt < to && ['closed', 'evaluated'].includes(c.status) && day(c.closedAt) === d.date).length);
    }
    expect(body.series.reduce((s, d) => s + d.reported, 0)).toBe(cohort.length);
  });

  it('keeps to a community manager\'s community, and to the jurisdiction asked', async () => {
    const first = place.communities[0]!;
    const mine = (await (await get('manager', `/api/incidents/stats?${period}`)).json()) as Stats;
    expect(mine.total).toMatchObject(expected(cases.filter((c) => c.community.code === first.code)));
    const other = place.communities[1]!;
    const outside = (await (await get('manager', `/api/incidents/stats?${period}&jurisdiction=${other.code}`)).json()) as Stats;
    expect(outside.total.reported).toBe(0);
    const asked = (await (await get('commander', `/api/incidents/stats?${period}&jurisdiction=${other.code}`)).json()) as Stats;
    expect(asked.level).toBe('grid');
    expect(asked.total).toMatchObject(expected(cases.filter((c) => c.community.code === other.code)));
  });

  it('measures handling time as the domain does, case by case, across holidays, 调休 and pauses', async () => {
    // one closed case per grid code: each grid's handling minutes are that case's
    const rnd = seeded(7);
    const sample: IncidentSpec[] = [];
    const c = place.communities[1]!;
    for (let i = 0; i < 25; i++) {
      const reportedAt = new Date(Date.parse('2025-09-26T00:00:00+08:00') + rnd() * 14 * 24 * H);
      const spec = { ...randomCase(rnd, place, reportedAt, 'closed'), community: c, grid: `${c.code}9${String(i).padStart(2, '0')}` };
      await insertIncident(db.sql, place, spec);
      sample.push(spec);
    }
    try {
      const body = (await (await get('commander', `/api/incidents/stats?${period}&level=grid&jurisdiction=${c.code}`)).json()) as Stats;
      for (const s of sample) {
        const g = body.groups.find((x) => x.key === s.grid)!;
        expect(g.handled).toBe(1);
        expect(g.handlingMinutes, `${s.dispatchedAt!.toISOString()} → ${s.closedAt!.toISOString()}`).toBe(Math.round(minutesOf(s)));
      }
      // the sample is varied: zero (all inside holidays or nights), short and multi-day runs
      expect(new Set(sample.map((s) => Math.round(minutesOf(s)))).size).toBeGreaterThan(10);
    } finally {
      await db.sql`delete from incident where grid_code like ${`${c.code}9%`}`;
    }
  });

  it('counts each case on its organisation\'s working hours (its community\'s, else its street office\'s)', async () => {
    const custom = parseWorkingHours(['09:00-12:00', '14:00-18:30']);
    const [first, second] = place.communities;
    await db.sql`update jurisdiction set working_hours = ${['09:00-12:00', '14:00-18:30']} where id = ${place.townId}`;
    await db.sql`update jurisdiction set working_hours = ${['08:30-12:00', '13:30-17:30']} where id = ${first!.id}`;
    try {
      const body = (await (await get('commander', `/api/incidents/stats?${period}&level=community`)).json()) as Stats;
      const minutes = (code: string, h: typeof hours) => cases.filter((c) => c.community.code === code && c.reportedAt >= from && c.reportedAt < to
        && ['closed', 'evaluated'].includes(c.status) && c.dispatchedAt).reduce((s, c) => s + elapsedWorkingMinutes(c.dispatchedAt!, c.closedAt!, cal, { hours: h, pauses: c.pauses }), 0);
      expect(body.groups.find((g) => g.key === first!.code)!.handlingMinutes).toBe(Math.round(minutes(first!.code, hours)));
      expect(body.groups.find((g) => g.key === second!.code)!.handlingMinutes).toBe(Math.round(minutes(second!.code, custom)));
      expect(Math.round(minutes(second!.code, custom))).not.toBe(Math.round(minutes(second!.code, hours)));
    } finally {
      await db.sql`update jurisdiction set working_hours = null where id in (${place.townId}, ${first!.id})`;
    }
  });

  it('refuses a caller without incidents.view, a reversed or overlong period and an unknown level', async () => {
    expect((await get('viewer', `/api/incidents/stats?${period}`)).status).toBe(403);
    for (const q of ['from=2025-10-10&to=2025-10-01', 'from=2024-01-01&to=2025-06-01', 'level=street', 'jurisdiction=12', 'from=yesterday']) {
      const res = await get('commander', `/api/incidents/stats?${q}`);
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code], q).toEqual([400, 'invalid_request']);
    }
  });
});
