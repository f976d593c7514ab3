import { describe, expect, it } from 'vitest';
import policyFile from '../../../../data/coverage/policy.json' with { type: 'json' };
import {
  addDays, compliant, dayBounds, dayOf, daysBetween, daysSince, isDate, isStale, normOf, parseCoveragePolicy, share, staffingOf,
} from './coverage.domain.ts';

const policy = parseCoveragePolicy(policyFile);

describe('Beijing calendar days', () => {
  it('runs a day from 00:00 to 24:00 +08:00, not UTC', () => {
    const { from, to } = dayBounds('2026-03-02');
    expect(from.toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(to.toISOString()).toBe('2026-03-02T16:00:00.000Z');
  });

  it('puts 23:59 and 00:00 Beijing time on either side of midnight', () => {
    expect(dayOf(new Date('2026-03-02T15:59:59Z'))).toBe('2026-03-02');
    expect(dayOf(new Date('2026-03-02T16:00:00Z'))).toBe('2026-03-03');
    expect(dayOf(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });

  it('counts days across months and leap days, and refuses what is not a date', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2026-2-1')).toBe(false);
    expect(() => dayBounds('2026-13-01')).toThrow(RangeError);
  });
});

describe('when figures are computed again', () => {
  const day = '2026-03-02';
  const at = (iso: string) => new Date(iso);
  it('computes a day never computed, once it has begun', () => {
    expect(isStale(day, null, at('2026-03-02T02:00:00Z'), policy)).toBe(true);
    expect(isStale(day, null, at('2026-03-01T15:00:00Z'), policy)).toBe(false);
  });

  it('serves today\'s figures for a minute', () => {
    expect(isStale(day, at('2026-03-02T02:00:00Z'), at('2026-03-02T02:00:59Z'), policy)).toBe(false);
    expect(isStale(day, at('2026-03-02T02:00:00Z'), at('2026-03-02T02:01:00Z'), policy)).toBe(true);
  });

  it('takes in late uploads of a past day until it was computed an hour after it ended, then never again', () => {
    expect(isStale(day, at('2026-03-02T15:30:00Z'), at('2026-03-04T00:00:00Z'), policy)).toBe(true);
    expect(isStale(day, at('2026-03-02T17:00:00Z'), at('2026-03-10T00:00:00Z'), policy)).toBe(false);
  });
});

describe('shares, staffing and norms', () => {
  it('rounds shares and never divides by nothing', () => {
    expect(share(1, 3)).toBe(0.3333);
    expect(share(5, 0)).toBe(0);
    expect(share(12, 10)).toBe(1);
  });

  it('needs a leader and an assistant in each grid (一格一员)', () => {
    expect(staffingOf(1, 1)).toBe('ok');
    expect(staffingOf(0, 2)).toBe('no_leader');
    expect(staffingOf(1, 0)).toBe('no_assistant');
    expect(staffingOf(0, 0)).toBe('nobody');
  });

  it('holds leaders and assistants to a daily patrol, supervisors and managers to a weekly one', () => {
    expect(normOf(['grid_leader'], policy.norms)).toBe('daily');
    expect(normOf(['supervisor', 'grid_assistant'], policy.norms)).toBe('daily');
    expect(normOf(['community_manager'], policy.norms)).toBe('weekly');
    expect(normOf(['viewer'], policy.norms)).toBeNull();
  });

  it('counts whole Beijing days since the last patrol and judges compliance by them', () => {
    const lateYesterday = new Date('2026-03-09T15:30:00Z'); // 23:30 on the 9th in Beijing
    expect(daysSince(lateYesterday, '2026-03-10')).toBe(1);
    expect(daysSince(null, '2026-03-10')).toBeNull();
    expect(compliant('daily', lateYesterday, '2026-03-10')).toBe(true);
    expect(compliant('daily', new Date('2026-03-08T02:00:00Z'), '2026-03-10')).toBe(false);
    expect(compliant('weekly', new Date('2026-03-04T02:00:00Z'), '2026-03-10')).toBe(true);
    expect(compliant('weekly', new Date('2026-03-03T02:00:00Z'), '2026-03-10')).toBe(false);
    expect(compliant('weekly', null, '2026-03-10')).toBe(false);
  });

  it('refuses a policy that makes no sense', () => {
    expect(() => parseCoveragePolicy({ ...policyFile, buildingDistanceM: -5 })).toThrow();
    expect(() => parseCoveragePolicy({ ...policyFile, norms: { grid_leader: 'hourly' } })).toThrow();
  });
});
