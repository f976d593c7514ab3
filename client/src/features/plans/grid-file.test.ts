import { describe, expect, it } from 'vitest';
import { gridFilePrintParams, gridFilePrintUrl, printMode, signedCount, sortStaff } from './grid-file.ts';

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
