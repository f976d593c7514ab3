import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../../data/seed/random.ts';
import calendarFile from '../../../../data/calendar/cn-workdays.json' with { type: 'json' };
import { buildCalendar, shanghaiInstant as t, toShanghaiIso } from './calendar.domain.ts';
import { dueDate } from './deadline.domain.ts';
import { INCIDENT_ACTIONS, INCIDENT_LEVELS, INCIDENT_STATUSES, type IncidentAction } from './incidents.vocabulary.ts';
import { allowedActions, apply, openIncident, type ActionInput, type Actor, type Incident, type TimelineEntry } from './workflow.domain.ts';

const leader: Actor = { id: 'u-leader', role: 'grid_worker', unitId: 'g1' };
const community: Actor = { id: 'u-community', role: 'community', unitId: 'c1' };
const street: Actor = { id: 'u-street', role: 'street_center', unitId: 's1' };
const county: Actor = { id: 'u-county', role: 'county_center', unitId: 'k1' };
const dept: Actor = { id: 'u-dept', role: 'department', unitId: 'd1' };
const otherDept: Actor = { id: 'u-dept2', role: 'department', unitId: 'd2' };
const resident: Actor = { id: 'u-resident', role: 'reporter' };
const system: Actor = { id: 'system', role: 'system' };

/** Applies a chain of [actor, action] at successive minutes from `start`; fails on any refusal. */
function run(incident: Incident, steps: [Actor, ActionInput][], start = t('2025-09-26', '09:00')) {
  const entries: TimelineEntry[] = [];
  steps.forEach(([actor, input], k) => {
    const r = apply(incident, input, actor, new Date(start.getTime() + k * 60_000));
    if (!r.ok) throw new Error(`${input.type} by ${actor.id}: ${JSON.stringify(r.refusal)}`);
    incident = r.incident;
    entries.push(r.entry);
  });
  return { incident, entries };
}

const toD1: ActionInput = { type: 'dispatch', assignee: { kind: 'department', unitId: 'd1' } };
const handled = () => run(openIncident(leader.id, 'community'), [[community, { type: 'accept' }], [community, toD1], [dept, { type: 'start' }]]).incident;

describe('the seven steps', () => {
  it('report → accept → dispatch → handle → feed back → verify → evaluate, with the clock along', () => {
    const { incident, entries } = run(openIncident(resident.id, 'community'), [
      [community, { type: 'accept', note: '属实' }],
      [community, toD1],
      [dept, { type: 'start' }],
      [dept, { type: 'feed_back', note: '已清理', attachments: ['photo-1'] }],
      [leader, { type: 'verify', note: '现场核查已清理' }],
      [resident, { type: 'evaluate' }],
    ]);
    expect(entries.map((e) => [e.action, e.from, e.to, e.clock])).toEqual([
      ['accept', 'reported', 'accepted', null],
      ['dispatch', 'accepted', 'dispatched', 'start'],
      ['start', 'dispatched', 'handling', null],
      ['feed_back', 'handling', 'fed_back', 'pause'],
      ['verify', 'fed_back', 'closed', 'stop'],
      ['evaluate', 'closed', 'evaluated', null],
    ]);
    expect(incident.status).toBe('evaluated');
    expect(incident.version).toBe(7);
    expect(incident.clock).toMatchObject({ phase: 'stopped', startedAt: '2025-09-26T09:01:00+08:00', stoppedAt: '2025-09-26T09:04:00+08:00' });
    expect(incident.clock.pauses).toEqual([{ from: '2025-09-26T09:03:00+08:00', to: '2025-09-26T09:04:00+08:00' }]);
    expect(entries[3]).toMatchObject({ note: '已清理', attachments: ['photo-1'], actorId: 'u-dept', role: 'department' });
    expect(entries[1]!.assignee).toEqual({ kind: 'department', unitId: 'd1' });
  });

  it('takes a rating of 1–5 only when evaluating', () => {
    const closed = run(handled(), [[dept, { type: 'feed_back', note: 'ok' }], [leader, { type: 'verify' }]]).incident;
    expect(apply(closed, { type: 'evaluate', rating: 6 }, leader, t('2025-10-09'))).toEqual({ ok: false, refusal: { code: 'invalid_payload', field: 'rating' } });
    expect(apply(closed, { type: 'evaluate', rating: 2.5 }, leader, t('2025-10-09')).ok).toBe(false);
    const rated = apply(closed, { type: 'evaluate', rating: 4, note: '满意' }, leader, t('2025-10-09'));
    expect(rated.ok && rated.incident.rating).toBe(4);
    expect(rated.ok && rated.entry.rating).toBe(4);
    const fb = run(handled(), [[dept, { type: 'feed_back', note: 'ok' }]]).incident;
    expect(apply(fb, { type: 'verify', rating: 5 }, leader, t('2025-10-09'))).toEqual({ ok: false, refusal: { code: 'invalid_payload', field: 'rating' } });
  });

  it('leaves the incident it was given untouched and writes instants with +08:00', () => {
    const before = openIncident(leader.id, 'community');
    const copy = structuredClone(before);
    const r = apply(before, { type: 'accept' }, community, new Date('2025-09-30T16:30:00Z'));
    expect(before).toEqual(copy);
    expect(r.ok && r.entry.at).toBe('2025-10-01T00:30:00+08:00');
  });
});

describe('refusals', () => {
  it('an action from the wrong state lists what the actor may do instead', () => {
    const r = apply(handled(), { type: 'accept' }, community, t('2025-10-09'));
    expect(r).toEqual({ ok: false, refusal: { code: 'not_allowed_from_state', status: 'handling', allowed: ['shelve'] } });
    const d = apply(handled(), { type: 'verify' }, dept, t('2025-10-09'));
    expect(d).toEqual({ ok: false, refusal: { code: 'not_allowed_from_state', status: 'handling', allowed: ['feed_back', 'send_back', 'request_extension', 'request_deferral'] } });
  });

  it('only the unit a case was dispatched to handles it, and only the holding level decides', () => {
    expect(apply(handled(), { type: 'feed_back', note: 'x' }, otherDept, t('2025-10-09'))).toEqual({ ok: false, refusal: { code: 'forbidden_role', roles: ['department'], allowed: [] } });
    const r = apply(openIncident(leader.id, 'community'), { type: 'accept' }, street, t('2025-10-09'));
    expect(r).toEqual({ ok: false, refusal: { code: 'forbidden_role', roles: ['community'], allowed: [] } });
    expect(allowedActions(openIncident(leader.id, 'community'), resident)).toEqual([]);
    expect(allowedActions(openIncident(resident.id, 'community'), resident)).toEqual(['void']);
  });

  it('a reason is required for send-back, void, deferral and the rest, and blank is not a reason', () => {
    for (const type of ['send_back', 'feed_back', 'request_extension', 'request_deferral'] as const) {
      expect(apply(handled(), { type, note: '   ', extra: { amount: 2, unit: 'working_days' } }, dept, t('2025-10-09'))).toEqual({ ok: false, refusal: { code: 'reason_required', allowed: [type] } });
    }
    expect(apply(openIncident(null, 'community'), { type: 'void' }, community, t('2025-10-09'))).toMatchObject({ ok: false, refusal: { code: 'reason_required' } });
  });

  it('names the field of a bad payload', () => {
    const accepted = run(openIncident(null, 'community'), [[community, { type: 'accept' }]]).incident;
    const bad = (input: ActionInput, actor: Actor, inc = accepted) => {
      const r = apply(inc, input, actor, t('2025-10-09'));
      return r.ok ? null : r.refusal;
    };
    expect(bad({ type: 'dispatch' }, community)).toEqual({ code: 'invalid_payload', field: 'assignee' });
    expect(bad({ type: 'dispatch', assignee: { kind: 'department', unitId: ' ' } }, community)).toEqual({ code: 'invalid_payload', field: 'assignee' });
    expect(bad({ type: 'dispatch', assignee: { kind: 'police' as 'department', unitId: 'x' } }, community)).toEqual({ code: 'invalid_payload', field: 'assignee' });
    expect(bad({ type: 'request_extension', note: 'x', extra: { amount: 1.5, unit: 'working_days' } }, dept, handled())).toEqual({ code: 'invalid_payload', field: 'extra' });
    expect(bad({ type: 'request_extension', note: 'x' }, dept, handled())).toEqual({ code: 'invalid_payload', field: 'extra' });
    expect(bad({ type: 'request_deferral', note: 'x', until: new Date(Number.NaN) }, dept, handled())).toEqual({ code: 'invalid_payload', field: 'until' });
    expect(bad({ type: 'void', note: 'x'.repeat(4001) }, community)).toEqual({ code: 'invalid_payload', field: 'note' });
    expect(bad({ type: 'void', note: 'x', attachments: [''] }, community)).toEqual({ code: 'invalid_payload', field: 'attachments' });
    expect(bad({ type: 'approve' as IncidentAction }, community)).toEqual({ code: 'unknown_action', allowed: ['dispatch', 'void', 'escalate', 'shelve'] });
  });
});

describe('side paths', () => {
  it('回退: a department sends a mis-routed case back; the clock stops and a new dispatch starts a fresh one', () => {
    const { incident, entries } = run(handled(), [[dept, { type: 'send_back', note: '非本单位职责' }], [community, { type: 'dispatch', assignee: { kind: 'department', unitId: 'd2' } }]]);
    expect(entries[0]).toMatchObject({ from: 'handling', to: 'accepted', clock: 'stop' });
    expect(incident).toMatchObject({ status: 'dispatched', sendBackCount: 1, assignee: { unitId: 'd2' } });
    expect(incident.clock).toMatchObject({ phase: 'running', startedAt: '2025-09-26T09:01:00+08:00', pauses: [], stoppedAt: null });
  });

  it('回退 between levels goes back down the way the case came up, and not further', () => {
    const up = run(openIncident(leader.id, 'grid'), [[leader, { type: 'escalate', note: '无法自行处置' }], [community, { type: 'escalate', note: '需街道协调' }]]).incident;
    expect(up).toMatchObject({ level: 'street', status: 'reported', escalatedFrom: ['grid', 'community'] });
    const down = run(up, [[street, { type: 'send_back', note: '社区可处置' }]]).incident;
    expect(down).toMatchObject({ level: 'community', status: 'reported', escalatedFrom: ['grid'], sendBackCount: 1 });
    expect(apply(openIncident(null, 'community'), { type: 'send_back', note: 'x' }, community, t('2025-10-09'))).toMatchObject({ ok: false, refusal: { code: 'not_escalated' } });
  });

  it('作废: by the holding level with a reason, or withdrawn by its reporter before acceptance; never once dispatched', () => {
    expect(run(openIncident(null, 'community'), [[community, { type: 'void', note: '重复上报' }]]).incident.status).toBe('voided');
    expect(run(openIncident(resident.id, 'community'), [[resident, { type: 'void', note: '已自行解决' }]]).incident.status).toBe('voided');
    expect(apply(handled(), { type: 'void', note: 'x' }, community, t('2025-10-09'))).toMatchObject({ ok: false, refusal: { code: 'not_allowed_from_state' } });
  });

  it('延期: an approved extension adds to the limit; a second request waits for the first; a refusal needs a reason', () => {
    const asked = run(handled(), [[dept, { type: 'request_extension', note: '需采购配件', extra: { amount: 5, unit: 'working_days' } }]]).incident;
    expect(asked.pending).toMatchObject({ kind: 'extension', by: 'u-dept', extra: { amount: 5, unit: 'working_days' } });
    expect(apply(asked, { type: 'request_deferral', note: 'x' }, dept, t('2025-10-09'))).toMatchObject({ ok: false, refusal: { code: 'request_pending' } });
    expect(apply(asked, { type: 'refuse_request' }, community, t('2025-10-09'))).toMatchObject({ ok: false, refusal: { code: 'reason_required' } });
    const { incident, entries } = run(asked, [[community, { type: 'approve_request' }]]);
    expect(incident).toMatchObject({ status: 'handling', pending: null, clock: { phase: 'running', extensions: [{ amount: 5, unit: 'working_days' }] } });
    expect(entries[0]!.extra).toEqual({ amount: 5, unit: 'working_days' });
    expect(apply(incident, { type: 'approve_request' }, community, t('2025-10-09'))).toMatchObject({ ok: false, refusal: { code: 'no_pending_request' } });
    const refused = run(asked, [[community, { type: 'refuse_request', note: '时限充足' }]]).incident;
    expect(refused.pending).toBeNull();
    expect(refused.clock.extensions).toEqual([]);
  });

  it('缓办: the clock pauses while deferred and the due time moves by the working time it stood', () => {
    const cal = buildCalendar(calendarFile);
    let i = handled(); // dispatched Friday 2025-09-26 09:01
    const step = (actor: Actor, input: ActionInput, at: Date) => {
      const r = apply(i, input, actor, at);
      if (!r.ok) throw new Error(JSON.stringify(r.refusal));
      i = r.incident;
      return r.entry;
    };
    step(dept, { type: 'request_deferral', note: '待业主回国', until: t('2025-09-29', '17:30') }, t('2025-09-26', '10:00'));
    expect(i.pending?.until).toBe('2025-09-29T17:30:00+08:00');
    expect(step(community, { type: 'approve_request' }, t('2025-09-29', '08:30')).clock).toBe('pause');
    expect(i).toMatchObject({ status: 'deferred', clock: { phase: 'paused' } });
    const pauses = () => i.clock.pauses.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null }));
    const limit = { amount: 3, unit: 'working_days' } as const;
    expect(dueDate(new Date(i.clock.startedAt!), limit, cal, { pauses: pauses() }).due).toBeNull();
    expect(step(system, { type: 'resume' }, t('2025-09-29', '17:30')).clock).toBe('resume');
    expect(i).toMatchObject({ status: 'handling', clock: { phase: 'running' } });
    const d = dueDate(new Date(i.clock.startedAt!), limit, cal, { pauses: pauses() });
    expect(toShanghaiIso(d.due!)).toBe('2025-10-09T17:30:00+08:00'); // 09-30 17:30 moved by the whole working day of 09-29
  });

  it('挂账: shelved from handling, reviewed periodically, reopened and dispatched again', () => {
    const { incident, entries } = run(handled(), [
      [community, { type: 'shelve', note: '涉及历史遗留产权问题' }],
      [community, { type: 'review', note: '季度复核：仍不具备条件' }],
      [community, { type: 'reopen', note: '产权已明确' }],
      [community, toD1],
    ]);
    expect(entries.map((e) => [e.to, e.clock])).toEqual([['ledger', 'stop'], ['ledger', null], ['accepted', null], ['dispatched', 'start']]);
    expect(entries[0]!.from).toBe('handling');
    expect(incident.reviewedAt).toBe('2025-09-26T09:01:00+08:00');
    const shelvedEarly = run(openIncident(null, 'community'), [[community, { type: 'accept' }], [community, { type: 'shelve', note: 'x' }]]).entries;
    expect(shelvedEarly[1]!.clock).toBeNull(); // no clock was running
  });

  it('返工: a failed verification sends the case back to handling, counted, with the clock resumed', () => {
    const { incident, entries } = run(handled(), [
      [dept, { type: 'feed_back', note: '已清理' }],
      [leader, { type: 'rework', note: '现场仍有垃圾' }],
      [dept, { type: 'feed_back', note: '已彻底清理' }],
      [community, { type: 'verify' }],
    ]);
    expect(entries.map((e) => e.clock)).toEqual(['pause', 'resume', 'pause', 'stop']);
    expect(incident).toMatchObject({ status: 'closed', reworkCount: 1 });
    expect(incident.clock.pauses.every((p) => p.to !== null)).toBe(true);
  });

  it('自行处置: a grid worker solves it on the spot; recorded, counted, clocked at zero', () => {
    const { incident, entries } = run(openIncident(leader.id, 'grid'), [[leader, { type: 'self_handle', note: '已劝离', attachments: ['before', 'after'] }]]);
    expect(incident).toMatchObject({ status: 'closed', selfHandled: true, clock: { phase: 'stopped', startedAt: '2025-09-26T09:00:00+08:00', stoppedAt: '2025-09-26T09:00:00+08:00' } });
    expect(entries[0]).toMatchObject({ action: 'self_handle', clock: 'stop', attachments: ['before', 'after'] });
    expect(apply(openIncident(leader.id, 'community'), { type: 'self_handle', note: 'x' }, leader, t('2025-10-09'))).toMatchObject({ ok: false, refusal: { code: 'wrong_level' } });
    expect(apply(openIncident(leader.id, 'grid'), { type: 'accept' }, leader, t('2025-10-09'))).toMatchObject({ ok: false, refusal: { code: 'wrong_level' } });
  });

  it('escalation runs grid → community → street; beyond the town is forwarding to the county, and the county is the top', () => {
    const atStreet = run(openIncident(leader.id, 'grid'), [[leader, { type: 'escalate', note: 'a' }], [community, { type: 'escalate', note: 'b' }]]).incident;
    expect(apply(atStreet, { type: 'escalate', note: 'c' }, street, t('2025-10-09'))).toMatchObject({ ok: false, refusal: { code: 'wrong_level', allowed: ['accept', 'send_back', 'void', 'forward'] } });
    const atCounty = run(atStreet, [[street, { type: 'forward', note: '超出街道职权' }]]).incident;
    expect(atCounty).toMatchObject({ level: 'county', status: 'reported', forwarded: true, escalatedFrom: ['grid', 'community', 'street'] });
    expect(apply(atCounty, { type: 'escalate', note: 'd' }, county, t('2025-10-09'))).toMatchObject({ ok: false, refusal: { code: 'top_level' } });
    expect(apply(atCounty, { type: 'forward', note: 'd' }, county, t('2025-10-09'))).toMatchObject({ ok: false, refusal: { code: 'wrong_level' } });
    const back = run(atCounty, [[county, { type: 'send_back', note: '属街道职责' }]]).incident;
    expect(back).toMatchObject({ level: 'street', forwarded: false });
    const handledAtCounty = run(atCounty, [[county, { type: 'accept' }], [county, toD1], [dept, { type: 'start' }], [dept, { type: 'feed_back', note: 'ok' }], [county, { type: 'verify' }]]).incident;
    expect(handledAtCounty).toMatchObject({ status: 'closed', level: 'county', forwarded: true });
  });
});

/** What must hold of any incident the workflow can produce. */
function invariants(i: Incident): string[] {
  const errors: string[] = [];
  const check = (ok: boolean, what: string) => { if (!ok) errors.push(what); };
  check(INCIDENT_STATUSES.includes(i.status) && INCIDENT_LEVELS.includes(i.level), 'known status and level');
  check((i.clock.phase === 'running') === ['dispatched', 'handling'].includes(i.status), 'clock runs exactly while dispatched or handling');
  check((i.clock.phase === 'paused') === ['fed_back', 'deferred'].includes(i.status), 'clock paused exactly while fed back or deferred');
  check(i.clock.pauses.filter((p) => p.to === null).length === (i.clock.phase === 'paused' ? 1 : 0), 'one open pause exactly while paused');
  check(!['dispatched', 'handling', 'fed_back', 'deferred'].includes(i.status) || i.assignee !== null, 'a case in hand has an assignee');
  check(!['reported', 'accepted', 'ledger'].includes(i.status) || i.assignee === null, 'a case not in hand has none');
  check(i.pending === null || i.status === 'handling', 'requests wait only while handling');
  const order = i.escalatedFrom.map((l) => INCIDENT_LEVELS.indexOf(l));
  check([...order, INCIDENT_LEVELS.indexOf(i.level)].every((v, k, a) => k === 0 || v > a[k - 1]!), 'came up strictly from below');
  check(!i.forwarded || i.level === 'county', 'forwarded cases are at the county');
  check(i.level !== 'grid' || ['reported', 'closed', 'evaluated', 'voided'].includes(i.status), 'a grid only reports, solves on the spot or voids');
  check(!i.selfHandled || (['closed', 'evaluated'].includes(i.status) && i.clock.startedAt === i.clock.stoppedAt), 'self-handled cases are closed in no time');
  check(i.reworkCount >= 0 && i.sendBackCount >= 0, 'counts');
  return errors;
}

describe('random walks of allowed actions', () => {
  const actors = [leader, community, street, county, dept, otherDept, resident, system, { id: 'u-grid2', role: 'grid_worker', unitId: 'g2' } as Actor];
  const assignees = [{ kind: 'department', unitId: 'd1' }, { kind: 'department', unitId: 'd2' }, { kind: 'grid', unitId: 'g1' }, { kind: 'community', unitId: 'c1' }] as const;

  it('never reach an invalid state, and apply accepts exactly what allowedActions offers', () => {
    const rng = createRandom('incident-walks');
    const rand = (n: number) => rng.int(0, n - 1);
    const seenActions = new Set<IncidentAction>();
    const seenStatuses = new Set<string>();
    let now = t('2025-01-02', '09:00').getTime();
    for (let walk = 0; walk < 800; walk++) {
      let i = openIncident(rand(2) ? leader.id : resident.id, rand(2) ? 'grid' : 'community');
      for (let s = 0; s < 40; s++) {
        // mostly an action someone is offered, to go deep; sometimes anyone trying anything, to check refusals match the offer
        const offers = actors.flatMap((a) => allowedActions(i, a).map((type) => ({ actor: a, type })));
        const ending = (o: { type: IncidentAction } | undefined) => o !== undefined && ['void', 'self_handle', 'verify'].includes(o.type);
        let pick = offers[rand(offers.length)];
        if (ending(pick)) pick = offers[rand(offers.length)]; // walks that end early never see the deeper side paths
        const { actor, type } = pick && rand(4) > 0 ? pick : { actor: actors[rand(actors.length)]!, type: INCIDENT_ACTIONS[rand(INCIDENT_ACTIONS.length)]! };
        const input: ActionInput = {
          type, note: '理由', assignee: { ...assignees[rand(assignees.length)]! }, extra: { amount: 1 + rand(5), unit: 'working_days' },
          until: new Date(now + 86_400_000), ...(type === 'evaluate' ? { rating: 1 + rand(5) } : {}),
        };
        now += 1 + rand(3_600_000 * 30);
        const offered = allowedActions(i, actor).includes(type);
        const r = apply(i, input, actor, new Date(now));
        expect(r.ok, `${type} by ${actor.id} from ${i.status}@${i.level}`).toBe(offered);
        if (!r.ok) continue;
        expect(r.incident.version).toBe(i.version + 1);
        i = r.incident;
        seenActions.add(type);
        seenStatuses.add(i.status);
        expect(invariants(i), JSON.stringify(i)).toEqual([]);
      }
      if (i.status === 'evaluated' || i.status === 'voided') for (const a of actors) expect(allowedActions(i, a)).toEqual([]);
    }
    expect([...seenActions].sort()).toEqual([...INCIDENT_ACTIONS].sort());
    expect([...seenStatuses].sort()).toEqual([...INCIDENT_STATUSES].sort());
  });
});
