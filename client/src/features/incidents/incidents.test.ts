import { describe, expect, it } from 'vitest';
import { actionForm, categoryChoices, dueText, emptyFilters, incidentPoints, isOneClick, sortActions, statusTone, toQuery, TONE_COLOURS } from './incidents.ts';

describe('actions', () => {
  it('asks for a reason exactly where the workflow requires one, and for the fields each action carries', () => {
    expect(actionForm('escalate')).toMatchObject({ note: 'required', assignee: false });
    expect(actionForm('void')).toMatchObject({ note: 'required', grave: true });
    expect(actionForm('dispatch')).toMatchObject({ note: 'optional', assignee: true });
    expect(actionForm('request_extension')).toMatchObject({ note: 'required', extra: true });
    expect(actionForm('evaluate')).toMatchObject({ rating: true });
    expect(isOneClick('accept')).toBe(true);
    expect(isOneClick('start')).toBe(true);
    expect(isOneClick('verify')).toBe(false);
    expect(isOneClick('dispatch')).toBe(false);
  });

  it('orders the way forward first and the grave side paths last, dropping what is not allowed', () => {
    expect(sortActions(['void', 'escalate', 'self_handle', 'nonsense'])).toEqual(['self_handle', 'escalate', 'void']);
    expect(sortActions(['send_back', 'dispatch', 'shelve'])).toEqual(['dispatch', 'send_back', 'shelve']);
  });
});

describe('deadlines in words', () => {
  const now = new Date('2026-12-07T02:00:00Z');
  it('says what is left or how late, in the largest whole unit', () => {
    expect(dueText('2026-12-09T03:00:00Z', false, false, now)).toEqual({ key: 'incidents.due.left.days', params: { n: 2 } });
    expect(dueText('2026-12-07T05:30:00Z', false, false, now)).toEqual({ key: 'incidents.due.left.hours', params: { n: 3 } });
    expect(dueText('2026-12-07T02:10:00Z', false, false, now)).toEqual({ key: 'incidents.due.left.minutes', params: { n: 10 } });
    expect(dueText('2026-12-06T01:00:00Z', true, false, now)).toEqual({ key: 'incidents.due.over.days', params: { n: 1 } });
  });
  it('says nothing for a closed case or one without a due time (paused)', () => {
    expect(dueText('2026-12-09T03:00:00Z', false, true, now)).toBeNull();
    expect(dueText(null, false, false, now)).toBeNull();
  });
});

describe('the list query', () => {
  it('leaves empty filters out and makes the end date inclusive', () => {
    expect(toQuery(emptyFilters(), { limit: 50, offset: 0 })).toEqual({ sort: 'reported_desc', limit: '50', offset: '0' });
    const q = toQuery({ ...emptyFilters(), status: ['reported', 'accepted'], category: '01', overdue: true, from: '2026-12-01', to: '2026-12-31', q: ' 垃圾 ' }, { limit: 20, offset: 40 });
    expect(q).toEqual({ sort: 'reported_desc', limit: '20', offset: '40', status: 'reported,accepted', category: '01', overdue: 'true', from: '2026-12-01', to: '2027-01-01', q: '垃圾' });
  });
});

describe('categories and points', () => {
  it('offers minor classes under their class, in the chosen language', () => {
    const rows = [
      { code: '01', parentCode: null, name: '市容环境', nameEn: 'City appearance', kind: 'event' },
      { code: '0102', parentCode: '01', name: '暴露垃圾', nameEn: 'Exposed rubbish', kind: 'event' },
    ];
    expect(categoryChoices(rows, 'zh-CN')).toEqual([{ value: '0102', label: '暴露垃圾', hint: '市容环境 · 0102' }]);
    expect(categoryChoices(rows, 'en')[0]!.label).toBe('Exposed rubbish');
  });
  it('colours points by status and marks the chosen one', () => {
    const fc = incidentPoints([{ id: 1, lon: 116.3, lat: 40, status: 'handling', overdue: true }, { id: 2, lon: 116.31, lat: 40, status: 'closed', overdue: false }], 2);
    expect(fc.features.map((f) => f.properties)).toEqual([
      { id: 1, colour: TONE_COLOURS.working, overdue: true, selected: false },
      { id: 2, colour: TONE_COLOURS.done, overdue: false, selected: true },
    ]);
    expect(statusTone('nonsense')).toBe('off');
  });
});
