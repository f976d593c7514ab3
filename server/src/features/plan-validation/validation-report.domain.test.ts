import { describe, expect, it } from 'vitest';
import { buildValidation, withSpecialGroupsIn, type RawValidation } from './validation-report.domain.ts';
import { DEFAULT_WEIGHTS } from './validation.domain.ts';

const at = { bbox: [116.3, 40, 116.31, 40.01] as [number, number, number, number], point: [116.305, 40.005] as [number, number] };
type RawGrid = RawValidation['grids'][number] & { residents: number; specialGroups: number };
const grid = (ord: number, over: Partial<RawGrid> = {}): RawGrid => ({
  ord, code: `G${ord}`, name: null, justification: null, locked: null, valid: true, communityId: 7, bmin: 200, bmax: 500,
  households: 300, residents: 700, buildings: 5, specialGroups: 10, largest: 80, oversize: [], parts: 1, links: null,
  areaM2: 10_000, perimeterM: 400, boundaryM: 200, streetM: 100, ...at, ...over,
});
// residents come from a query of their own, as `people`
const raw = ({ grids = [grid(1), grid(2)], ...over }: Partial<Omit<RawValidation, 'grids'>> & { grids?: RawGrid[] } = {}): RawValidation => ({
  jurisdiction: { id: 7, bmin: 200, bmax: 500 }, gaps: [], overlaps: [], outside: [], unassigned: [], splits: [], compounds: [],
  people: grids.map((g) => ({ ord: g.ord, residents: g.residents, specialGroups: g.specialGroups })), ...over, grids,
});
const piece = (areaM2: number, perimeterM: number) => ({ areaM2, perimeterM, geom: null, ...at });

describe('buildValidation', () => {
  it('measures grids and sums the plan', () => {
    const v = buildValidation(raw({ grids: [grid(1), grid(2, { households: 100, boundaryM: 300, streetM: 0, name: '二' })] }), DEFAULT_WEIGHTS);
    expect(v.grids[0]).toMatchObject({ code: 'G1', bandStatus: 'in', workload: 300, polsbyPopper: 0.785, streetShare: 0.5, locked: false });
    expect(v.grids[1]).toMatchObject({ name: '二', bandStatus: 'under', streetShare: 0 });
    expect(v.summary).toMatchObject({ grids: 2, inBand: 1, households: 400, outOfBand: 1, unjustified: 1, streetShare: 0.2, hardProblems: 0 });
    expect(v.publishable).toBe(false);
  });

  it('drops sliver gaps and overlaps, and building pieces under the split threshold', () => {
    const v = buildValidation(raw({
      gaps: [{ ...piece(0.5, 3), communityId: 7, communityCode: '110108010019' }, { ...piece(4, 400), communityId: 7, communityCode: '110108010019' }],
      overlaps: [{ ...piece(30, 25), a: 2, b: 1 }],
      splits: [
        { buildingId: 9, households: 40, homeOrd: 1, otherOrds: [2], pieceM2: 12, footprintM2: 2000, ...at },
        { buildingId: 8, households: 40, homeOrd: 1, otherOrds: [2], pieceM2: 30, footprintM2: 2000, ...at },
      ],
    }), DEFAULT_WEIGHTS);
    expect(v.problems.map((p) => p.id)).toEqual(['overlap:G1:G2', 'split_building:8']);
    expect(v.problems[1]).toMatchObject({ gridCodes: ['G1', 'G2'], buildingIds: [8], areaM2: 30 });
    expect(v.summary).toMatchObject({ gapAreaM2: 0, overlapAreaM2: 30, splitBuildings: 1, hardProblems: 2 });
  });

  it('exempts a grid of one oversize building from a justification, but flags it', () => {
    const v = buildValidation(raw({ grids: [grid(1), grid(2, { households: 800, largest: 800, oversize: [42] })] }), DEFAULT_WEIGHTS);
    expect(v.grids[1]).toMatchObject({ oversize: true, bandStatus: 'over' });
    expect(v.problems).toMatchObject([{ kind: 'oversize_building', severity: 'soft', buildingIds: [42], gridCodes: ['G2'] }]);
    expect(v.publishable).toBe(true);
  });

  it('takes the band of each grid from its community, the jurisdiction band when it has none', () => {
    const v = buildValidation(raw({ grids: [grid(1, { bmin: 100, bmax: 250 }), grid(2, { communityId: null, bmin: null, bmax: null })] }), DEFAULT_WEIGHTS);
    expect(v.grids.map((g) => [g.band, g.bandStatus])).toEqual([[{ min: 100, max: 250 }, 'over'], [{ min: 200, max: 500 }, 'in']]);
  });

  it('says why a grid is not contiguous: its pieces and how far apart the closest two are', () => {
    const links = [{ a: 1, b: 2, distanceM: 5.04, nearBorderM: 0 }, { a: 1, b: 3, distanceM: 0.3, nearBorderM: 41.9 }, { a: 2, b: 3, distanceM: 6, nearBorderM: 0 }];
    const v = buildValidation(raw({ grids: [grid(1, { parts: 3, links }), grid(2, { parts: 2, links: [{ a: 1, b: 2, distanceM: 0.3, nearBorderM: 41.9 }] })] }), DEFAULT_WEIGHTS);
    expect(v.grids.map((g) => g.parts)).toEqual([2, 1]);
    expect(v.problems).toMatchObject([{ id: 'non_contiguous:G1', severity: 'soft', gridCodes: ['G1'], params: { pieces: 2, gapM: 5 } }]);
    expect(v.summary.nonContiguous).toBe(1);
  });

  it('takes residents from their own count, 0 for a grid that has none', () => {
    const v = buildValidation(raw({ grids: [grid(1), grid(2)], people: [{ ord: 2, residents: 9, specialGroups: 4 }] }), DEFAULT_WEIGHTS);
    expect(v.grids.map((g) => [g.residents, g.specialGroups])).toEqual([[0, 0], [9, 4]]);
  });

  it('has no street share without an inner boundary', () => {
    const v = buildValidation(raw({ grids: [grid(1, { boundaryM: 0, streetM: 0 })] }), DEFAULT_WEIGHTS);
    expect(v.grids[0]!.streetShare).toBeNull();
    expect(v.summary.streetShare).toBeNull();
  });
});

describe('withSpecialGroupsIn', () => {
  it('keeps the special-group counts of readable grids only and leaves everything else as it was', () => {
    const v = buildValidation(raw({ grids: [grid(1, { specialGroups: 3 }), grid(2, { specialGroups: 4 })] }), DEFAULT_WEIGHTS);
    const scoped = withSpecialGroupsIn(v, new Set(['G2']));
    expect(scoped.grids.map((g) => [g.code, g.specialGroups])).toEqual([['G1', null], ['G2', 4]]);
    expect(scoped.grids[0]).toEqual({ ...v.grids[0], specialGroups: null });
    expect(scoped.summary).toEqual(v.summary);
    expect(withSpecialGroupsIn(v, new Set()).grids.every((g) => g.specialGroups === null)).toBe(true);
  });
});
