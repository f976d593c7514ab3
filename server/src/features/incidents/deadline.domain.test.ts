import { describe, expect, it } from 'vitest';
import calendarFile from '../../../../data/calendar/cn-workdays.json' with { type: 'json' };
import { buildCalendar, shanghaiInstant as t, toShanghaiIso } from './calendar.domain.ts';
import { dueDate, elapsedWorkingMinutes, isOverdue, mergePauses } from './deadline.domain.ts';

const cal = buildCalendar(calendarFile);
const due = (d: { due: Date | null }) => (d.due ? toShanghaiIso(d.due) : null);
const FRIDAY = t('2025-09-26', '10:00'); // 3 working days: Sunday 09-28 (调休), 09-29, 09-30

describe('dueDate', () => {
  it('counts the limit in working days, working hours or plain hours', () => {
    expect(due(dueDate(FRIDAY, { amount: 3, unit: 'working_days' }, cal))).toBe('2025-09-30T17:30:00+08:00');
    expect(due(dueDate(FRIDAY, { amount: 4, unit: 'working_hours' }, cal))).toBe('2025-09-26T15:30:00+08:00');
    expect(due(dueDate(t('2025-09-30', '23:00'), { amount: 2, unit: 'hours' }, cal))).toBe('2025-10-01T01:00:00+08:00');
  });

  it('moves the due time by the working time a deferral paused the clock', () => {
    // a whole working day (450 min) paused on 09-29 → the due moves past National Day to the close of 10-09
    const d = dueDate(FRIDAY, { amount: 3, unit: 'working_days' }, cal, { pauses: [{ from: t('2025-09-29', '08:30'), to: t('2025-09-29', '17:30') }] });
    expect(due(d)).toBe('2025-10-09T17:30:00+08:00');
    // paused over a holiday only: no working time lost, no move
    const h = dueDate(t('2025-09-30', '16:30'), { amount: 2, unit: 'working_hours' }, cal, { pauses: [{ from: t('2025-10-01'), to: t('2025-10-08', '20:00') }] });
    expect(due(h)).toBe('2025-10-09T09:30:00+08:00');
    // plain hours move by plain time
    const e = dueDate(t('2025-10-01', '10:00'), { amount: 2, unit: 'hours' }, cal, { pauses: [{ from: t('2025-10-01', '10:30'), to: t('2025-10-01', '11:00') }] });
    expect(due(e)).toBe('2025-10-01T12:30:00+08:00');
  });

  it('leaves no due time while paused, only what was left; a pause after the due time rescues nothing', () => {
    const open = dueDate(FRIDAY, { amount: 4, unit: 'working_hours' }, cal, { pauses: [{ from: t('2025-09-26', '14:30'), to: null }] });
    expect(open.due).toBeNull();
    expect(open.leftWhenPaused).toBe(60);
    const late = dueDate(FRIDAY, { amount: 4, unit: 'working_hours' }, cal, { pauses: [{ from: t('2025-09-26', '16:00'), to: t('2025-09-28', '12:00') }] });
    expect(due(late)).toBe('2025-09-26T15:30:00+08:00');
    expect(isOverdue(late, t('2025-09-26', '15:31'))).toBe(true);
    expect(isOverdue(late, t('2025-09-26', '15:30'))).toBe(false);
    expect(isOverdue(open, t('2026-01-01'))).toBe(false);
  });

  it('counts overlapping pauses once and pauses before the start not at all', () => {
    const pauses = [
      { from: t('2025-09-29', '08:30'), to: t('2025-09-29', '12:00') },
      { from: t('2025-09-29', '10:00'), to: t('2025-09-29', '17:30') },
      { from: t('2025-09-20'), to: t('2025-09-26', '10:00') },
    ];
    expect(mergePauses(pauses, FRIDAY)).toHaveLength(1);
    expect(due(dueDate(FRIDAY, { amount: 3, unit: 'working_days' }, cal, { pauses }))).toBe('2025-10-09T17:30:00+08:00');
  });

  it('adds approved extensions from the current due date, the due day itself not counted', () => {
    const d = dueDate(FRIDAY, { amount: 3, unit: 'working_days' }, cal, { extensions: [{ amount: 5, unit: 'working_days' }] });
    expect(due(d)).toBe('2025-10-14T17:30:00+08:00'); // 10-09, 10-10, Saturday 10-11 (调休), 10-13, 10-14
  });

  it('is provisional when an extension or a pause carries it into an uncovered year', () => {
    const start = t('2026-12-21', '10:00');
    expect(dueDate(start, { amount: 5, unit: 'working_days' }, cal).provisional).toBe(false);
    expect(dueDate(start, { amount: 5, unit: 'working_days' }, cal, { extensions: [{ amount: 10, unit: 'working_days' }] }).provisional).toBe(true);
    const paused = dueDate(start, { amount: 5, unit: 'working_days' }, cal, { pauses: [{ from: t('2026-12-22'), to: t('2027-01-20') }] });
    expect(paused.provisional).toBe(true);
    expect(paused.calendarVersion).toBe('chinese-days@1.5.7');
    expect(dueDate(t('2027-03-01'), { amount: 2, unit: 'hours' }, cal).provisional).toBe(false);
  });
});

describe('elapsedWorkingMinutes (平均处置时长)', () => {
  it('counts working time the clock ran, pauses left out', () => {
    const end = t('2025-10-09', '10:30');
    // Friday 10:00-17:30 (360) + Sunday 09-28, 09-29, 09-30 (3 × 450) + 10-09 08:30-10:30 (120)
    expect(elapsedWorkingMinutes(FRIDAY, end, cal)).toBe(1830);
    const pauses = [{ from: t('2025-09-29', '08:30'), to: t('2025-09-29', '17:30') }, { from: t('2025-10-09', '09:30'), to: null }];
    expect(elapsedWorkingMinutes(FRIDAY, end, cal, { pauses })).toBe(1830 - 450 - 60);
    expect(elapsedWorkingMinutes(FRIDAY, end, cal, { pauses: [{ from: t('2025-10-10'), to: null }] })).toBe(1830);
  });
});
