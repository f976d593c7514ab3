import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCalendar, formatCalendar, type CalendarFile } from './extract.ts';

const stored = readFileSync(join(import.meta.dirname, 'cn-workdays.json'), 'utf8');

describe('cn-workdays.json', () => {
  it('is exactly what the installed chinese-days package gives (regenerate after an update)', () => {
    expect(stored).toBe(formatCalendar(extractCalendar()));
  });

  it('lists its covered years, without gaps, and only days inside them', () => {
    const cal = JSON.parse(stored) as CalendarFile;
    expect(cal.years[0]).toBe(2004);
    expect(cal.years).toContain(2026);
    expect(cal.years).not.toContain(2027);
    cal.years.forEach((y, i) => { if (i > 0) expect(y).toBe(cal.years[i - 1]! + 1); });
    for (const d of [...cal.holidays, ...cal.workdays]) expect(cal.years).toContain(Number(d.date.slice(0, 4)));
  });

  it('has National Day and Mid-Autumn 2025 as eight rest days and their two adjusted working days', () => {
    const cal = JSON.parse(stored) as CalendarFile;
    const rest = cal.holidays.filter((d) => d.date >= '2025-09-20' && d.date <= '2025-10-20').map((d) => d.date);
    expect(rest).toEqual(['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08']);
    expect(cal.holidays.find((d) => d.date === '2025-10-06')?.zh).toBe('中秋');
    const work = cal.workdays.filter((d) => d.date >= '2025-09-20' && d.date <= '2025-10-20').map((d) => d.date);
    expect(work).toEqual(['2025-09-28', '2025-10-11']);
  });
});
