import { describe, expect, it } from 'vitest';
import { allows, grantsFor, permissionsOf, ROLES, ROLE_PERMISSIONS } from './permissions.domain.ts';

describe('permissions', () => {
  it('gives every role map.view and only admins users.manage, audit.read and incidents.manage', () => {
    for (const role of ROLES) expect(ROLE_PERMISSIONS[role]).toContain('map.view');
    expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('users.manage'))).toEqual(['admin']);
    expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('audit.read'))).toEqual(['admin']);
    expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('incidents.manage'))).toEqual(['admin']);
  });
  it('unions the permissions of several grants', () => {
    expect(permissionsOf([{ role: 'viewer' }, { role: 'planner' }])).toEqual(['map.view', 'plans.view', 'plans.edit', 'plans.review', 'data.import']);
  });
  it('keeps only the grants that carry a permission', () => {
    const grants = [{ role: 'viewer' as const, id: 1 }, { role: 'grid_leader' as const, id: 2 }];
    expect(grantsFor(grants, 'residents.write').map((g) => g.id)).toEqual([2]);
  });
  it('lets anonymous callers through public routes only', () => {
    expect(allows('public', null)).toBe(true);
    expect(allows('authenticated', null)).toBe(false);
    expect(allows('authenticated', { grants: [] })).toBe(true);
    expect(allows('residents.read', { grants: [{ role: 'viewer' }] })).toBe(false);
    expect(allows('residents.read', { grants: [{ role: 'officer' }] })).toBe(true);
  });
});
