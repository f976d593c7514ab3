import { describe, expect, it } from 'vitest';
import type { CoverageDay, GapGrid, Gaps } from '../../api/coverage.ts';
import {
  beijingDay, codeFilter, coordsBbox, dayWindow, defaultPlace, gridRows, lineCoords, communities, daysAgo, gridState, gridStates, inCommunity, isDay, percent, shiftDay, STATE_COLORS, stateColorExpression,
  staffingWord, understaffed, workerInCommunity,
} from './coverage.ts';

const gap = (code: string, over: Partial<GapGrid> = {}): GapGrid => ({
  gridCode: code, gridName: `网格${code.slice(-3)}`, communityCode: code.slice(0, 12), communityName: `社区${code.slice(9, 12)}`,
  lastPatrolledAt: '2025-03-01T02:00:00Z', daysSince: 2, leaders: [{ userId: 1, name: '王磊' }], assistants: [{ userId: 2, name: '李娜' }], staffing: 'ok', ...over,
});
const gaps = (grids: GapGrid[], days = 7): Gaps => ({ asOf: '2025-03-03T04:00:00Z', days, grids, buildings: { total: 0, items: [] }, streets: { total: 0, items: [] }, workers: [], plan: { gaps: [], overlaps: [] } });
const day = (grids: { code: string; patrolled: boolean }[]): CoverageDay => ({
  date: '2025-03-03', jurisdiction: { code: '110108010', name: '学院路街道' }, computedAt: '2025-03-03T04:00:00Z',
  grids: grids.map((g) => ({
    gridCode: g.code, gridName: '', communityCode: g.code.slice(0, 12), communityName: `社区${g.code.slice(9, 12)}`, patrolled: g.patrolled, workers: [],
    minutesInside: 0, distanceM: 0, buildingsPassed: 0, buildingsTotal: 0, buildingShare: 0, streetWalkedM: 0, streetTotalM: 0, streetShare: 0,
  })),
});

describe('days in Beijing time', () => {
  it('counts the day from 00:00 +08:00, not UTC', () => {
    expect(beijingDay(new Date('2025-03-02T15:59:59Z'))).toBe('2025-03-02');
    expect(beijingDay(new Date('2025-03-02T16:00:00Z'))).toBe('2025-03-03');
  });
  it('shifts days across month and year ends', () => {
    expect(shiftDay('2025-03-01', 1)).toBe('2025-02-28');
    expect(shiftDay('2024-03-01', 1)).toBe('2024-02-29');
    expect(shiftDay('2025-01-01', 1)).toBe('2024-12-31');
    expect(shiftDay('2024-12-31', -1)).toBe('2025-01-01');
  });
  it('asks for the window of days ending with the chosen one, in Beijing time', () => {
    expect(dayWindow('2025-03-03', 7)).toEqual({ from: '2025-02-25T00:00:00+08:00', to: '2025-03-04T00:00:00+08:00' });
    expect(dayWindow('2025-03-03', 1)).toEqual({ from: '2025-03-03T00:00:00+08:00', to: '2025-03-04T00:00:00+08:00' });
  });
  it('accepts real days only', () => {
    expect(isDay('2025-02-28')).toBe(true);
    expect(isDay('2025-02-30')).toBe(false);
    expect(isDay('2025-2-3')).toBe(false);
    expect(isDay('')).toBe(false);
  });
});

describe('a grid’s state', () => {
  it('is the chosen day’s when patrolled that day, whatever the gaps say', () => {
    expect(gridState({ patrolled: true }, gap('110108010031001', { lastPatrolledAt: null, daysSince: null }), 7)).toBe('day');
  });
  it('is recent within the window, stale beyond it, never without a patrol', () => {
    expect(gridState({ patrolled: false }, gap('x', { daysSince: 6 }), 7)).toBe('recent');
    expect(gridState({ patrolled: false }, gap('x', { daysSince: 7 }), 7)).toBe('stale');
    expect(gridState(undefined, gap('x', { daysSince: 2 }), 3)).toBe('recent');
    expect(gridState(undefined, gap('x', { lastPatrolledAt: null, daysSince: null }), 7)).toBe('never');
  });
  it('merges the day’s figures and the gaps by grid code', () => {
    const states = gridStates(day([{ code: 'A', patrolled: true }, { code: 'B', patrolled: false }]), gaps([gap('B', { daysSince: 9 }), gap('C', { lastPatrolledAt: null, daysSince: null })]));
    expect(Object.fromEntries(states)).toEqual({ A: 'day', B: 'stale', C: 'never' });
  });
});

describe('map expressions', () => {
  it('colours each grid by its state, one label list per state, transparent elsewhere', () => {
    const e = stateColorExpression(new Map([['A', 'day'], ['B', 'never'], ['C', 'day']]));
    expect(e).toEqual(['match', ['to-string', ['get', 'code']], ['A', 'C'], STATE_COLORS.day, ['B'], STATE_COLORS.never, 'rgba(0,0,0,0)']);
  });
  it('is a plain colour with no grid (a match needs labels)', () => {
    expect(stateColorExpression(new Map())).toBe('rgba(0,0,0,0)');
  });
  it('filters by a code list, or matches nothing for none', () => {
    expect(codeFilter(['A'])).toEqual(['in', ['to-string', ['get', 'code']], ['literal', ['A']]]);
    expect(codeFilter([])).toEqual(['boolean', false]);
  });
  it('marks the grids short of staff', () => {
    expect(understaffed(gaps([gap('A'), gap('B', { staffing: 'no_leader' }), gap('C', { staffing: 'nobody' })]))).toEqual(['B', 'C']);
    expect(understaffed(null)).toEqual([]);
  });
});

describe('the community filter', () => {
  it('lists each community once, in code order', () => {
    const list = communities(gaps([gap('110108010031002'), gap('110108010019001')]), day([{ code: '110108010031001', patrolled: true }]));
    expect(list.map((c) => c.code)).toEqual(['110108010019', '110108010031']);
  });
  it('keeps rows of the community by grid code; empty keeps all', () => {
    expect(inCommunity('110108010031002', '110108010031')).toBe(true);
    expect(inCommunity('110108010019002', '110108010031')).toBe(false);
    expect(inCommunity(null, '110108010031')).toBe(false);
    expect(inCommunity(null, '')).toBe(true);
    expect(workerInCommunity(['110108010019001', '110108010031004'], '110108010031')).toBe(true);
    expect(workerInCommunity([], '110108010031')).toBe(false);
  });
});

describe('figures', () => {
  it('rounds shares to whole percentages within 0–100', () => {
    expect(percent(0.456)).toBe(46);
    expect(percent(1.2)).toBe(100);
    expect(percent(null)).toBeNull();
    expect(percent(Number.NaN)).toBeNull();
  });
  it('counts whole days ago', () => {
    const now = new Date('2025-03-03T04:00:00Z');
    expect(daysAgo('2025-03-03T01:00:00Z', now)).toBe(0);
    expect(daysAgo('2025-02-28T03:00:00Z', now)).toBe(3);
    expect(daysAgo(null, now)).toBeNull();
  });
  it('names what a grid lacks', () => {
    expect(staffingWord('no_assistant')).toBe('noAssistant');
    expect(staffingWord('ok')).toBe('ok');
  });
});

describe('the grids list', () => {
  const d = day([{ code: '110108010031001', patrolled: true }, { code: '110108010031002', patrolled: false }, { code: '110108010019001', patrolled: false }]);
  const g = gaps([
    gap('110108010031001', { daysSince: 0 }), gap('110108010031002', { daysSince: 3 }),
    gap('110108010019001', { lastPatrolledAt: null, daysSince: null }), gap('110108010019002', { daysSince: 12 }),
  ]);
  it('lists the grids not walked on the day, never walked first, then the longest since', () => {
    expect(gridRows(d, g, '', 'day').map((r) => [r.code, r.state])).toEqual([
      ['110108010019001', 'never'], ['110108010019002', 'stale'], ['110108010031002', 'recent'],
    ]);
  });
  it('leaves out the grids walked within the window when asked for the window', () => {
    expect(gridRows(d, g, '', 'window').map((r) => r.code)).toEqual(['110108010019001', '110108010019002']);
  });
  it('keeps the community chosen', () => {
    expect(gridRows(d, g, '110108010031', 'day').map((r) => r.code)).toEqual(['110108010031002']);
  });
});

describe('framing a place', () => {
  it('boxes positions with some room, a single point too', () => {
    const [w, s, e, n] = coordsBbox([[116.3, 39.99]])!;
    expect(w).toBeLessThan(116.3);
    expect(e).toBeGreaterThan(116.3);
    expect(s).toBeLessThan(39.99);
    expect(n).toBeGreaterThan(39.99);
    expect(coordsBbox([])).toBeNull();
    expect(coordsBbox([[Number.NaN, 1]])).toBeNull();
  });
  it('reads the positions of lines and multilines', () => {
    expect(lineCoords({ type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[5, 6]]] })).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(lineCoords(null)).toEqual([]);
  });
});

describe('the place the view opens on', () => {
  const grids = (role: string, codes: string[]) => ({ role, scope: { jurisdiction: null, gridCodes: codes } });
  const place = (role: string, code: string) => ({ role, scope: { jurisdiction: { code }, gridCodes: null } });
  it('is the community of a supervisor’s grids, or the street office holding grids of two communities', () => {
    expect(defaultPlace([grids('supervisor', ['110108010019001', '110108010019002'])])).toBe('110108010019');
    expect(defaultPlace([grids('supervisor', ['110108010019001', '110108010031002'])])).toBe('110108010');
  });
  it('is the granted place itself, and the county holding two street offices', () => {
    expect(defaultPlace([place('commander', '110108010')])).toBe('110108010');
    expect(defaultPlace([place('commander', '110108010'), place('community_manager', '110108015003')])).toBe('110108');
  });
  it('leaves out roles that do not see patrols, and is empty without any', () => {
    expect(defaultPlace([place('planner', '110108'), grids('supervisor', ['110108010019001'])])).toBe('110108010019');
    expect(defaultPlace([grids('grid_leader', ['110108010031001'])])).toBe('');
  });
  it('falls back to the first place when they share no county', () => {
    expect(defaultPlace([place('admin', '110108'), place('admin', '310115')])).toBe('110108');
  });
});
