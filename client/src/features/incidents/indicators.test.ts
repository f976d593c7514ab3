import { describe, expect, it } from 'vitest';
import { chartSeries, hours, percent, periodRange } from './indicators.ts';

describe('indicator periods and numbers', () => {
  // 2026-12-07 01:00 Beijing is still 6 December in UTC: the days are Beijing's
  const now = new Date('2026-12-06T17:00:00Z');
  it('counts periods in Beijing days, the end exclusive', () => {
    expect(periodRange('last7', now)).toEqual({ from: '2026-12-01', to: '2026-12-08' });
    expect(periodRange('thisMonth', now)).toEqual({ from: '2026-12-01', to: '2026-12-08' });
    expect(periodRange('lastMonth', now)).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    expect(periodRange('lastMonth', new Date('2027-01-15T04:00:00Z'))).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(periodRange('last30', now).from).toBe('2026-11-08');
  });
  it('reads rates and durations', () => {
    expect(percent(0.8571)).toBe('85.7%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(null)).toBe('—');
    expect(hours(90)).toBe(1.5);
    expect(hours(null)).toBeNull();
    expect(chartSeries([{ date: '2026-12-01', reported: 3, closed: 1 }])).toEqual({ labels: ['12/1'], reported: [3], closed: [1] });
  });
});
