import type { Sql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { grantsFor } from '../auth/permissions.domain.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { toWgs84 } from '../incidents/incidents.service.ts';
import { createDevicesRepo } from './devices.repo.ts';
import type { FixWriter } from './fix-writer.ts';
import type { RawFix, RefusalReason } from './fix.ts';
import { parseGpx } from './gpx.ts';
import type { PatrolBus } from './patrol-bus.ts';
import { createPatrolsRepo, type PatrolRecord } from './patrols.repo.ts';
import { refusal, simplifyTrack, stops } from './track-hygiene.domain.ts';

/** A fix as the web app posts it (WGS-84 from the browser unless `crs` says otherwise). */
export interface WebFix {
  at: string;
  lon: number;
  lat: number;
  accuracy?: number;
  speed?: number;
  heading?: number;
  altitude?: number;
}

/** How long after a patrol was stopped the phone may still deliver the fixes it buffered before the stop. */
const LATE_SYNC_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export interface PatrolDeps {
  clock: () => Date;
  writer: FixWriter;
  bus: PatrolBus;
}

/** Patrols of the web app and GPX imports, their tracks, and who may see them. */
export function createPatrolsService(sql: Sql, deps: PatrolDeps) {
  const repo = createPatrolsRepo(sql);
  const devices = createDevicesRepo(sql);
  const viewScope = (caller: Caller) => scopeFor(caller.grants, 'patrols.view');

  /** The caller's own patrol of the web app, else the 404 any other patrol id gets. */
  async function ownWebPatrol(caller: Caller, id: number): Promise<PatrolRecord> {
    const p = await repo.byId(id);
    if (!p || p.userId !== caller.userId || p.source !== 'web') throw notFound('patrol_not_found', `No patrol ${id} of yours`);
    return p;
  }

  /** Splits fixes into those refused at the door (with why) and those to write, converted to WGS-84. */
  function admit(fixes: RawFix[], now: Date, extra: (f: RawFix) => RefusalReason | 'outside_patrol' | null = () => null) {
    const refused: { index: number; reason: string }[] = [];
    const accepted: { index: number; fix: RawFix }[] = [];
    fixes.forEach((fix, index) => {
      const why = refusal(fix, now) ?? extra(fix);
      if (why) refused.push({ index, reason: why });
      else accepted.push({ index, fix });
    });
    return { refused, accepted };
  }

  return {
    repo,

    async current(caller: Caller) {
      const device = await devices.ownDevice(caller.userId, 'web');
      return (await repo.openOf(device.id)) ?? null;
    },

    /** Starts the caller's patrol in the web app; a second start while one is open answers the open one. */
    async start(caller: Caller) {
      const device = await devices.ownDevice(caller.userId, 'web');
      const r = await repo.start(device.id, caller.userId, deps.clock());
      if (r.created) deps.bus.emit({ kind: 'patrol', patrolId: r.patrol.id, userId: caller.userId });
      return r;
    },

    async stop(caller: Caller, id: number, at: Date | undefined) {
      const p = await ownWebPatrol(caller, id);
      const now = deps.clock();
      if (at && +at > +now + 60_000) throw badRequest('invalid_time', 'at: the end of a patrol cannot lie in the future', [{ field: 'at', message: 'in the future' }]);
      if (await repo.stop(id, at ?? now)) {
        deps.writer.forget(p.deviceId);
        deps.bus.emit({ kind: 'patrol', patrolId: id, userId: caller.userId });
      }
      return (await repo.byId(id))!;
    },

    /** Stores the web app's buffered fixes of one of the caller's patrols; sending them again stores nothing twice. */
    async addFixes(caller: Caller, id: number, fixes: WebFix[], crs: 'wgs84' | 'gcj02' | 'bd09') {
      const p = await ownWebPatrol(caller, id);
      const now = deps.clock();
      const raw: RawFix[] = fixes.map((f) => {
        const [lon, lat] = crs === 'wgs84' ? [f.lon, f.lat] : toWgs84(f.lon, f.lat, crs);
        return { at: new Date(f.at), lon, lat, accuracy: f.accuracy ?? null, speed: f.speed ?? null, heading: f.heading ?? null, altitude: f.altitude ?? null, battery: null, attributes: {} };
      });
      // a stopped patrol still takes what the phone recorded before the stop and could not send yet
      const { refused, accepted } = admit(raw, now, (f) => (+f.at < +p.startedAt - LATE_SYNC_MS || (p.endedAt && +f.at > +p.endedAt + LATE_SYNC_MS) ? 'outside_patrol' : null));
      const outcomes = await deps.writer.write(accepted.map(({ fix }) => ({ deviceId: p.deviceId, userId: caller.userId, patrolId: id, fix })));
      return {
        stored: outcomes.filter((o) => o.stored).length,
        duplicates: outcomes.filter((o) => !o.stored).length,
        setAside: outcomes.filter((o) => o.stored && !o.kept).length,
        refused,
      };
    },

    /** A past track from a GPX file, as one patrol of the worker's GPX device; importing the same file again adds nothing. */
    async importGpx(caller: Caller, userId: number, text: string) {
      if (userId === caller.userId ? !grantsFor(caller.grants, 'patrols.record').length : !(await repo.sees(viewScope(caller), caller.userId, userId))) {
        throw notFound('worker_not_found', `No worker ${userId} in your scope`);
      }
      let parsed: ReturnType<typeof parseGpx>;
      try {
        parsed = parseGpx(text);
      } catch (e) {
        throw badRequest('invalid_gpx', (e as Error).message);
      }
      const { refused, accepted } = admit(parsed.fixes, deps.clock());
      if (!accepted.length) throw badRequest('no_usable_fixes', `None of the ${parsed.fixes.length} points of the track can be stored`, { refused: refused.slice(0, 20) });
      const device = await devices.ownDevice(userId, 'gpx');
      const first = accepted.reduce((a, b) => (b.fix.at < a.fix.at ? b : a)).fix.at;
      const last = accepted.reduce((a, b) => (b.fix.at > a.fix.at ? b : a)).fix.at;
      const patrolId = await sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext('gpx-import'), ${device.id}::int)`;
        const [hit] = await tx`select id from patrol where device_id = ${device.id} and started_at = ${first}`;
        if (hit) return Number(hit.id);
        const [r] = await tx`insert into patrol (user_id, device_id, started_at, ended_at) values (${userId}, ${device.id}, ${first}, ${last}) returning id`;
        return Number(r!.id);
      });
      const outcomes = await deps.writer.write(accepted.map(({ fix }) => ({ deviceId: device.id, userId, patrolId, fix })));
      return { patrol: (await repo.byId(patrolId))!, stored: outcomes.filter((o) => o.stored).length, duplicates: outcomes.filter((o) => !o.stored).length, refused: refused.length };
    },

    async list(caller: Caller, f: { userId?: number; from?: Date; to?: Date; gridCode?: string }) {
      const to = f.to ?? new Date(+deps.clock() + DAY_MS);
      const from = f.from ?? new Date(+to - 31 * DAY_MS);
      if (+to - +from > 93 * DAY_MS) throw badRequest('range_too_long', 'from–to may span at most 93 days', [{ field: 'from', message: 'at most 93 days before to' }]);
      if (+to <= +from) throw badRequest('invalid_range', 'from must be before to', [{ field: 'from', message: 'after to' }]);
      return repo.list({ scope: viewScope(caller), callerId: caller.userId, userId: f.userId, from, to, gridCode: f.gridCode, limit: 500 });
    },

    /** A patrol's fixes for replay, its line simplified for display, and its stops. */
    async track(caller: Caller, id: number) {
      const p = await repo.byId(id);
      if (!p || !(await repo.sees(viewScope(caller), caller.userId, p.userId))) throw notFound('patrol_not_found', `No patrol ${id} in your scope`);
      const fixes = await repo.track(p);
      const kept = fixes.filter((f) => f.kept).map((f) => ({ at: f.t, lon: f.lon, lat: f.lat }));
      const simple = simplifyTrack(kept, 3);
      return {
        patrol: p, fixes,
        line: simple.length >= 2 ? { type: 'LineString' as const, coordinates: simple.map((f) => [f.lon, f.lat]) } : null,
        stops: stops(kept),
      };
    },

    /** Workers seen in the last `minutes` (default a day), within the caller's scope. */
    positions(caller: Caller, minutes = 24 * 60, userIds?: number[]) {
      return repo.positions(viewScope(caller), caller.userId, new Date(+deps.clock() - minutes * 60_000), userIds);
    },
  };
}

export type PatrolsService = ReturnType<typeof createPatrolsService>;
