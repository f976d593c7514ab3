import { describe, expect, it } from 'vitest';
import { planEditCodes, planPlaces, planViewCodes } from './plan-places.ts';

const tree = [{
  id: 1, code: '110108', name: '海淀区', level: 'county', children: [
    { id: 2, code: '110108010', name: '学院路街道', level: 'town', children: [
      { id: 3, code: '110108010024', name: '静淑苑社区', level: 'community' },
      { id: 4, code: '110108010031', name: '富润社区', level: 'community' },
    ] },
    { id: 5, code: '110108011', name: '清河街道', level: 'town', children: [{ id: 6, code: '110108011001', name: '毛纺社区', level: 'community' }] },
  ],
}];
const grant = (role: string, code: string | null, level = 'town') => ({ role, scope: { jurisdiction: code ? { code, level } : null } });

describe('planPlaces', () => {
  it('offers only the places inside the plans.edit grant and starts on the user\'s own scope', () => {
    const { places, initial } = planPlaces(tree, [grant('planner', '110108010')]);
    expect(places.map((p) => p.id)).toEqual([2, 3, 4]);
    expect(initial).toBe(2);
  });

  it('starts a community manager on their community and ignores grants without plans.edit', () => {
    const { places, initial } = planPlaces(tree, [grant('community_manager', '110108010031', 'community'), grant('supervisor', '110108')]);
    expect(places.map((p) => p.id)).toEqual([4]);
    expect(initial).toBe(4);
  });

  it('offers a county grant every street office and community, starting on the first street office', () => {
    const { places, initial } = planPlaces(tree, [grant('admin', '110108', 'county')]);
    expect(places.map((p) => p.id)).toEqual([2, 3, 4, 5, 6]);
    expect(initial).toBe(2);
  });

  it('offers nothing to a user who may not edit plans', () => {
    expect(planPlaces(tree, [grant('commander', '110108')])).toEqual({ places: [], initial: null });
    expect(planEditCodes([grant('grid_leader', null)])).toEqual([]);
  });
});

describe('planViewCodes', () => {
  it('names the jurisdictions where plans may be read: none for grid-scoped grants or roles without plans.view', () => {
    expect(planViewCodes([grant('commander', '110108010')])).toEqual(['110108010']);
    expect(planViewCodes([grant('supervisor', '110108010019', 'community')])).toEqual(['110108010019']);
    expect(planViewCodes([grant('supervisor', null)])).toEqual([]);
    expect(planViewCodes([grant('grid_leader', null), grant('officer', '110108010031', 'community'), grant('viewer', '110108', 'county')])).toEqual([]);
  });
});
