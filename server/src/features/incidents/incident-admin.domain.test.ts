import { describe, expect, it } from 'vitest';
import { fieldsNotForClass, fileDays, isCalendarDate, localCalendarVersion, newCategoryCodeProblem, yearDays } from './incident-admin.domain.ts';

describe('new category codes', () => {
  it('takes local classes from 20 and minor classes numbered 01–99 under their class', () => {
    expect(newCategoryCodeProblem('20')).toBeNull();
    expect(newCategoryCodeProblem('99')).toBeNull();
    expect(newCategoryCodeProblem('19')).toMatch(/local class/);
    expect(newCategoryCodeProblem('01')).toMatch(/local class/);
    expect(newCategoryCodeProblem('0110')).toBeNull();
    expect(newCategoryCodeProblem('0100')).toMatch(/01–99/);
    expect(newCategoryCodeProblem('2101', '20')).toMatch(/starts with 20/);
    expect(newCategoryCodeProblem('2001', '20')).toBeNull();
    for (const bad of ['1', '011', '01101', 'ab', '']) expect(newCategoryCodeProblem(bad)).toMatch(/2 digits/);
  });

  it('names the fields a class does not carry', () => {
    expect(fieldsNotForClass({ nameZh: 'x', limit: null, responsible: 'water' })).toEqual(['limit', 'responsible']);
    expect(fieldsNotForClass({ nameZh: 'x', active: false, limit: undefined })).toEqual([]);
  });
});

describe('calendar dates', () => {
  it('takes real dates within the table’s years only', () => {
    expect(isCalendarDate('2026-12-07')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-1', '1948-12-31', '2201-01-01', '2026-12-07T00:00', '']) expect(isCalendarDate(bad), bad).toBe(false);
  });

  it('lists a year’s rows in date order, a local day with the file’s word on its date', () => {
    const file = fileDays({ holidays: [{ date: '2026-10-01', zh: '国庆节', en: 'National Day' }], workdays: [{ date: '2026-09-27', zh: '国庆节', en: 'National Day' }] });
    const days = yearDays([
      { date: '2026-10-01', kind: 'workday', nameZh: '值守', nameEn: '', source: 'admin' },
      { date: '2026-09-27', kind: 'workday', nameZh: '国庆节', nameEn: 'National Day', source: 'chinese-days' },
      { date: '2027-01-01', kind: 'holiday', nameZh: '元旦', nameEn: '', source: 'admin' },
    ], file, 2026);
    expect(days.map((d) => [d.date, d.file?.kind ?? null])).toEqual([['2026-09-27', null], ['2026-10-01', 'holiday']]);
  });

  it('gives each set of local rows its own version, whatever their order', () => {
    expect(localCalendarVersion('chinese-days@1.5.7', [])).toBe('chinese-days@1.5.7');
    const a = localCalendarVersion('chinese-days@1.5.7', ['2026-12-07:holiday', '2027']);
    expect(a).toMatch(/^chinese-days@1\.5\.7\+local\.[0-9a-f]{8}$/);
    expect(localCalendarVersion('chinese-days@1.5.7', ['2027', '2026-12-07:holiday'])).toBe(a);
    expect(localCalendarVersion('chinese-days@1.5.7', ['2026-12-07:workday', '2027'])).not.toBe(a);
  });
});
