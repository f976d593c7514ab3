import { describe, expect, it } from 'vitest';
import { chooseBoundary, chooseFourBoundaries, formatFourBoundaries, type FourBoundaries, type SideEvidence } from './grid-file.domain.ts';

const side = (length: number, roads: [string, number][] = [], neighbours: SideEvidence['neighbours'] = []): SideEvidence => ({
  length,
  roads: roads.map(([name, l]) => ({ name, length: l })),
  neighbours,
});

describe('chooseBoundary', () => {
  it('picks the road that runs along the most of the side', () => {
    expect(chooseBoundary(side(400, [['学清路', 120], ['学院路', 350], ['清华东路', 40]]))).toEqual({ kind: 'road', name: '学院路' });
  });

  it('breaks equal lengths by name, so the text is stable', () => {
    expect(chooseBoundary(side(100, [['乙路', 60], ['甲路', 60]]))).toEqual(chooseBoundary(side(100, [['甲路', 60], ['乙路', 60]])));
  });

  it('ignores a road that only touches a corner and falls back to the neighbouring grid', () => {
    const s = side(800, [['志新西路', 30]], [
      { kind: 'grid', name: '石科院社区第2网格', length: 500 },
      { kind: 'boundary', name: '石科院社区', length: 200 },
    ]);
    expect(chooseBoundary(s)).toEqual({ kind: 'grid', name: '石科院社区第2网格' });
  });

  it('needs the road to reach the minimum length even on a short side', () => {
    expect(chooseBoundary(side(30, [['短路', 15]], [{ kind: 'community', name: '富润社区', length: 30 }])))
      .toEqual({ kind: 'community', name: '富润社区' });
    expect(chooseBoundary(side(30, [['短路', 15]]), { minRoadShare: 0.25, minRoadLength: 10 })).toEqual({ kind: 'road', name: '短路' });
  });

  it('falls back to the community edge or the other community, whichever runs longest', () => {
    const s = side(300, [], [
      { kind: 'boundary', name: '静淑苑社区', length: 80 },
      { kind: 'community', name: '学清苑社区', length: 220 },
    ]);
    expect(chooseBoundary(s)).toEqual({ kind: 'community', name: '学清苑社区' });
  });

  it('says none when nothing was found', () => {
    expect(chooseBoundary(side(100))).toEqual({ kind: 'none' });
  });
});

describe('chooseFourBoundaries', () => {
  it('chooses each side on its own and fills a missing side with none', () => {
    const b = chooseFourBoundaries({ E: side(200, [['学院路', 200]]), N: side(200, [['清华东路', 190]]) });
    expect(b).toEqual({ E: { kind: 'road', name: '学院路' }, S: { kind: 'none' }, W: { kind: 'none' }, N: { kind: 'road', name: '清华东路' } });
  });
});

describe('chooseFourBoundaries on a thin grid along one street', () => {
  it('keeps the street on the side it runs along longer and chooses the opposite side again', () => {
    const b = chooseFourBoundaries({
      E: side(225, [['学院路', 225]]),
      W: side(224, [['学院路', 224]], [{ kind: 'grid', name: '富润家园网格', length: 200 }]),
      N: side(21, [['学院路', 21]], [{ kind: 'boundary', name: '富润社区', length: 21 }]),
      S: side(22, [['学院路', 22], ['清华东路', 22]]),
    });
    expect(b).toEqual({
      E: { kind: 'road', name: '学院路' },
      W: { kind: 'grid', name: '富润家园网格' },
      N: { kind: 'boundary', name: '富润社区' },
      S: { kind: 'road', name: '学院路' },
    });
  });

  it('lets the losing side fall to its next road', () => {
    const b = chooseFourBoundaries({ E: side(100, [['甲路', 90]]), W: side(100, [['甲路', 50], ['乙路', 40]]) });
    expect(b.W).toEqual({ kind: 'road', name: '乙路' });
    expect(b.E).toEqual({ kind: 'road', name: '甲路' });
  });
});

describe('formatFourBoundaries', () => {
  const b: FourBoundaries = {
    E: { kind: 'road', name: '学院路' },
    S: { kind: 'grid', name: '富润家园网格' },
    W: { kind: 'boundary', name: '富润社区' },
    N: { kind: 'community', name: '静淑苑社区' },
  };

  it('writes the Chinese 四至 in the order east, south, west, north', () => {
    expect(formatFourBoundaries(b)).toBe('东至学院路，南至富润家园网格，西至富润社区界，北至静淑苑社区');
  });

  it('puts 网格 before a grid name that lacks it, and a dash where nothing was found', () => {
    expect(formatFourBoundaries({ ...b, S: { kind: 'grid', name: '北区' }, N: { kind: 'none' } }))
      .toBe('东至学院路，南至网格北区，西至富润社区界，北至—');
  });

  it('writes the English variant', () => {
    expect(formatFourBoundaries(b, 'en'))
      .toBe('East to 学院路, south to grid 富润家园网格, west to the boundary of 富润社区, north to 静淑苑社区.');
  });
});
