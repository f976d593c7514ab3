import calendarFile from '../../../../data/calendar/cn-workdays.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../../data/seed/random.ts';
import { buildCalendar, DEFAULT_WORKING_HOURS, parseWorkingHours, shanghaiInstant as t, workingMinutesBetween } from './calendar.domain.ts';
import { elapsedWorkingMinutes, type Pause } from './deadline.domain.ts';
import { clockSpan, handlingMinutes, workingClock } from './handling-time.domain.ts';

const cal = buildCalendar(calendarFile);
const H = 3_600_000;

describe('workingClock', () => {
  it('counts what workingMinutesBetween counts, across the 2025 National Day holidays and their 调休 days', () => {
    const w = workingClock(cal, DEFAULT_WORKING_HOURS, '2025-09-20', '2025-11-30');
    // Sunday 09-28 is worked, 10-01..08 are off, Saturday 10-11 is worked
    expect(w(t('2025-09-28', '17:30')) - w(t('2025-09-28', '08:30'))).toBe(450);
    expect(w(t('2025-10-08', '17:30')) - w(t('2025-09-30', '17:30'))).toBe(0);
    expect(w(t('2025-10-11', '12:00')) - w(t('2025-10-10', '16:00'))).toBe(90 + 210);
    const rnd = createRandom('working-clock');
    for (let i = 0; i < 500; i++) {
      const a = new Date(t('2025-09-20').getTime() + rnd.next() * 40 * 24 * H);
      const b = new Date(a.getTime() + rnd.next() * 10 * 24 * H);
      expect(w(b) - w(a)).toBeCloseTo(workingMinutesBetween(a, b, cal), 9);
    }
  });

  it('refuses instants outside its dates rather than guess', () => {
    const w = workingClock(cal, DEFAULT_WORKING_HOURS, '2025-10-01', '2025-10-02');
    expect(() => w(t('2025-09-30', '23:59'))).toThrow(RangeError);
    expect(() => w(t('2025-10-03', '00:00'))).toThrow(RangeError);
    expect(w(t('2025-10-02', '23:59'))).toBe(0);
  });

  it('spans the local dates of its instants', () => {
    expect(clockSpan(new Date('2025-09-30T16:00:00Z'), new Date('2025-10-02T15:59:00Z'))).toEqual({ first: '2025-10-01', last: '2025-10-02' });
  });
});

describe('handlingMinutes', () => {
  it('equals elapsedWorkingMinutes with pauses (overlapping, open, before the start, after the end) on a random sample', () => {
    const hours = parseWorkingHours(['08:30-12:00', '13:30-17:30']);
    const w = workingClock(cal, hours, '2025-12-01', '2026-03-31');
    const rnd = createRandom('handling-minutes');
    for (let i = 0; i < 500; i++) {
      const start = new Date(t('2025-12-01').getTime() + rnd.next() * 90 * 24 * H);
      const end = new Date(start.getTime() + (rnd.next() - 0.05) * 20 * 24 * H);
      const pauses: Pause[] = Array.from({ length: rnd.int(0, 3) }, () => {
        const from = new Date(start.getTime() + (rnd.next() - 0.2) * 10 * 24 * H);
        return { from, to: rnd.next() < 0.2 ? null : new Date(from.getTime() + rnd.next() * 5 * 24 * H) };
      });
      expect(handlingMinutes(w, start, end, pauses), `${start.toISOString()} ${end.toISOString()} ${JSON.stringify(pauses)}`)
        .toBeCloseTo(elapsedWorkingMinutes(start, end, cal, { hours, pauses }), 6);
    }
  });

  it('is zero for a clock that never ran (自行处置) or ran backwards', () => {
    const w = workingClock(cal, DEFAULT_WORKING_HOURS, '2026-01-01', '2026-01-31');
    expect(handlingMinutes(w, t('2026-01-05', '09:00'), t('2026-01-05', '09:00'), [])).toBe(0);
    expect(handlingMinutes(w, t('2026-01-06', '09:00'), t('2026-01-05', '09:00'), [])).toBe(0);
  });
});
