import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app.ts';
import { createSession } from '../../server/test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../server/test/db.ts';
import { INCIDENT_STATUSES, RESPONSIBLE_UNIT_KINDS } from '../../server/src/features/incidents/incidents.vocabulary.ts';
import { apply, openIncident, type ActionInput, type Incident } from '../../server/src/features/incidents/workflow.domain.ts';
import { DEMO_DEPARTMENTS, loadDemoDepartments } from './departments.ts';
import { historyActor } from './incident-history-case.ts';
import { buildHistory, HISTORY_DATASET, HISTORY_SEED, loadIncidentHistory } from './incident-history.ts';
import { MIN_OVERDUE } from './incident-history-stories.ts';

// The demo template carries the departments and the history (server/test/global-setup.ts): these tests
// read what `npm start` would show, anchored at the moment the template was built.
let db: TestDatabase;
let now: Date;
beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  const [ds] = await db.sql`select details from dataset where name = ${HISTORY_DATASET}`;
  now = new Date(ds!.details.now);
});
afterAll(() => db.drop());

const OPEN = ['reported', 'accepted', 'dispatched', 'handling', 'fed_back'];

describe('demo departments', () => {
  it('give the street office and the district units of every kind the routing needs, each with a work phone, once', async () => {
    expect((await loadDemoDepartments(db.sql)).loaded).toBe(false);
    const rows = await db.sql`select d.name, d.kind, d.phone, j.code from department d join jurisdiction j on j.id = d.jurisdiction_id order by d.id`;
    expect(rows).toHaveLength(DEMO_DEPARTMENTS.departments.length);
    expect(rows.every((r) => (RESPONSIBLE_UNIT_KINDS as readonly string[]).includes(r.kind) && /^010-0000 \d{4}$/.test(r.phone))).toBe(true);
    expect(new Set(rows.map((r) => r.code))).toEqual(new Set(['110108010', '110108']));
    for (const kind of ['urban_management', 'sanitation', 'landscaping', 'housing', 'transport', 'public_security', 'water', 'gas', 'power', 'emergency']) {
      expect(rows.some((r) => r.kind === kind), kind).toBe(true);
    }
  });

  it('let dept.chengguan see and act on the cases dispatched to its unit, and nothing else', async () => {
    const [u] = await db.sql`select u.id, d.id as department_id, d.name from app_user u join department_member m on m.user_id = u.id
      join department d on d.id = m.department_id where u.username = 'dept.chengguan'`;
    expect(u!.name).toBe('学院路街道综合行政执法队');
    const session = await createSession(db.sql, Number(u!.id), now);
    const res = await createApp({ sql: db.sql, clock: () => now }).request('/api/incidents?limit=200', { headers: { Cookie: session.cookie } });
    const body = (await res.json()) as { total: number; items: { assignee: { id: string } | null; allowed: string[] }[] };
    const [expected] = await db.sql`select count(*)::int as n from incident where department_id = ${u!.department_id}`;
    expect(body.total).toBe(expected!.n);
    expect(body.total).toBeGreaterThan(0);
    // a case at its unit now (dispatched or in handling) offers the department its next step
    const mine = body.items.filter((i) => i.assignee?.id === String(u!.department_id) && i.allowed.length > 0);
    expect(mine.length).toBeGreaterThan(0);
  });
});

type Row = { id: number; status: string; level: string; state: Incident; reporter_user_id: number | null };
type Event = { incident_id: number; at: Date; action: string; actor_user_id: number | null; actor_role: string; level: string; note: string | null; detail: Record<string, unknown> };

function replay(row: Row, events: Event[]): Incident {
  let state = openIncident(row.reporter_user_id === null ? null : String(row.reporter_user_id), events[0]!.level as Incident['level']);
  for (const e of events.slice(1)) {
    const d = e.detail;
    const assignee = d.assignee as { kind: 'department' | 'community' | 'grid'; unitId: string } | null;
    const input: ActionInput = {
      type: e.action as ActionInput['type'], note: e.note ?? undefined, assignee: e.action === 'dispatch' && assignee ? { kind: assignee.kind, unitId: assignee.unitId } : undefined,
      extra: e.action === 'request_extension' ? (d.extra as ActionInput['extra']) : undefined, rating: (d.rating as number | null) ?? undefined,
    };
    const r = apply(state, input, historyActor(e.actor_role as never, e.actor_user_id === null ? null : Number(e.actor_user_id), state), e.at);
    if (!r.ok) throw new Error(`case ${row.id}: ${e.action} refused (${r.refusal.code})`);
    state = r.incident;
  }
  return state;
}

describe('the demo\'s incident history', () => {
  it('is synthetic, 20–40 reports per community a month, and a second load adds nothing', async () => {
    expect((await loadIncidentHistory(db.sql)).loaded).toBe(false);
    const [all] = await db.sql`select count(*)::int as n, bool_and(synthetic) as synthetic, min(reported_at) as first, max(reported_at) as last from incident`;
    expect(all!.synthetic).toBe(true);
    expect(now.getTime() - all!.first.getTime()).toBeGreaterThan(88 * 86_400_000);
    expect(all!.last.getTime()).toBeLessThanOrEqual(now.getTime());
    const per = await db.sql`select community_code, count(*)::int as n from incident group by 1`;
    expect(per).toHaveLength(7);
    for (const c of per) {
      expect(c.n / 3, c.community_code).toBeGreaterThanOrEqual(15);
      expect(c.n / 3, c.community_code).toBeLessThanOrEqual(45);
    }
  });

  it('holds in every row the state that replaying its timeline through the workflow gives', async () => {
    const rows = await db.sql<Row[]>`select id, status, level, state, reporter_user_id from incident order by id`;
    const events = await db.sql<Event[]>`select incident_id, at, action, actor_user_id, actor_role, level, note, detail from incident_event order by incident_id, at, id`;
    const byCase = new Map<number, Event[]>();
    for (const e of events) byCase.set(Number(e.incident_id), [...(byCase.get(Number(e.incident_id)) ?? []), e]);
    for (const row of rows) {
      const state = replay(row, byCase.get(Number(row.id))!);
      expect(state, `case ${row.id}`).toEqual(row.state);
      expect([row.status, row.level]).toEqual([state.status, state.level]);
    }
  });

  it('has cases in every state and every path: late, reworked, escalated, forwarded, self-handled, rated, overdue now', async () => {
    const statuses = await db.sql`select distinct status from incident`;
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(INCIDENT_STATUSES));
    const [f] = await db.sql`select
        count(*) filter (where closed_on_time) as on_time, count(*) filter (where not closed_on_time) as late,
        count(*) filter (where rework_count > 0) as reworked, count(*) filter (where self_handled) as self_handled,
        count(*) filter (where state->'escalatedFrom' ? 'community') as escalated, count(*) filter (where (state->>'forwarded')::boolean) as forwarded,
        count(*) filter (where rating is not null) as rated, count(*) filter (where status = any(${OPEN}) and due_at < ${now}) as overdue,
        count(*) filter (where reporter_user_id is null and source = 'patrol') as staff_without_account,
        count(*) filter (where reporter_phone like '1390000____') as residents
      from incident`;
    const n = Object.fromEntries(Object.entries(f!).map(([k, v]) => [k, Number(v)]));
    expect(n.on_time).toBeGreaterThan(3 * (n.late ?? Infinity));
    for (const k of ['late', 'reworked', 'self_handled', 'escalated', 'forwarded', 'rated', 'staff_without_account', 'residents']) expect(n[k], k).toBeGreaterThan(0);
    expect(n.overdue).toBeGreaterThanOrEqual(MIN_OVERDUE);
  });

  it('puts every case inside its grid of the plan in force, reported by day more than by night and less on days off', async () => {
    const [outside] = await db.sql`select count(*)::int as n from incident i
      where not exists (select 1 from grid g join grid_plan p on p.id = g.plan_id where p.status = 'published' and g.code = i.grid_code and g.id = i.grid_id and ST_Intersects(g.geom, i.geom))`;
    expect(outside!.n).toBe(0);
    const [t] = await db.sql`select count(*) filter (where extract(hour from reported_at at time zone 'Asia/Shanghai') < 6)::float / count(*) as night,
        count(*) filter (where extract(isodow from reported_at at time zone 'Asia/Shanghai') >= 6)::float / count(*) as weekend from incident`;
    expect(t!.night).toBeLessThan(0.05);
    expect(t!.weekend).toBeLessThan(2 / 7);
  });

  it('has grids whose reports rise over the last two weeks (hotspots)', async () => {
    const rising = await db.sql`select grid_code from incident group by grid_code
      having count(*) filter (where reported_at > ${now}::timestamptz - interval '7 days') >= 8
         and count(*) filter (where reported_at > ${now}::timestamptz - interval '7 days')
           >= 2 * count(*) filter (where reported_at between ${now}::timestamptz - interval '35 days' and ${now}::timestamptz - interval '28 days')`;
    expect(rising.length).toBeGreaterThanOrEqual(1);
  });

  it('is reproducible: the same demo, seed and moment give the same cases; another seed does not', async () => {
    const stored = await db.sql`select reported_at, category_code, status, due_at, description from incident order by id`;
    const again = await buildHistory(db.sql, { now, seed: HISTORY_SEED });
    expect(again.map((c) => [c.report.at.getTime(), c.report.categoryCode, c.state.status, c.dueAt?.getTime() ?? null, c.report.description]))
      .toEqual(stored.map((r) => [r.reported_at.getTime(), r.category_code, r.status, r.due_at?.getTime() ?? null, r.description]));
    const other = await buildHistory(db.sql, { now, seed: 'another seed' });
    expect(other.map((c) => c.report.description)).not.toEqual(stored.map((r) => r.description));
  });
});
