import { describe, expect, it } from 'vitest';
import { actionLabelKey, auditQuery, dayStart, detailPairs, emptyFilters, filtersProblem, grantSummary, nextDay } from './audit.ts';

describe('audit filters', () => {
  it('asks for the first page of everything when nothing is filtered', () => {
    expect(auditQuery(emptyFilters(), 0)).toEqual({ limit: '50', offset: '0' });
    expect(auditQuery(emptyFilters(), 2, 20)).toEqual({ limit: '20', offset: '40' });
  });

  it('sends the filters trimmed, the user in lower case, and the date range as local days with an exclusive end', () => {
    const q = auditQuery({ user: ' Admin ', action: 'admin.*', entity: 'user', entityId: '12', from: '2026-05-01', to: '2026-05-31' }, 0);
    expect(q).toEqual({
      limit: '50', offset: '0', user: 'admin', action: 'admin.*', entity: 'user', entityId: '12',
      from: new Date(2026, 4, 1).toISOString(), to: new Date(2026, 5, 1).toISOString(),
    });
  });

  it('steps over month and year ends', () => {
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(dayStart('31/12/2026')).toBeUndefined();
  });

  it('names the filter the server would refuse', () => {
    expect(filtersProblem(emptyFilters())).toBeUndefined();
    expect(filtersProblem({ ...emptyFilters(), user: '张三' })).toBe('admin.audit.errors.user');
    expect(filtersProblem({ ...emptyFilters(), action: 'admin.*.x' })).toBe('admin.audit.errors.action');
    expect(filtersProblem({ ...emptyFilters(), entity: 'User 1' })).toBe('admin.audit.errors.entity');
    expect(filtersProblem({ ...emptyFilters(), entityId: '0' })).toBe('admin.audit.errors.entityId');
    expect(filtersProblem({ ...emptyFilters(), from: '2026-05-02', to: '2026-05-01' })).toBe('admin.audit.errors.range');
    expect(filtersProblem({ ...emptyFilters(), from: '2026-05-01', to: '2026-05-01' })).toBeUndefined();
  });
});

describe('audit entries', () => {
  it('labels known actions and prefixes, and leaves new ones raw', () => {
    expect(actionLabelKey('admin.user.create')).toBe('admin.audit.actions.admin_user_create');
    expect(actionLabelKey('admin.*')).toBe('admin.audit.actions.admin_all');
    expect(actionLabelKey('plan.publish')).toBe('admin.audit.actions.plan_publish');
    expect(actionLabelKey('incident.close')).toBeNull();
  });

  it('shows scalar details, keeps booleans for yes/no, and leaves empty and nested ones out', () => {
    expect(detailPairs({ name: 'gps', prefix: 'Ab12Cd34', sessionsEnded: 2, grants: [{ role: 'x' }], active: false, q: null }))
      .toEqual([['name', 'gps'], ['prefix', 'Ab12Cd34'], ['sessionsEnded', '2'], ['active', false]]);
    expect(detailPairs(null)).toEqual([]);
  });

  it('summarises recorded grants with jurisdiction names when known', () => {
    const names = new Map([[7, '富润社区']]);
    expect(grantSummary({ grants: [{ role: 'grid_leader', gridCodes: ['11010801003101'] }, { role: 'officer', jurisdictionId: 7 }, { role: 'viewer', jurisdictionId: 9 }] }, (id) => names.get(id)))
      .toEqual([{ role: 'grid_leader', scope: '11010801003101' }, { role: 'officer', scope: '富润社区' }, { role: 'viewer', scope: '#9' }]);
    expect(grantSummary({ before: [], after: [{ role: 'admin', jurisdictionId: 7 }] })).toEqual([{ role: 'admin', scope: '#7' }]);
    expect(grantSummary({ sessionsEnded: 1 })).toEqual([]);
  });
});
