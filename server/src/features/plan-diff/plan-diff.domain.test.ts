import { describe, expect, it } from 'vitest';
import { assembleDiff, changeReasons, classifyGrids, householdFlows, type BuildingMove, type GridPair, type GridState, type Worker } from './plan-diff.domain.ts';

const state = (name: string, households: number, extra: Partial<GridState> = {}): GridState => ({
  name, communityName: '富润社区', areaM2: 10_000, households, buildings: 2, parentCodes: [],
  geometry: { type: 'Polygon', coordinates: [] }, bbox: [0, 0, 1, 1], ...extra,
});
const pair = (code: string, before: GridState | null, after: GridState | null, symDiffM2: number | null = null): GridPair => ({ code, before, after, symDiffM2 });
const move = (id: number, from: string | null, to: string | null, households = 10): BuildingMove => ({
  id, name: `${id}号楼`, address: null, compound: '富润家园', nearRoad: null, households, anchor: [0, 0], from, to,
});

describe('changeReasons', () => {
  it('ignores geometry noise up to 1 m² and reports a larger difference', () => {
    expect(changeReasons(pair('1', state('甲', 1), state('甲', 1), 0.9))).toEqual([]);
    expect(changeReasons(pair('1', state('甲', 1), state('甲', 1), 1.5))).toEqual(['geometry']);
  });

  it('reports a renamed grid, with or without a new shape', () => {
    expect(changeReasons(pair('1', state('甲', 1), state('乙', 1), 0))).toEqual(['name']);
    expect(changeReasons(pair('1', state('甲', 1), state('乙', 1), 50))).toEqual(['geometry', 'name']);
  });
});

describe('classifyGrids', () => {
  it('sorts codes into added, removed, changed and unchanged with deltas and lineage', () => {
    const g = classifyGrids([
      pair('003', null, state('新网格', 250, { parentCodes: ['001'], areaM2: 4_000 })),
      pair('001', state('旧网格', 600, { buildings: 5 }), null),
      pair('002', state('二', 300, { areaM2: 8_000 }), state('二', 340, { areaM2: 9_500, buildings: 3 }), 1_500),
      pair('004', state('四', 200), state('四', 200), 0),
    ]);
    expect(g.added.map((c) => [c.code, c.parentCodes, c.delta])).toEqual([['003', ['001'], { areaM2: 4_000, households: 250, buildings: 2 }]]);
    expect(g.removed.map((c) => [c.code, c.delta.households, c.before?.name, c.after])).toEqual([['001', -600, '旧网格', null]]);
    expect(g.changed).toHaveLength(1);
    expect(g.changed[0]).toMatchObject({ code: '002', reasons: ['geometry'], delta: { areaM2: 1_500, households: 40, buildings: 1 } });
    expect(g.changed[0]!.beforeGeometry).not.toBeNull();
    expect(g.unchanged).toEqual(['004']);
  });
});

describe('householdFlows', () => {
  it('sums buildings and households per pair of grids, biggest first', () => {
    expect(householdFlows([move(1, 'A', 'B', 30), move(2, 'A', 'B', 20), move(3, 'A', 'C', 60), move(4, null, 'C', 5)])).toEqual([
      { from: 'A', to: 'C', buildings: 1, households: 60 },
      { from: 'A', to: 'B', buildings: 2, households: 50 },
      { from: null, to: 'C', buildings: 1, households: 5 },
    ]);
  });
});

describe('assembleDiff handover', () => {
  const workers: Worker[] = [
    { userId: 1, displayName: '王磊', role: 'grid_leader', gridCodes: ['A'] },
    { userId: 2, displayName: '李娜', role: 'grid_assistant', gridCodes: ['A'] },
    { userId: 3, displayName: '张伟', role: 'grid_leader', gridCodes: ['B', 'Z'] },
  ];
  const diff = assembleDiff({
    pairs: [pair('A', state('A', 400), state('A', 340), 900), pair('B', state('B', 300), state('B', 360), 900), pair('Z', state('Z', 1), state('Z', 1), 0)],
    moves: [move(10, 'A', 'B', 40), move(11, 'A', 'B', 20), move(12, 'A', 'N', 5), move(13, 'B', 'A', 5)],
    workers,
  });

  it('tells each worker of a touched grid which buildings go to which grid and its workers', () => {
    const wang = diff.handover.find((h) => h.userId === 1)!;
    expect(wang).toMatchObject({ gridCode: 'A', gridFate: 'changed' });
    expect(wang.outgoing.map((o) => [o.grid, o.households, o.buildings.map((b) => b.id), o.workers.map((w) => w.displayName)])).toEqual([
      ['B', 60, [10, 11], ['张伟']],
      ['N', 5, [12], []],
    ]);
    expect(wang.incoming).toEqual([{ grid: 'B', workers: [{ userId: 3, displayName: '张伟', role: 'grid_leader' }], buildings: [{ id: 13, name: '13号楼', address: null, compound: '富润家园', nearRoad: null, households: 5 }], households: 5 }]);
  });

  it('lists the assistant too and leaves out grids nothing moved from or to', () => {
    expect(diff.handover.map((h) => [h.gridCode, h.userId])).toEqual([['A', 1], ['A', 2], ['B', 3]]);
  });

  it('counts the totals', () => {
    expect(diff.totals).toEqual({ added: 0, removed: 0, changed: 2, unchanged: 1, buildingsMoved: 4, householdsMoved: 70 });
  });

  it('marks a worker whose grid is gone', () => {
    const d = assembleDiff({ pairs: [pair('A', state('A', 400), null)], moves: [move(1, 'A', 'C')], workers });
    expect(d.handover.filter((h) => h.gridCode === 'A').map((h) => h.gridFate)).toEqual(['removed', 'removed']);
  });
});
