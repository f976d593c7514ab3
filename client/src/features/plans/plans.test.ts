import { describe, expect, it } from 'vitest';
import { decorate, problemFeatures } from './plan-layers.ts';
import { boundsOf, boxAround, describeOperation, pushedBy, emptyHistory, planRights, recordEdit, recordRedo, recordUndo, ringsOf, snapPoint, stepProblem } from './plans.ts';

describe('undo and redo of an editing session', () => {
  it('undoes the last edit, redoes it, and a new edit clears what could be redone', () => {
    let h = recordEdit(recordEdit(emptyHistory(), 10), 11);
    h = recordUndo(h, 12); // the server logged revert 12 of edit 11
    expect(h).toEqual({ undo: [10], redo: [12] });
    h = recordRedo(h, 13); // revert 13 of revert 12 puts edit 11 back
    expect(h).toEqual({ undo: [10, 13], redo: [] });
    h = recordUndo(h, 14);
    h = recordEdit(h, 15);
    expect(h).toEqual({ undo: [10, 15], redo: [] });
  });
});

describe('problem finder', () => {
  it('steps forward and back with wrap-around, and starts at either end', () => {
    expect(stepProblem(3, -1, 1)).toBe(0);
    expect(stepProblem(3, -1, -1)).toBe(2);
    expect(stepProblem(3, 2, 1)).toBe(0);
    expect(stepProblem(3, 0, -1)).toBe(2);
    expect(stepProblem(0, 0, 1)).toBe(-1);
  });
  it('draws areas and points, marking the current problem', () => {
    const fc = problemFeatures([
      { id: 'gap:1', severity: 'hard', point: [1, 2], geom: { type: 'Polygon', coordinates: [] } },
      { id: 'band:2', severity: 'justify', point: [3, 4] },
    ], 'band:2');
    expect(fc.features).toHaveLength(3);
    expect(fc.features.filter((f) => f.properties.current).map((f) => (f.geometry as { type: string }).type)).toEqual(['Point']);
  });
  it('boxes a point about the given width', () => {
    const [w, s, e, n] = boxAround([116.35, 40], 120);
    expect((n - s) * 111_320).toBeCloseTo(120, 0);
    expect(e - w).toBeGreaterThan(n - s); // a degree of longitude is shorter at 40°N
  });
});

describe('snapping', () => {
  const vertices: [number, number][] = [[0, 0], [100, 0]];
  const segments: [[number, number], [number, number]][] = [[[0, 0], [100, 0]]];
  it('prefers a vertex within the tolerance', () => {
    expect(snapPoint([3, 4], vertices, segments, 12)).toEqual([0, 0]);
  });
  it('falls back to the nearest point of an edge', () => {
    expect(snapPoint([50, 6], vertices, segments, 12)).toEqual([50, 0]);
  });
  it('leaves the pointer alone beyond the tolerance', () => {
    expect(snapPoint([50, 30], vertices, segments, 12)).toBeNull();
  });
  it('reads rings of polygons, multipolygons and lines', () => {
    expect(ringsOf({ type: 'MultiPolygon', coordinates: [[[[0, 0]]], [[[1, 1]]]] })).toHaveLength(2);
    expect(ringsOf({ type: 'LineString', coordinates: [[0, 0], [1, 1]] })).toHaveLength(1);
    expect(ringsOf({ type: 'Point', coordinates: [0, 0] })).toEqual([]);
  });
});

describe('what a plan offers', () => {
  it('edits and submits drafts, reviews plans in review, publishes approved ones', () => {
    expect(planRights('draft', { edit: true, review: false })).toEqual({ edit: true, submit: true, review: false, publish: false });
    expect(planRights('review', { edit: true, review: true })).toMatchObject({ edit: false, review: true });
    expect(planRights('approved', { edit: false, review: true })).toMatchObject({ publish: true, review: false });
    expect(planRights('published', { edit: true, review: true })).toEqual({ edit: false, submit: false, review: false, publish: false });
  });
  it('colours grids by band from the validation, and grey without figures', () => {
    const [a, b] = decorate([{ properties: { code: '110108010024001' } }, { properties: { code: '110108010024002' } }],
      new Map([['110108010024001', { households: 620, bandStatus: 'over' as const, oversize: false }]]));
    expect(a!.properties).toMatchObject({ band: 'over', households: 620, short: '001' });
    expect(b!.properties).toMatchObject({ band: 'none', households: 0 });
  });
  it('labels a grid by its name, or its community and sequence, never by the bare sequence', () => {
    const community = { name: '富润社区' };
    const [named, nameless, bare] = decorate([
      { properties: { code: '110108010031002', name: '富润家园网格', community } },
      { properties: { code: '110108010031003', name: ' ', community } },
      { properties: { code: '110108010031004' } },
    ], new Map());
    expect([named, nameless, bare].map((f) => (f!.properties as { label?: string }).label)).toEqual(['富润家园网格', '富润社区 003', '110108010031004']);
  });
});

describe('operation log in words', () => {
  it('says what moved from where to where, with short grid codes', () => {
    expect(describeOperation('reassign', { to: '110108010024005', buildings: 2, households: 96, from: { '110108010024003': 2 } }))
      .toEqual({ key: 'reassign', params: { n: '2', households: '96', from: '003×2', to: '005' } });
    expect(describeOperation('split', { from: '110108010024003', to: ['110108010024006', '110108010024007'] }))
      .toEqual({ key: 'fromTo', params: { from: '003', to: '006、007' } });
    expect(describeOperation('auto', { replaced: ['110108010024001'], kept: [], created: ['110108010024008'] }).params)
      .toEqual({ replaced: '001', created: '008', kept: '—' });
    expect(describeOperation('reject', { comment: '北侧沿道路调整' })).toEqual({ key: 'note', params: { text: '北侧沿道路调整' } });
  });
});

describe('boundary drag', () => {
  const near = [{ id: 1, households: 40, distanceM: 5 }, { id: 2, households: 60, distanceM: 18 }, { id: 3, households: 90, distanceM: 55 }];
  it('pushes the buildings nearer the border than the pointer, with their households', () => {
    expect(pushedBy(near, 0)).toEqual({ ids: [], households: 0 });
    expect(pushedBy(near, 20)).toEqual({ ids: [1, 2], households: 100 });
    expect(pushedBy(near, 100)).toEqual({ ids: [1, 2, 3], households: 190 });
  });
});

describe('boundsOf', () => {
  it('frames every ring of every feature, and nothing when there is no area', () => {
    const square = (x: number, y: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]] });
    expect(boundsOf({ features: [{ geometry: square(0, 0) }, { geometry: { type: 'MultiPolygon', coordinates: [square(3, -2).coordinates] } }] })).toEqual([0, -2, 4, 1]);
    expect(boundsOf({ features: [] })).toBeNull();
  });
});
