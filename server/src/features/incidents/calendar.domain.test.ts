import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../../data/seed/random.ts';
import calendarFile from '../../../../data/calendar/cn-workdays.json' with { type: 'json' };
import {
  addWorkingDays, addWorkingHours, addWorkingMinutes, buildCalendar, isCovered, isWorkingDay, parseWorkingHours,
  shanghaiDate, shanghaiInstant, toShanghaiIso, workingMinutesBetween,
} from './calendar.domain.ts';

const cal = buildCalendar(calendarFile);
const at = (iso: string) => new Date(iso);
const iso = (r: { at: Date }) => toShanghaiIso(r.at);

describe('the calendar from data/calendar/cn-workdays.json', () => {
  it('has National Day and Mid-Autumn 2025 off (10-01..08) and works the Sunday before and the Saturday after', () => {
    for (let d = 1; d <= 8; d++) expect(isWorkingDay(cal, `2025-10-0${d}`)).toBe(false);
    expect(isWorkingDay(cal, '2025-09-28')).toBe(true); // Sunday, 调休
    expect(isWorkingDay(cal, '2025-10-11')).toBe(true); // Saturday, 调休
    expect(isWorkingDay(cal, '2025-10-12')).toBe(false); // plain Sunday
    expect(isWorkingDay(cal, '2025-10-09')).toBe(true);
  });

  it('has Spring Festival 2026 off (02-15..23) with Saturdays 02-14 and 02-28 worked', () => {
    for (let d = 15; d <= 23; d++) expect(isWorkingDay(cal, `2026-02-${d}`)).toBe(false);
    expect(isWorkingDay(cal, '2026-02-14')).toBe(true);
    expect(isWorkingDay(cal, '2026-02-28')).toBe(true);
    expect(isWorkingDay(cal, '2026-02-24')).toBe(true);
  });

  it('says which years it covers and counts an uncovered one as plain Monday to Friday', () => {
    expect(cal.version).toBe('chinese-days@1.5.7');
    expect(isCovered(cal, '2026-10-01')).toBe(true);
    expect(isCovered(cal, '2027-10-01')).toBe(false);
    expect(isCovered(cal, '2003-06-01')).toBe(false);
    expect(isWorkingDay(cal, '2027-10-01')).toBe(true); // a Friday: National Day 2027 is not published yet
    expect(isWorkingDay(cal, '2027-10-02')).toBe(false);
  });

  it('applies admin overrides and added years, and says so in its version', () => {
    const local = buildCalendar(calendarFile, { overrides: [{ date: '2025-10-09', work: false }, { date: '2025-10-12', work: true }], addedYears: [2027] });
    expect(isWorkingDay(local, '2025-10-09')).toBe(false);
    expect(isWorkingDay(local, '2025-10-12')).toBe(true);
    expect(isCovered(local, '2027-03-01')).toBe(true);
    expect(local.version).toBe('chinese-days@1.5.7+local');
    expect(buildCalendar(calendarFile, { overrides: [{ date: '2025-10-01', work: true }], version: 'v7' }).version).toBe('v7');
    expect(isWorkingDay(cal, '2025-10-09')).toBe(true); // the base calendar is untouched
  });

  it('refuses malformed dates', () => {
    expect(() => buildCalendar(calendarFile, { overrides: [{ date: '2025-13-45', work: true }] })).toThrow(RangeError);
    expect(() => isWorkingDay(cal, '2025/10/01')).toThrow(RangeError);
  });
});

describe('working hours', () => {
  it('parses periods and refuses nonsense', () => {
    expect(parseWorkingHours(['09:00-17:00']).periods).toEqual([[540, 1020]]);
    for (const bad of [['8:30-12:00'], ['12:00-08:00'], ['08:00-12:00', '11:00-14:00'], [], ['23:00-24:30'], ['08:61-09:00'], ['10:00-10:00']]) {
      expect(() => parseWorkingHours(bad)).toThrow(RangeError);
    }
  });
});

describe('Asia/Shanghai without the machine zone', () => {
  it('reads local dates and writes +08:00 whatever TZ says', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/New_York', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        expect(shanghaiDate(at('2025-09-30T16:30:00Z'))).toBe('2025-10-01');
        expect(toShanghaiIso(shanghaiInstant('2025-10-11', '17:30'))).toBe('2025-10-11T17:30:00+08:00');
        expect(iso(addWorkingDays(at('2025-09-30T17:45:00+08:00'), 3, cal))).toBe('2025-10-11T17:30:00+08:00');
      }
    } finally {
      process.env.TZ = saved;
    }
  });
});

describe('addWorkingDays: counting starts the day after receipt', () => {
  it('over National Day 2025: from Tuesday 09-30, at 09:00 or 17:45, 3 working days end on the worked Saturday 10-11', () => {
    for (const time of ['09:00', '17:45']) {
      const r = addWorkingDays(shanghaiInstant('2025-09-30', time), 3, cal);
      expect(iso(r)).toBe('2025-10-11T17:30:00+08:00');
      expect(r.provisional).toBe(false);
      expect(r.calendarVersion).toBe('chinese-days@1.5.7');
    }
  });

  it('over Spring Festival 2026: from Friday 02-13 at 17:45, 4 working days are 02-14, 02-24, 02-25, 02-26', () => {
    expect(iso(addWorkingDays(shanghaiInstant('2026-02-13', '17:45'), 4, cal))).toBe('2026-02-26T17:30:00+08:00');
    expect(iso(addWorkingDays(shanghaiInstant('2026-02-13', '17:45'), 1, cal))).toBe('2026-02-14T17:30:00+08:00');
  });

  it('a report on a holiday starts counting with the first working day after it', () => {
    expect(iso(addWorkingDays(shanghaiInstant('2025-10-03', '10:00'), 1, cal))).toBe('2025-10-09T17:30:00+08:00');
  });

  it('ends at the close of the organisation\'s own last period', () => {
    const hours = parseWorkingHours(['09:00-12:00', '14:00-18:00']);
    expect(iso(addWorkingDays(shanghaiInstant('2025-10-09', '10:00'), 1, cal, hours))).toBe('2025-10-10T18:00:00+08:00');
  });

  it('marks a due time in an uncovered year provisional, and one that only starts there too', () => {
    const r = addWorkingDays(shanghaiInstant('2026-12-30', '10:00'), 3, cal);
    expect(iso(r)).toBe('2027-01-04T17:30:00+08:00'); // 12-31, Friday 2027-01-01 counted as a plain weekday, Monday 01-04
    expect(r.provisional).toBe(true);
    expect(addWorkingDays(shanghaiInstant('2026-12-01', '10:00'), 3, cal).provisional).toBe(false);
    expect(addWorkingDays(shanghaiInstant('2003-12-29', '10:00'), 5, cal).provisional).toBe(true);
    const covered = buildCalendar(calendarFile, { addedYears: [2027] });
    expect(addWorkingDays(shanghaiInstant('2026-12-30', '10:00'), 3, covered).provisional).toBe(false);
  });

  it('refuses a count that is not a whole number of days', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Infinity, 10_000]) expect(() => addWorkingDays(shanghaiInstant('2025-10-09'), n, cal)).toThrow(RangeError);
  });
});

describe('addWorkingHours: only inside working periods of working days', () => {
  const from = (date: string, time: string, h: number) => iso(addWorkingHours(shanghaiInstant(date, time), h, cal));

  it('a start after hours waits for the next opening: Friday 17:45 before National Day → the worked Sunday 09-28', () => {
    expect(from('2025-09-26', '17:45', 2)).toBe('2025-09-28T10:30:00+08:00');
    expect(from('2025-09-30', '17:45', 1)).toBe('2025-10-09T09:30:00+08:00');
    expect(from('2026-02-13', '17:45', 1)).toBe('2026-02-14T09:30:00+08:00');
    expect(from('2025-10-09', '07:00', 1)).toBe('2025-10-09T09:30:00+08:00');
  });

  it('a due time on a period\'s end stays there; beyond it, the afternoon opening', () => {
    expect(from('2025-10-09', '11:00', 1)).toBe('2025-10-09T12:00:00+08:00');
    expect(from('2025-10-09', '11:00', 1.5)).toBe('2025-10-09T14:00:00+08:00');
    expect(from('2025-10-09', '12:00', 0.5)).toBe('2025-10-09T14:00:00+08:00');
    expect(from('2025-10-09', '12:45', 0.5)).toBe('2025-10-09T14:00:00+08:00');
    expect(from('2025-10-09', '17:00', 1)).toBe('2025-10-10T09:00:00+08:00');
    expect(from('2025-10-09', '08:30', 7.5)).toBe('2025-10-09T17:30:00+08:00');
  });

  it('adds nothing for zero minutes and refuses negative or non-finite amounts', () => {
    const t = shanghaiInstant('2025-10-04', '03:00');
    expect(addWorkingMinutes(t, 0, cal).at.getTime()).toBe(t.getTime());
    expect(() => addWorkingHours(t, 0, cal)).toThrow(RangeError);
    expect(() => addWorkingHours(t, Number.NaN, cal)).toThrow(RangeError);
    expect(() => addWorkingMinutes(t, -1, cal)).toThrow(RangeError);
    expect(() => addWorkingHours(new Date(Number.NaN), 1, cal)).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  it('counts working minutes only', () => {
    expect(workingMinutesBetween(shanghaiInstant('2025-09-30', '08:30'), shanghaiInstant('2025-10-09', '08:30'), cal)).toBe(450);
    expect(workingMinutesBetween(shanghaiInstant('2025-10-09', '11:00'), shanghaiInstant('2025-10-09', '14:00'), cal)).toBe(90);
    expect(workingMinutesBetween(shanghaiInstant('2025-10-09', '14:00'), shanghaiInstant('2025-10-09', '11:00'), cal)).toBe(0);
    expect(workingMinutesBetween(shanghaiInstant('2025-10-01'), shanghaiInstant('2025-10-08', '23:59'), cal)).toBe(0);
    // the worked Sunday and Saturday around National Day count as full days
    expect(workingMinutesBetween(shanghaiInstant('2025-09-27'), shanghaiInstant('2025-10-13'), cal)).toBe(6 * 450);
  });

  it('inverts addWorkingHours from any start (seeded loop over 2025-2026)', () => {
    const rng = createRandom('working-minutes');
    const rand = () => rng.next();
    const base = shanghaiInstant('2025-01-01').getTime();
    for (let i = 0; i < 300; i++) {
      const start = new Date(base + Math.floor(rand() * 700 * 1440) * 60_000);
      const minutes = 1 + Math.floor(rand() * 40 * 450);
      const end = addWorkingMinutes(start, minutes, cal).at;
      expect(workingMinutesBetween(start, end, cal)).toBeCloseTo(minutes, 6);
      expect(isWorkingDay(cal, shanghaiDate(end))).toBe(true);
    }
  });
});
