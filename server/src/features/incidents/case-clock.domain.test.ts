import { describe, expect, it } from 'vitest';
import calendarFile from '../../../../data/calendar/cn-workdays.json' with { type: 'json' };
import policiesFile from '../../../../data/incidents/policies.json' with { type: 'json' };
import { buildCalendar } from './calendar.domain.ts';
import { caseClock } from './case-clock.domain.ts';
import { parsePolicies } from './policies.domain.ts';
import { apply, openIncident, type Actor } from './workflow.domain.ts';

const cal = buildCalendar(calendarFile);
const policies = parsePolicies(policiesFile);
const center: Actor = { id: '1', role: 'community' };
const dept: Actor = { id: '2', role: 'department', unitId: '9' };
const base = { previousLevel: null, limit: null, categoryLimit: null, policies, hours: policies.hours, cal };

describe('the clock of a case', () => {
  it('before dispatch, expects the community limit (3 working days) from the report, across a weekend', () => {
    // Friday 2026-12-04 10:00 Beijing + 3 working days (the day of the report does not count) → the end of Wednesday 9 December
    const reportedAt = new Date('2026-12-04T02:00:00Z');
    const c = caseClock({ ...base, incident: openIncident('1', 'community'), action: null, reportedAt, arrivedAt: reportedAt });
    expect(c.due?.toISOString()).toBe('2026-12-09T09:30:00.000Z');
    expect(c.limit).toBeNull();
    expect(c.provisional).toBe(false);
  });

  it('at dispatch fixes the dispatching level\'s limit or the category\'s, counted from the dispatch', () => {
    const reportedAt = new Date('2026-12-07T01:00:00Z');
    const at = new Date('2026-12-07T03:00:00Z'); // Monday 11:00
    const accepted = apply(openIncident('1', 'community'), { type: 'accept' }, center, reportedAt);
    if (!accepted.ok) throw new Error(accepted.refusal.code);
    const sent = apply(accepted.incident, { type: 'dispatch', assignee: { kind: 'department', unitId: '9' } }, center, at);
    if (!sent.ok) throw new Error(sent.refusal.code);
    const dispatched = sent.incident;
    const own = caseClock({ ...base, incident: dispatched, action: 'dispatch', previousLevel: 'community', reportedAt, arrivedAt: reportedAt });
    expect(own.limit).toEqual({ amount: 3, unit: 'working_days' });
    expect(own.due?.toISOString()).toBe('2026-12-10T09:30:00.000Z');
    const cat = caseClock({ ...base, incident: dispatched, action: 'dispatch', previousLevel: 'community', reportedAt, arrivedAt: reportedAt, categoryLimit: { amount: 4, unit: 'working_hours' } });
    expect(cat.due?.toISOString()).toBe('2026-12-07T08:30:00.000Z');
  });

  it('stops counting while the case waits for verification, and leaves no due time while paused', () => {
    const t0 = new Date('2026-12-07T01:00:00Z');
    const step = (i: ReturnType<typeof openIncident>, input: Parameters<typeof apply>[1], who: Actor, at: string) => {
      const r = apply(i, input, who, new Date(at));
      if (!r.ok) throw new Error(r.refusal.code);
      return r.incident;
    };
    let i = step(openIncident('1', 'community'), { type: 'accept' }, center, '2026-12-07T01:00:00Z');
    i = step(i, { type: 'dispatch', assignee: { kind: 'department', unitId: '9' } }, center, '2026-12-07T01:00:00Z');
    i = step(i, { type: 'start' }, dept, '2026-12-07T01:30:00Z');
    i = step(i, { type: 'feed_back', note: '已处理' }, dept, '2026-12-07T02:00:00Z');
    const paused = caseClock({ ...base, incident: i, action: 'feed_back', reportedAt: t0, arrivedAt: t0, limit: { amount: 3, unit: 'working_days' } });
    expect(paused.due).toBeNull();
    expect(paused.leftWhenPaused).toBeGreaterThan(0);
    // verified a working day later (7.5 working hours of waiting): the due time moves from Thursday's end to Friday's
    i = step(i, { type: 'verify' }, center, '2026-12-08T02:00:00Z');
    const stopped = caseClock({ ...base, incident: i, action: 'verify', reportedAt: t0, arrivedAt: t0, limit: { amount: 3, unit: 'working_days' } });
    expect(stopped.due?.toISOString()).toBe('2026-12-11T09:30:00.000Z');
  });
});
