import { describe, expect, it } from 'vitest';
import { dailySeries, defaultLevel, indicators, localDate, periodDates, periodOf, rate, topCategories } from './incident-stats.domain.ts';

describe('rates', () => {
  it('round to four decimals and are null when there is nothing to divide by', () => {
    expect(rate(6, 7)).toBe(0.8571);
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(0, 5)).toBe(0);
    expect(rate(5, 5)).toBe(1);
    expect(rate(3, 0)).toBeNull();
  });

  it('give 结案率 over 立案, 按期结案率 and 返工率 over 结案, and the mean handling time rounded', () => {
    const i = indicators({ reported: 12, accepted: 10, closed: 8, closedOnTime: 6, reworked: 2, handled: 7, handlingMinutes: 1000, overdueNow: 3 });
    expect(i).toMatchObject({ closeRate: 0.8, onTimeRate: 0.75, reworkRate: 0.25, avgHandlingMinutes: 143, overdueNow: 3, reported: 12 });
    expect(indicators({ reported: 0, accepted: 0, closed: 0, closedOnTime: 0, reworked: 0, handled: 0, handlingMinutes: 0, overdueNow: 0 }))
      .toMatchObject({ closeRate: null, onTimeRate: null, reworkRate: null, avgHandlingMinutes: null });
  });
});

describe('top categories', () => {
  it('rank by count, ties by code, at most five, none empty', () => {
    const ranked = topCategories([
      { code: '0301', count: 4 }, { code: '0101', count: 9 }, { code: '0202', count: 4 }, { code: '0102', count: 4 },
      { code: '0501', count: 1 }, { code: '0601', count: 2 }, { code: '0701', count: 0 },
    ]);
    expect(ranked.map((c) => c.code)).toEqual(['0101', '0102', '0202', '0301', '0601']);
    expect(topCategories([{ code: '0101', count: 0 }])).toEqual([]);
  });
});

describe('levels and periods', () => {
  it('groups one level below the jurisdiction asked', () => {
    expect(defaultLevel()).toBe('town');
    expect(defaultLevel('110108')).toBe('town');
    expect(defaultLevel('110108010')).toBe('community');
    expect(defaultLevel('110108010031')).toBe('grid');
    expect(defaultLevel('110108010031001')).toBe('grid');
  });

  it('counts local days in Beijing time, the end excluded', () => {
    expect(localDate(new Date('2026-05-31T16:00:00Z'))).toBe('2026-06-01');
    expect(localDate(new Date('2026-05-31T15:59:59Z'))).toBe('2026-05-31');
    const month = periodDates(new Date('2026-02-01T00:00:00+08:00'), new Date('2026-03-01T00:00:00+08:00'));
    expect(month.length).toBe(28);
    expect([month[0], month.at(-1)]).toEqual(['2026-02-01', '2026-02-28']);
    expect(periodDates(new Date('2025-12-31T12:00:00+08:00'), new Date('2026-01-01T12:00:00+08:00'))).toEqual(['2025-12-31', '2026-01-01']);
  });

  it('fills the series with zeros on days without cases', () => {
    const s = dailySeries(['2026-06-01', '2026-06-02', '2026-06-03'], new Map([['2026-06-02', 4]]), new Map([['2026-06-01', 1], ['2026-06-03', 2]]));
    expect(s).toEqual([{ date: '2026-06-01', reported: 0, closed: 1 }, { date: '2026-06-02', reported: 4, closed: 0 }, { date: '2026-06-03', reported: 0, closed: 2 }]);
  });

  it('defaults to the 30 days up to now and refuses reversed or overlong periods', () => {
    const now = new Date('2026-06-15T04:00:00Z');
    expect(periodOf(now)).toEqual({ from: new Date('2026-05-16T04:00:00Z'), to: now });
    expect(periodOf(now, new Date('2026-06-01T00:00:00Z'))).toEqual({ from: new Date('2026-06-01T00:00:00Z'), to: now });
    expect(periodOf(now, undefined, new Date('2026-03-31T00:00:00Z'))).toEqual({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-31T00:00:00Z') });
    expect(periodOf(now, new Date('2026-06-10'), new Date('2026-06-01'))).toEqual({ problem: 'to must be after from' });
    expect(periodOf(now, new Date('2025-01-01'), new Date('2026-06-01'))).toMatchObject({ problem: expect.stringMatching(/366 days/) });
  });
});
