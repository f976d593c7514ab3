import { describe, expect, it } from 'vitest';
import { buildingPlace, gridFilePrintParams, gridFilePrintUrl, printMode, signedCount, sortStaff, type BuildingPlaceLike } from './grid-file.ts';

describe('grid file print URL', () => {
  it('round-trips the plan and the code', () => {
    const url = gridFilePrintUrl(12, '110108010031002');
    expect(url).toBe('/?print=grid-file&plan=12&code=110108010031002');
    expect(printMode(url.slice(1))).toBe('grid-file');
    expect(gridFilePrintParams(url.slice(1))).toEqual({ planId: 12, code: '110108010031002' });
  });

  it.each([
    ['print=grid-file&plan=12', 'no code'],
    ['print=grid-file&plan=abc&code=110108010031002', 'a plan that is not an id'],
    ['print=grid-file&plan=0&code=110108010031002', 'plan 0'],
    ['print=grid-file&plan=12&code=1101', 'a short code'],
    ['print=other&plan=12&code=110108010031002', 'another print page'],
  ])('refuses %s (%s)', (search) => {
    expect(gridFilePrintParams(search)).toBeNull();
  });

  it('is not a print page without ?print', () => {
    expect(printMode('')).toBeNull();
  });
});

describe('signedCount', () => {
  const f = (n: number) => String(n);
  it('signs gains and losses with plus and a true minus', () => {
    expect([signedCount(30, f), signedCount(-12, f), signedCount(0, f)]).toEqual(['+30', '−12', '0']);
  });
});

describe('sortStaff', () => {
  it('lists the grid leader, the assistant, supervisors and managers in that order', () => {
    const staff = [
      { role: 'community_manager', displayName: '郑' },
      { role: 'supervisor', displayName: '吴' },
      { role: 'grid_assistant', displayName: '李' },
      { role: 'grid_leader', displayName: '王' },
      { role: 'grid_leader', displayName: '艾' },
    ];
    expect(sortStaff(staff).map((s) => s.displayName)).toEqual(['艾', '王', '李', '吴', '郑']);
  });
});

describe('buildingPlace', () => {
  const words = { nearRoad: (road: string) => `${road}旁`, unnamed: '楼栋' };
  const b = (over: Partial<BuildingPlaceLike>): BuildingPlaceLike => ({ id: 160, name: null, address: null, compound: null, nearRoad: null, ...over });
  it('names a building by its compound and its name or address', () => {
    expect(buildingPlace(b({ compound: '静淑苑', name: '3号楼' }), words)).toBe('静淑苑 3号楼');
    expect(buildingPlace(b({ address: '学清路 18号' }), words)).toBe('学清路 18号');
  });
  it('places a building without name or address by its compound or the nearest road, and by id only as a last resort', () => {
    expect(buildingPlace(b({ compound: '静淑苑' }), words)).toBe('静淑苑 楼栋');
    expect(buildingPlace(b({ compound: '静淑苑', nearRoad: '石板房南路' }), words)).toBe('静淑苑 石板房南路旁楼栋');
    expect(buildingPlace(b({ nearRoad: '石板房南路' }), words)).toBe('石板房南路旁楼栋');
    expect(buildingPlace(b({}), words)).toBe('楼栋 #160');
  });
});
