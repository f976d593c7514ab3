import { describe, expect, it } from 'vitest';
import { createRandom } from '../../data/seed/random.ts';
import { listQuery } from '../../server/src/features/incidents/incidents.schema.ts';
import { listPath, listScenarios } from './list-scenarios.ts';

const places = {
  towns: ['990101001', '990101002'], communities: ['990101001001', '990101002003'], grids: ['99010100100101', '99010100200302'],
  classes: ['01', '05'], minors: ['0102', '0504'],
};
const end = new Date('2026-12-07T09:00:00Z');

describe('the list benchmark\'s questions', () => {
  it('are all valid list queries the route accepts, each with the asked number of variants', () => {
    const scenarios = listScenarios(places, end, createRandom('t'), 12);
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
    for (const s of scenarios) {
      expect(s.queries).toHaveLength(12);
      for (const q of s.queries) expect(listQuery.safeParse(Object.fromEntries(new URL(listPath(q), 'http://x').searchParams)).success, `${s.name}: ${listPath(q)}`).toBe(true);
    }
  });

  it('ask the typical filters: status, category, community, street office, grid, period, overdue, sorted by due time', () => {
    const keys = new Set(listScenarios(places, end, createRandom('t'), 3).flatMap((s) => s.queries.flatMap((q) => Object.entries(q).map(([k, v]) => (k === 'sort' ? v : k)))));
    for (const k of ['status', 'category', 'jurisdiction', 'grid', 'from', 'to', 'overdue', 'due_asc', 'offset']) expect(keys.has(k), k).toBe(true);
  });

  it('draw months inside the year before the end, the same for the same seed', () => {
    const a = listScenarios(places, end, createRandom('s'));
    expect(listScenarios(places, end, createRandom('s'))).toEqual(a);
    for (const q of a.flatMap((s) => s.queries).filter((q) => q.to)) {
      expect(Date.parse(q.from!)).toBeGreaterThanOrEqual(end.getTime() - 366 * 86_400_000);
      expect(Date.parse(q.to!)).toBeLessThanOrEqual(end.getTime());
    }
  });
});
