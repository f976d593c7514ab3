import policiesFile from '../../../../data/incidents/policies.json' with { type: 'json' };
import gcoord from 'gcoord';
import { randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import type { Caller } from '../../http/auth.ts';
import { tokenHash } from '../auth/auth.domain.ts';
import { grantsFor } from '../auth/permissions.domain.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { planDate } from '../grids/grids.domain.ts';
import { caseClock } from './case-clock.domain.ts';
import type { TimeLimit } from './deadline.domain.ts';
import { actorsFor, allowedFor, type IncidentPlace } from './incident-actors.domain.ts';
import type { IncidentBus } from './incident-bus.ts';
import { createIncidentPhotosRepo } from './incident-photos.repo.ts';
import { createIncidentsRepo, type IncidentRecord, type IncidentScope } from './incidents.repo.ts';
import type { ReportBody, TransitionBody } from './incidents.schema.ts';
import { parsePolicies } from './policies.domain.ts';
import { createWorkCalendarRepo } from './work-calendar.repo.ts';
import { createWorkingHoursRepo } from './working-hours.repo.ts';
import { parseWorkingHours, type WorkingHours } from './calendar.domain.ts';
import { apply, openIncident, type Actor, type ActionInput, type Incident, type Refusal } from './workflow.domain.ts';

/** How near an open case of the same category must be to be offered as a duplicate (metres). */
export const DUPLICATE_METRES = 50;
const CALENDAR_TTL_MS = 60_000;

type Crs = 'wgs84' | 'gcj02' | 'bd09';

/** A report by a resident without an account (POST /api/public/reports). */
export interface ResidentReport {
  categoryCode: string;
  lon: number;
  lat: number;
  crs: Crs;
  description: string;
  name?: string;
  phone?: string;
}

/** What a new case records of its report besides the place and the workflow state. */
interface NewCase {
  description: string;
  source: ReportBody['source'];
  address: string | null;
  reporterUserId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
  anonymous: boolean;
  actorRole: 'grid_worker' | 'reporter';
  crs: Crs;
}

const placeOf = (r: IncidentRecord): IncidentPlace => ({
  gridCode: r.grid?.code ?? null, communityCode: r.community.code, townCode: r.town?.code ?? null, countyCode: r.county?.code ?? null,
});

/** Coordinates as WGS-84 (GCJ-02 and BD-09 from Chinese phone apps are converted here, never stored). */
export function toWgs84(lon: number, lat: number, crs: 'wgs84' | 'gcj02' | 'bd09'): [number, number] {
  if (crs === 'wgs84') return [lon, lat];
  const [x, y] = gcoord.transform([lon, lat], crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84) as [number, number];
  return [x, y];
}

/** The refusal of the workflow as the API's error: 403 for the wrong person, 400 for a bad payload, else 409. */
function refusalError(r: Refusal, current: IncidentRecord, allowed: string[]): AppError {
  const details = { status: current.status, version: current.version, allowed };
  switch (r.code) {
    case 'forbidden_role': return new AppError(403, 'incident_action_forbidden', `Only ${r.roles.join(', ')} may do this now`, { ...details, roles: r.roles });
    case 'not_allowed_from_state': return conflict('transition_not_allowed', `Not possible while the incident is ${r.status}; allowed: ${allowed.join(', ') || 'nothing'}`, details);
    case 'reason_required': return badRequest('reason_required', 'note: a reason is required for this action', [{ field: 'note', message: 'a reason is required' }]);
    case 'invalid_payload': return badRequest('invalid_request', `${r.field}: not valid for this action`, [{ field: r.field, message: 'not valid for this action' }]);
    default: return conflict(`incident_${r.code}`, `Not possible now (${r.code})`, details);
  }
}

/** Reporting, acting on and reading incidents: the workflow domain on the repo, inside the caller's scope. */
export function createIncidentsService(sql: Sql, deps: { clock: () => Date; bus: IncidentBus }) {
  const repo = createIncidentsRepo(sql);
  const photos = createIncidentPhotosRepo(sql);
  const calendars = createWorkCalendarRepo(sql);
  const workingHours = createWorkingHoursRepo(sql);
  const policies = parsePolicies(policiesFile);
  // shared by every service on this handle and dropped by an admin's calendar edit (work-calendar.repo.ts)
  const calendar = () => calendars.current(CALENDAR_TTL_MS);

  async function scopeOf(caller: Caller): Promise<IncidentScope> {
    const s = scopeFor(caller.grants, 'incidents.view');
    return { userId: caller.userId, prefixes: s.prefixes, gridCodes: s.gridCodes, departmentIds: await repo.departmentsOf(caller.userId) };
  }

  const visible = (r: IncidentRecord, s: IncidentScope) =>
    s.prefixes.some((p) => r.community.code.startsWith(p)) || (r.grid !== null && s.gridCodes.includes(r.grid.code))
    || (r.departmentId !== null && s.departmentIds.includes(r.departmentId)) || r.reporterUserId === s.userId;

  /** The case if the caller may see it, else a 404 that does not tell whether it exists. */
  async function load(caller: Caller, id: number, scope: IncidentScope) {
    const r = await repo.byId(id);
    if (!r || !(visible(r, scope) || (await repo.inScope(id, scope)))) throw notFound('incident_not_found', `No incident ${id} in your scope`);
    return r;
  }

  const actorsOf = (caller: Caller, scope: IncidentScope, r: IncidentRecord): Actor[] =>
    actorsFor({ id: caller.userId, grants: grantsFor(caller.grants, 'incidents.handle').concat(grantsFor(caller.grants, 'incidents.report').filter((g) => g.role === 'admin')), departmentIds: scope.departmentIds }, placeOf(r), r.state);

  /** The working hours the clock of a case in this community counts (its own, its street office's, its county's, else the default). */
  const hoursCache = new Map<number, { hours: WorkingHours; at: number }>();
  async function hoursOf(communityId: number): Promise<WorkingHours> {
    const hit = hoursCache.get(communityId);
    if (hit && Date.now() - hit.at < CALENDAR_TTL_MS) return hit.hours;
    const spec = await workingHours.forCommunity(communityId);
    const hours = spec ? parseWorkingHours(spec) : policies.hours;
    hoursCache.set(communityId, { hours, at: Date.now() });
    return hours;
  }

  async function clockFor(
    r: Pick<IncidentRecord, 'reportedAt' | 'categoryCode'> & { limit: TimeLimit | null; community: { id: number } }, state: IncidentRecord['state'],
    action: TransitionBody['action'] | null, previousLevel: IncidentRecord['level'] | null, arrivedAt: Date, knownLimit?: TimeLimit | null,
  ) {
    // a report has just read its category: its limit comes along rather than being read again
    const categoryLimit = knownLimit !== undefined ? knownLimit : (((await repo.category(r.categoryCode))?.limit as TimeLimit | null) ?? null);
    return caseClock({
      incident: state, action, previousLevel, reportedAt: r.reportedAt, arrivedAt, limit: r.limit,
      categoryLimit, policies, hours: await hoursOf(r.community.id), cal: await calendar(),
    });
  }

  /** The category and the place of a report (WGS-84), or the 400 that says which is wrong. */
  async function reportPlace(body: { categoryCode: string; lon: number; lat: number; crs: Crs }, now: Date) {
    const [lon, lat] = toWgs84(body.lon, body.lat, body.crs);
    // both in one statement: a report waits for one round trip, not two
    const { category, place } = await repo.categoryAndPlace(body.categoryCode, lon, lat, planDate(now));
    if (!category) throw badRequest('category_not_found', `categoryCode: no active minor class ${body.categoryCode}`, [{ field: 'categoryCode', message: 'no such category' }]);
    if (!place) throw badRequest('outside_jurisdiction', `(${lon}, ${lat}) lies outside every community`, [{ field: 'lon', message: 'outside every community' }]);
    return { lon, lat, category, place };
  }

  /** Writes a new case with its deadline, its first timeline line and its first follower in one transaction, then announces it. */
  async function fileCase(now: Date, at: Awaited<ReturnType<typeof reportPlace>>, state: Incident, c: NewCase, follower: { userId?: number; tokenHash?: string }) {
    const { lon, lat, category, place } = at;
    const clock = await clockFor({ reportedAt: now, categoryCode: category.code, limit: null, community: place.community }, state, null, null, now, category.limit as TimeLimit | null);
    await repo.ensurePartition(now.getUTCFullYear());
    const record = await repo.insertReported({
      reported_at: now, region_code: place.regionCode, category_code: category.code, description: c.description, source: c.source,
      geom: sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)` as never,
      address: c.address, grid_id: place.grid?.id ?? null, grid_code: place.grid?.code ?? null, grid_name: place.grid?.name ?? null,
      plan_id: place.planId, community_id: place.community.id, community_code: place.community.code,
      town_id: place.town?.id ?? null, town_code: place.town?.code ?? null, county_id: place.county?.id ?? null, county_code: place.county?.code ?? null,
      status: state.status, level: state.level, state: sql.json(state as never) as never, reporter_user_id: c.reporterUserId,
      reporter_name: c.reporterName, reporter_phone: c.reporterPhone, anonymous: c.anonymous,
      due_at: clock.due, due_provisional: clock.provisional, calendar_version: clock.calendarVersion,
    }, {
      at: now, action: 'report', actorUserId: c.reporterUserId, actorRole: c.actorRole, fromStatus: null,
      toStatus: state.status, level: state.level, note: null, attachments: [], detail: { source: c.source, crs: c.crs },
    }, follower);
    deps.bus.emit({ id: record.id, action: 'report', status: state.status, level: state.level, at: now, actorUserId: c.reporterUserId, communityCode: place.community.code, gridCode: place.grid?.code ?? null });
    return record;
  }

  /** The case with its timeline, photos and what the caller may do, within a scope already worked out. */
  async function detailIn(caller: Caller, scope: IncidentScope, id: number) {
    const r = await load(caller, id, scope);
    const [timeline, list] = await Promise.all([repo.timeline(id), photos.list(id)]);
    return { record: r, timeline, photos: list, allowed: allowedFor(r.state, actorsOf(caller, scope, r)) };
  }

  return {
    repo,
    scopeOf,

    /** Files a report at a place of the plan in force now; the caller must be allowed to report there. */
    /** Files a report; `alongside` (the audit line) is written beside the duplicate hints once the case exists. */
    async report(caller: Caller, body: ReportBody, alongside: (record: IncidentRecord) => Promise<unknown> = async () => {}) {
      const now = deps.clock();
      const at = await reportPlace(body, now);
      const { place } = at;
      const reportScope = scopeFor(caller.grants, 'incidents.report');
      const inScope = reportScope.prefixes.some((p) => place.community.code.startsWith(p)) || (place.grid !== null && reportScope.gridCodes.includes(place.grid.code));
      if (!inScope) throw new AppError(403, 'report_outside_scope', `${place.community.name} is outside the places you may report in`);
      const p: IncidentPlace = { gridCode: place.grid?.code ?? null, communityCode: place.community.code, townCode: place.town?.code ?? null, countyCode: place.county?.code ?? null };
      // a grid worker's report stays with their grid (solve on the spot, or pass it up); anyone else's goes to the community
      const gridWorker = actorsFor({ id: caller.userId, grants: grantsFor(caller.grants, 'incidents.handle'), departmentIds: [] }, p, { assignee: null, reporterId: null })
        .some((a) => a.role === 'grid_worker');
      const record = await fileCase(now, at, openIncident(String(caller.userId), gridWorker && place.grid ? 'grid' : 'community'), {
        description: body.description, source: body.source, address: body.address ?? null, reporterUserId: caller.userId,
        reporterName: body.reporterName ?? null, reporterPhone: body.reporterPhone ?? null, anonymous: body.anonymous,
        actorRole: gridWorker ? 'grid_worker' : 'reporter', crs: body.crs,
      }, { userId: caller.userId });
      // duplicate hints among the cases the reporter's grants show (a department's staff do not report into their own queue)
      const view = scopeFor(caller.grants, 'incidents.view');
      const [near] = await Promise.all([
        repo.nearbyOpen({ userId: caller.userId, prefixes: view.prefixes, gridCodes: view.gridCodes, departmentIds: [] }, at.category.code, at.lon, at.lat, DUPLICATE_METRES),
        alongside(record),
      ]);
      return { record, duplicates: near.filter((d) => d.id !== record.id) };
    },

    /**
     * A resident's report without an account (the public 我的网格 page): it goes to the community, its
     * name and phone are kept as personal data, and the resident follows it by a token shown once.
     */
    async reportByResident(body: ResidentReport) {
      const now = deps.clock();
      const at = await reportPlace(body, now);
      const token = randomBytes(18).toString('base64url');
      const record = await fileCase(now, at, openIncident(null, 'community'), {
        description: body.description, source: 'resident', address: null, reporterUserId: null, reporterName: body.name ?? null,
        reporterPhone: body.phone ?? null, anonymous: body.name === undefined, actorRole: 'reporter', crs: body.crs,
      }, { tokenHash: tokenHash(token) });
      return { record, token };
    },

    /** A resident's own follow link: a token shown once, stored only as its hash. */
    async addFollowToken(incidentId: number): Promise<string> {
      const token = randomBytes(18).toString('base64url');
      await repo.follow(sql, incidentId, { tokenHash: tokenHash(token) });
      return token;
    },

    /** The case with its timeline and what the caller may do now. */
    async detail(caller: Caller, id: number) {
      return detailIn(caller, await scopeOf(caller), id);
    },

    /** The case if the caller may see it (the scope of its detail), else the same 404 as the detail's. */
    async visible(caller: Caller, id: number) {
      return load(caller, id, await scopeOf(caller));
    },

    /** The actions the caller may take on a case (for lists that show buttons). */
    allowedOn(caller: Caller, scope: IncidentScope, r: IncidentRecord) {
      return allowedFor(r.state, actorsOf(caller, scope, r));
    },

    /** Applies an action if the case still has the version the caller saw; one of two simultaneous actions wins. */
    async transition(caller: Caller, id: number, body: TransitionBody) {
      const now = deps.clock();
      const scope = await scopeOf(caller);
      const r = await load(caller, id, scope);
      const actors = actorsOf(caller, scope, r);
      const allowed = allowedFor(r.state, actors);
      if (body.version !== r.version) throw conflict('version_conflict', 'Someone else acted on this incident first; review it and try again', { status: r.status, version: r.version, allowed });
      const input: ActionInput = { type: body.action, note: body.note, attachments: body.attachments, assignee: body.assignee, extra: body.extra as TimeLimit | undefined, until: body.until, rating: body.rating };
      let result: ReturnType<typeof apply> | null = null;
      for (const a of actors.length ? actors : [{ id: String(caller.userId), role: 'reporter' as const }]) {
        const attempt = apply(r.state, input, a, now);
        if (attempt.ok) { result = attempt; break; }
        if (!result || (result.ok === false && result.refusal.code === 'forbidden_role')) result = attempt;
      }
      if (!result!.ok) throw refusalError(result!.refusal, r, allowed);
      const { incident: next, entry } = result!;
      const department = await checkAssignee(r, body);
      if (body.attachments?.length) {
        const [n] = await sql`select count(*)::int as n from incident_photo where incident_id = ${id} and id = any(${body.attachments.map(Number)}::bigint[])`;
        if (n!.n !== new Set(body.attachments).size) throw badRequest('invalid_request', 'attachments: photos of this incident only', [{ field: 'attachments', message: 'not photos of this incident' }]);
      }
      const clock = await clockFor(r, next, body.action, r.level, now);
      const closing = body.action === 'verify' || body.action === 'self_handle';
      const ok = await sql.begin(async (tx) => {
        const written = await repo.update(tx, id, r.version, {
          state: next, departmentId: next.assignee?.kind === 'department' ? (department?.id ?? r.departmentId) : null,
          limit: clock.limit, dueAt: clock.due, dueProvisional: clock.provisional, calendarVersion: clock.calendarVersion,
          acceptedAt: body.action === 'accept' ? now : undefined, dispatchedAt: body.action === 'dispatch' ? now : undefined,
          fedBackAt: body.action === 'feed_back' ? now : undefined,
          closedAt: closing ? now : body.action === 'rework' ? null : undefined,
          closedOnTime: closing ? clock.due === null || now.getTime() <= clock.due.getTime() : body.action === 'rework' ? null : undefined,
        });
        if (!written) return false;
        await repo.addEvent(tx, id, r.regionCode, {
          at: now, action: entry.action, actorUserId: caller.userId, actorRole: entry.role, fromStatus: entry.from, toStatus: entry.to, level: entry.level,
          note: entry.note, attachments: entry.attachments,
          detail: { clock: entry.clock, assignee: entry.assignee ? { ...entry.assignee, name: department?.name ?? null } : null, extra: entry.extra, rating: entry.rating, due: clock.due?.toISOString() ?? null },
        });
        return true;
      });
      if (!ok) {
        const current = (await repo.byId(id))!;
        throw conflict('version_conflict', 'Someone else acted on this incident first; review it and try again', { status: current.status, version: current.version, allowed: allowedFor(current.state, actorsOf(caller, scope, current)) });
      }
      deps.bus.emit({ id, action: body.action, status: next.status, level: next.level, at: now, actorUserId: caller.userId, communityCode: r.community.code, gridCode: r.grid?.code ?? null });
      // the caller's scope is already known: read the case once more for its new state, not the scope
      return detailIn(caller, scope, id);
    },

    /** Departments to dispatch this case to, those of the category's kind first. */
    async routing(caller: Caller, id: number) {
      const scope = await scopeOf(caller);
      const r = await load(caller, id, scope);
      const category = await repo.category(r.categoryCode);
      return repo.departmentsNear({ townId: r.town?.id ?? null, countyId: r.county?.id ?? null }, category?.responsible ?? null);
    },
  };

  /** A dispatch names a unit that exists for this place: a department of its street office or county, its community, its grid. */
  async function checkAssignee(r: IncidentRecord, body: TransitionBody) {
    if (body.action !== 'dispatch' || !body.assignee) return null;
    const a = body.assignee;
    const bad = (m: string) => badRequest('unknown_assignee', `assignee: ${m}`, [{ field: 'assignee', message: m }]);
    if (a.kind === 'department') {
      const d = /^\d{1,15}$/.test(a.unitId) ? await repo.departmentFor(Number(a.unitId), { townId: r.town?.id ?? null, countyId: r.county?.id ?? null }) : undefined;
      if (!d) throw bad(`no department ${a.unitId} serves this place`);
      return d;
    }
    if (a.kind === 'community' && a.unitId !== r.community.code) throw bad(`the case lies in community ${r.community.code}`);
    if (a.kind === 'grid' && a.unitId !== r.grid?.code) throw bad(`the case lies in grid ${r.grid?.code ?? '(none)'}`);
    return null;
  }
}

export type IncidentsService = ReturnType<typeof createIncidentsService>;
