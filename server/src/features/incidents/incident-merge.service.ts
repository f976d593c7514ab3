import type { Sql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { badRequest, conflict } from '../../http/errors.ts';
import type { IncidentBus } from './incident-bus.ts';
import type { IncidentsService } from './incidents.service.ts';

const TERMINAL = new Set(['voided']);

/**
 * Merging a duplicate into the case it repeats (重复件合并): the duplicate is voided with a pointer to the
 * case, both timelines say so, and the duplicate's reporter and followers follow the case from now on, so
 * every reporter is kept informed and can rate it. Whoever may void the duplicate now (its level's centre,
 * or its reporter while it waits) may merge it; the case must be visible to them and not void.
 */
export function createIncidentMerge(sql: Sql, service: IncidentsService, deps: { clock: () => Date; bus: IncidentBus }) {
  return async function merge(caller: Caller, id: number, body: { into: number; version: number; note?: string }) {
    if (body.into === id) throw badRequest('merge_into_itself', 'into: a case cannot be merged into itself', [{ field: 'into', message: 'the same case' }]);
    const dup = await service.detail(caller, id);
    const target = await service.detail(caller, body.into);
    const d = dup.record;
    if (body.version !== d.version) throw conflict('version_conflict', 'Someone else acted on this incident first; review it and try again', { status: d.status, version: d.version, allowed: dup.allowed });
    if (!dup.allowed.includes('void')) throw conflict('merge_not_allowed', 'Only a case you could void now can be merged into another', { status: d.status, version: d.version, allowed: dup.allowed });
    if (TERMINAL.has(target.record.status) || target.record.mergedInto !== null) {
      throw conflict('merge_target_closed', `Case ${body.into} is void or merged itself; merge into the case it went to`, { status: target.record.status });
    }
    const now = deps.clock();
    const next = { ...d.state, status: 'voided' as const, pending: null, version: d.version + 1 };
    const ok = await sql.begin(async (tx) => {
      const written = await service.repo.update(tx, id, d.version, {
        state: next, departmentId: d.departmentId, limit: d.limit, dueAt: d.dueAt, dueProvisional: d.dueProvisional, calendarVersion: d.calendarVersion,
        mergedInto: body.into,
      });
      if (!written) return false;
      const line = { at: now, action: 'merge', actorUserId: caller.userId, actorRole: 'center', level: d.level, note: body.note ?? null, attachments: [] };
      await service.repo.addEvent(tx, id, d.regionCode, { ...line, fromStatus: d.status, toStatus: 'voided', detail: { into: body.into } });
      await service.repo.addEvent(tx, body.into, target.record.regionCode, {
        ...line, fromStatus: target.record.status, toStatus: target.record.status, level: target.record.level, detail: { from: id },
      });
      await service.repo.moveFollowers(tx, id, body.into);
      if (d.reporterUserId !== null) await service.repo.follow(tx, body.into, { userId: d.reporterUserId });
      return true;
    });
    if (!ok) {
      const current = await service.detail(caller, id);
      throw conflict('version_conflict', 'Someone else acted on this incident first; review it and try again', { status: current.record.status, version: current.record.version, allowed: current.allowed });
    }
    for (const c of [{ r: d, status: 'voided' }, { r: target.record, status: target.record.status }]) {
      deps.bus.emit({ id: c.r.id, action: 'merge', status: c.status, level: c.r.level, at: now, actorUserId: caller.userId, communityCode: c.r.community.code, gridCode: c.r.grid?.code ?? null });
    }
    return service.detail(caller, body.into);
  };
}
