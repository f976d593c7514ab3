import { describe, expect, it } from 'vitest';
import calendarFile from '../../../../data/calendar/cn-workdays.json' with { type: 'json' };
import categoriesFile from '../../../../data/incidents/categories.json' with { type: 'json' };
import policiesFile from '../../../../data/incidents/policies.json' with { type: 'json' };
import { buildCalendar, shanghaiInstant as t, toShanghaiIso } from './calendar.domain.ts';
import { dueDate } from './deadline.domain.ts';
import { RESPONSIBLE_UNIT_NAMES } from './incidents.vocabulary.ts';
import { categoriesSchema, findCategory, handlingLimit, parseCategories, parsePolicies, policiesSchema } from './policies.domain.ts';

const categories = parseCategories(categoriesFile);
const policies = parsePolicies(policiesFile);
const cal = buildCalendar(calendarFile);

describe('the default categories (data/incidents/categories.json)', () => {
  it('has the six national event classes with 2-digit codes, and the grid ledger domains', () => {
    const events = categories.classes.filter((c) => c.group === 'event').map((c) => [c.code, c.zh]);
    expect(events).toEqual([['01', '市容环境'], ['02', '宣传广告'], ['03', '施工管理'], ['04', '突发事件'], ['05', '街面秩序'], ['06', '其他事件']]);
    const grid = categories.classes.filter((c) => c.group === 'grid').map((c) => c.zh);
    expect(grid).toEqual(expect.arrayContaining(['综治维稳', '社会事务', '城市管理']));
  });

  it('has well-formed, unique codes, every minor class under its class, and minors in every class', () => {
    const codes = categories.classes.flatMap((c) => [c.code, ...c.minors.map((m) => m.code)]);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of categories.classes) {
      expect(c.code).toMatch(/^\d{2}$/);
      expect(c.minors.length).toBeGreaterThanOrEqual(2);
      for (const m of c.minors) {
        expect(m.code).toMatch(new RegExp(`^${c.code}\\d{2}$`));
        expect(m.filing.zh && m.filing.en && m.closing.zh && m.closing.en).toBeTruthy();
        expect(RESPONSIBLE_UNIT_NAMES[m.unit]).toBeDefined();
      }
    }
  });

  it('carries the limits of the reference examples (暴露垃圾 4 working hours, 道路不洁 5, 私搭乱建 15 working days)', () => {
    expect(findCategory(categories, '0102')).toMatchObject({ zh: '暴露垃圾', limit: { amount: 4, unit: 'working_hours' }, unit: 'sanitation' });
    expect(findCategory(categories, '0104')?.limit).toEqual({ amount: 5, unit: 'working_hours' });
    expect(findCategory(categories, '0101')?.limit).toEqual({ amount: 15, unit: 'working_days' });
    expect(findCategory(categories, '0403')?.limit).toEqual({ amount: 1, unit: 'hours' }); // gas leak: around the clock
    expect(findCategory(categories, '9999')).toBeUndefined();
  });

  it('the schema refuses duplicate codes, a minor under the wrong class, a class without minors, bad codes and limits', () => {
    const base = structuredClone(categoriesFile) as { classes: { code: string; minors: { code: string; limit: unknown; unit: string }[] }[] };
    const broken = (edit: (c: typeof base) => void) => {
      const copy = structuredClone(base);
      edit(copy);
      return categoriesSchema.safeParse(copy).success;
    };
    expect(broken(() => {})).toBe(true);
    expect(broken((c) => { c.classes[1]!.minors[0]!.code = '0101'; })).toBe(false);
    expect(broken((c) => { c.classes[1]!.code = '01'; })).toBe(false);
    expect(broken((c) => { c.classes[0]!.minors[0]!.code = '0201'; })).toBe(false);
    expect(broken((c) => { c.classes[0]!.minors = []; })).toBe(false);
    expect(broken((c) => { c.classes[0]!.code = '1'; })).toBe(false);
    expect(broken((c) => { c.classes[0]!.minors[0]!.code = '01011'; })).toBe(false);
    expect(broken((c) => { c.classes[0]!.minors[0]!.limit = { amount: 1.5, unit: 'working_days' }; })).toBe(false);
    expect(broken((c) => { c.classes[0]!.minors[0]!.limit = { amount: 0, unit: 'hours' }; })).toBe(false);
    expect(broken((c) => { c.classes[0]!.minors[0]!.unit = 'police'; })).toBe(false);
  });
});

describe('the default policies (data/incidents/policies.json)', () => {
  it('are the regulations\' limits: community 3, street office 5, forwarding within 2 working days', () => {
    expect(policies.limits.community).toEqual({ amount: 3, unit: 'working_days' });
    expect(policies.limits.street).toEqual({ amount: 5, unit: 'working_days' });
    expect(policies.forwardWithin).toEqual({ amount: 2, unit: 'working_days' });
    expect(policies.hours.periods).toEqual([[510, 720], [810, 1050]]);
  });

  it('refuse working hours that make no sense', () => {
    expect(policiesSchema.safeParse({ ...policiesFile, workingHours: ['13:30-17:30', '08:30-12:00'] }).success).toBe(false);
    expect(policiesSchema.safeParse({ ...policiesFile, limits: { ...policiesFile.limits, street: { amount: -5, unit: 'working_days' } } }).success).toBe(false);
  });

  it('a category\'s own limit overrides the level\'s default; one without follows it', () => {
    expect(handlingLimit(policies, 'community', findCategory(categories, '0102'))).toEqual({ amount: 4, unit: 'working_hours' });
    expect(findCategory(categories, '1202')?.limit).toBeNull();
    expect(handlingLimit(policies, 'community', findCategory(categories, '1202'))).toEqual({ amount: 3, unit: 'working_days' });
    expect(handlingLimit(policies, 'street', findCategory(categories, '1202'))).toEqual({ amount: 5, unit: 'working_days' });
    expect(handlingLimit(policies, 'county')).toEqual({ amount: 5, unit: 'working_days' });
  });

  it('give real due times on the calendar: community, category hours, and forwarding beyond the town', () => {
    const due = (start: Date, limit: Parameters<typeof dueDate>[1]) => toShanghaiIso(dueDate(start, limit, cal, { hours: policies.hours }).due!);
    expect(due(t('2025-09-30', '15:00'), handlingLimit(policies, 'community', findCategory(categories, '1202')))).toBe('2025-10-11T17:30:00+08:00');
    expect(due(t('2025-09-30', '16:00'), handlingLimit(policies, 'community', findCategory(categories, '0102')))).toBe('2025-10-09T11:00:00+08:00');
    // a case reaching the street office on Friday 09-26 must be forwarded by the close of 09-29 (Sunday 09-28 is worked)
    expect(due(t('2025-09-26', '14:00'), policies.forwardWithin)).toBe('2025-09-29T17:30:00+08:00');
  });
});
