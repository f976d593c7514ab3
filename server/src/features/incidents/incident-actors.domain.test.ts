import { describe, expect, it } from 'vitest';
import { actorsFor, allowedFor, type ActorGrant, type IncidentPlace } from './incident-actors.domain.ts';
import { openIncident } from './workflow.domain.ts';

const place: IncidentPlace = { gridCode: '110108010031002', communityCode: '110108010031', townCode: '110108010', countyCode: '110108' };
const grant = (role: ActorGrant['role'], code: string | null, level = 'community', gridCodes: string[] | null = null): ActorGrant =>
  ({ role, jurisdiction: code ? { code, level } : null, gridCodes });
const user = (grants: ActorGrant[], departmentIds: number[] = []) => ({ id: 7, grants, departmentIds });
const roles = (u: ReturnType<typeof user>, i = openIncident('99', 'grid')) => actorsFor(u, place, i).map((a) => a.role);

describe('who a user is on a case', () => {
  it('makes a grid leader of the grid, or of its community, a grid worker there, and nobody elsewhere', () => {
    expect(roles(user([grant('grid_leader', null, '', ['110108010031002'])]))).toEqual(['grid_worker']);
    expect(roles(user([grant('grid_assistant', '110108010031')]))).toEqual(['grid_worker']);
    expect(roles(user([grant('grid_leader', null, '', ['110108010031001'])]))).toEqual([]);
  });

  it('gives community managers the community, commanders the street office (and the county from a county grant)', () => {
    expect(roles(user([grant('community_manager', '110108010031')]))).toEqual(['community']);
    expect(roles(user([grant('community_manager', '110108010032')]))).toEqual([]);
    expect(roles(user([grant('commander', '110108010', 'town')]))).toEqual(['street_center']);
    expect(roles(user([grant('commander', '110108', 'county')]))).toEqual(['street_center', 'county_center']);
    expect(roles(user([grant('admin', '110108', 'county')]))).toEqual(['grid_worker', 'community', 'street_center', 'county_center']);
    // officers and supervisors report and read, but hold no level
    expect(roles(user([grant('officer', '110108010031'), grant('supervisor', '110108010031')]))).toEqual([]);
  });

  it('makes department staff the handler only of cases dispatched to their department', () => {
    const dispatched = { ...openIncident('99', 'community'), assignee: { kind: 'department' as const, unitId: '5' } };
    expect(roles(user([], [5]), dispatched)).toEqual(['department']);
    expect(roles(user([], [6]), dispatched)).toEqual([]);
    expect(actorsFor(user([], [5]), place, dispatched)[0]).toEqual({ id: '7', role: 'department', unitId: '5' });
  });

  it('knows a reporter with no other role, and lets a community handle what is dispatched to it', () => {
    expect(roles(user([]), openIncident('7', 'community'))).toEqual(['reporter']);
    const toCommunity = { ...openIncident('99', 'street'), assignee: { kind: 'community' as const, unitId: '110108010031' } };
    expect(actorsFor(user([grant('community_manager', '110108010031')]), place, toCommunity)[0]).toEqual({ id: '7', role: 'community', unitId: '110108010031' });
  });

  it('unions what each of a user\'s roles may do', () => {
    const i = openIncident('7', 'grid');
    const leader = actorsFor(user([grant('grid_leader', null, '', [place.gridCode!])]), place, i);
    expect(allowedFor(i, leader)).toEqual(expect.arrayContaining(['escalate', 'self_handle', 'void']));
    expect(allowedFor(i, [])).toEqual([]);
  });
});
