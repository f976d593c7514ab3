/**
 * The demo district's incident history: about 90 days of clearly synthetic cases (synthetic = true) in
 * every state, ending at the moment it is loaded, so `npm start` opens on a living heatmap, real-looking
 * indicators and cases overdue now. Loaded once per database (a dataset row), in one transaction, with
 * set-based inserts; the same demo, seed and moment give the same rows.
 */
import type { Sql, TransactionSql } from 'postgres';
import { reserveIds } from '../generate/copy.ts';
import { shanghaiInstant } from '../../server/src/features/incidents/calendar.domain.ts';
import type { HistoryCase } from './incident-history-case.ts';
import { readHistoryInput } from './incident-history-input.ts';
import { planReports } from './incident-history-plan.ts';
import { buildCases } from './incident-history-stories.ts';

export const HISTORY_DATASET = 'demo-incident-history';
export const HISTORY_SEED = 'haidian-incidents-1';
export const HISTORY_DAYS = 90;
const DEMO_COUNTY = '110108';

/** The history's cases for the demo as it is in `sql` at `now` (read only). */
export async function buildHistory(sql: Sql, opts: { now: Date; seed?: string; days?: number }) {
  const { grids, ctx, since } = await readHistoryInput(sql, DEMO_COUNTY, opts.now);
  const days = opts.days ?? HISTORY_DAYS;
  // never before the plan in force took effect: older reports would have lain in the grids of an earlier plan
  const earliest = since ? Math.ceil((opts.now.getTime() - shanghaiInstant(since).getTime()) / 86_400_000) - 1 : days;
  const reports = planReports({ seed: opts.seed ?? HISTORY_SEED, now: opts.now, days: Math.max(0, Math.min(days, earliest)), grids, calendar: ctx.calendar });
  return buildCases(ctx, opts.seed ?? HISTORY_SEED, reports);
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function incidentRow(c: HistoryCase, id: number) {
  const r = c.report;
  const g = r.grid;
  return {
    id, reported_at: iso(r.at), region_code: g.regionCode, category_code: r.categoryCode, description: r.description, source: r.source,
    lon: r.point.lon, lat: r.point.lat, address: r.point.address, grid_id: g.id, grid_code: g.code, grid_name: g.name, plan_id: g.planId,
    community_id: g.community.id, community_code: g.community.code, town_id: g.town?.id ?? null, town_code: g.town?.code ?? null,
    county_id: g.county?.id ?? null, county_code: g.county?.code ?? null, status: c.state.status, level: c.state.level, state: c.state,
    assignee_kind: c.state.assignee?.kind ?? null, assignee_id: c.state.assignee?.unitId ?? null, department_id: c.departmentId,
    reporter_user_id: r.reporter.userId, reporter_name: r.reporter.name, reporter_phone: r.reporter.phone, anonymous: r.reporter.anonymous,
    limit_value: c.limit?.amount ?? null, limit_unit: c.limit?.unit ?? null, due_at: iso(c.dueAt), due_provisional: c.dueProvisional,
    calendar_version: c.calendarVersion, accepted_at: iso(c.acceptedAt), dispatched_at: iso(c.dispatchedAt), fed_back_at: iso(c.fedBackAt),
    closed_at: iso(c.closedAt), closed_on_time: c.closedOnTime, self_handled: c.state.selfHandled, rework_count: c.state.reworkCount,
    rating: c.state.rating, rating_comment: c.ratingComment, version: c.state.version, updated_at: iso(c.updatedAt),
  };
}

async function write(tx: TransactionSql, cases: HistoryCase[]) {
  const first = await reserveIds(tx, 'incident', cases.length);
  const rows = cases.map((c, i) => incidentRow(c, first + i));
  // one statement per table from a JSON array: a few hundred cases and a few thousand events in three round trips
  await tx`insert into incident (id, reported_at, region_code, category_code, description, source, geom, address, grid_id, grid_code, grid_name, plan_id,
      community_id, community_code, town_id, town_code, county_id, county_code, status, level, state, assignee_kind, assignee_id, department_id,
      reporter_user_id, reporter_name, reporter_phone, anonymous, limit_value, limit_unit, due_at, due_provisional, calendar_version,
      accepted_at, dispatched_at, fed_back_at, closed_at, closed_on_time, self_handled, rework_count, rating, rating_comment, synthetic, version, updated_at)
    overriding system value
    select id, reported_at, region_code, category_code, description, source, ST_SetSRID(ST_MakePoint(lon, lat), 4326), address, grid_id, grid_code, grid_name, plan_id,
      community_id, community_code, town_id, town_code, county_id, county_code, status, level, state, assignee_kind, assignee_id, department_id,
      reporter_user_id, reporter_name, reporter_phone, anonymous, limit_value, limit_unit, due_at, due_provisional, calendar_version,
      accepted_at, dispatched_at, fed_back_at, closed_at, closed_on_time, self_handled, rework_count, rating, rating_comment, true, version, updated_at
    from jsonb_to_recordset(${tx.json(rows as never)}) as r(id bigint, reported_at timestamptz, region_code text, category_code text, description text,
      source text, lon float8, lat float8, address text, grid_id bigint, grid_code text, grid_name text, plan_id bigint, community_id bigint,
      community_code text, town_id bigint, town_code text, county_id bigint, county_code text, status text, level text, state jsonb,
      assignee_kind text, assignee_id text, department_id bigint, reporter_user_id bigint, reporter_name text, reporter_phone text, anonymous boolean,
      limit_value numeric, limit_unit text, due_at timestamptz, due_provisional boolean, calendar_version text, accepted_at timestamptz,
      dispatched_at timestamptz, fed_back_at timestamptz, closed_at timestamptz, closed_on_time boolean, self_handled boolean, rework_count int,
      rating smallint, rating_comment text, version int, updated_at timestamptz)`;
  const events = cases.flatMap((c, i) => c.events.map((e) => ({
    incident_id: first + i, at: iso(e.at), region_code: c.report.grid.regionCode, action: e.action, actor_user_id: e.actorUserId, actor_role: e.actorRole,
    from_status: e.fromStatus, to_status: e.toStatus, level: e.level, note: e.note, detail: e.detail,
  })));
  await tx`insert into incident_event (incident_id, at, region_code, action, actor_user_id, actor_role, from_status, to_status, level, note, detail)
    select incident_id, at, region_code, action, actor_user_id, actor_role, from_status, to_status, level, note, detail
    from jsonb_to_recordset(${tx.json(events as never)}) as e(incident_id bigint, at timestamptz, region_code text, action text, actor_user_id bigint,
      actor_role text, from_status text, to_status text, level text, note text, detail jsonb)`;
  // reporters with accounts follow their own cases, as the service makes them
  const followers = rows.filter((r) => r.reporter_user_id !== null).map((r) => ({ incident_id: r.id, user_id: r.reporter_user_id }));
  await tx`insert into incident_follower (incident_id, user_id)
    select incident_id, user_id from jsonb_to_recordset(${tx.json(followers as never)}) as f(incident_id bigint, user_id bigint)`;
  return { incidents: rows.length, events: events.length };
}

/** Loads the demo's incident history once (after the demo, its accounts and departments); `now` anchors its end. */
export async function loadIncidentHistory(sql: Sql, opts: { now?: Date; seed?: string; log?: (m: string) => void } = {}): Promise<{ loaded: boolean }> {
  const [done] = await sql`select 1 from dataset where name = ${HISTORY_DATASET}`;
  const [district] = await sql`select 1 from jurisdiction where code = ${DEMO_COUNTY}`;
  if (done || !district) return { loaded: false };
  const started = performance.now();
  const now = new Date(Math.floor((opts.now ?? new Date()).getTime() / 1000) * 1000);
  const seed = opts.seed ?? HISTORY_SEED;
  const cases = await buildHistory(sql, { now, seed });
  const written = await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${HISTORY_DATASET}))`;
    const [again] = await tx`select 1 from dataset where name = ${HISTORY_DATASET}`;
    if (again) return null;
    const counts = await write(tx, cases);
    await tx`insert into dataset (name, details) values (${HISTORY_DATASET}, ${tx.json({ seed, days: HISTORY_DAYS, now: now.toISOString(), ...counts })})`;
    return counts;
  });
  if (!written) return { loaded: false };
  await sql`analyze incident, incident_event`;
  opts.log?.(`[demo] incident history: ${written.incidents} synthetic cases, ${written.events} timeline lines in ${Math.round(performance.now() - started)} ms`);
  return { loaded: true };
}
