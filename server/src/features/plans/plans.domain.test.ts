import { describe, expect, it } from 'vitest';
import { canView, checkEffectiveDate, codeOrder, covers, defaultGridName, matchCodes, nextStatus, reviewsFrom, sideOfLine, statusRefusal } from './plans.domain.ts';

describe('plan workflow', () => {
  it('moves draft → review → approved → published, and back to draft on rejection', () => {
    expect(nextStatus('draft', 'submit')).toBe('review');
    expect(nextStatus('review', 'approve')).toBe('approved');
    expect(nextStatus('review', 'reject')).toBe('draft');
    expect(nextStatus('approved', 'publish')).toBe('published');
    expect(nextStatus('draft', 'edit')).toBe('draft');
  });
  it('refuses every other step', () => {
    expect(nextStatus('draft', 'approve')).toBeNull();
    expect(nextStatus('draft', 'publish')).toBeNull();
    expect(nextStatus('review', 'edit')).toBeNull();
    expect(nextStatus('approved', 'reject')).toBeNull();
    expect(nextStatus('published', 'edit')).toBeNull();
    expect(nextStatus('retired', 'publish')).toBeNull();
  });
  it('says what was refused in plain words (not "publishd" or "rejectd")', () => {
    expect(statusRefusal('draft', 'publish')).toBe('A draft plan cannot be published');
    expect(statusRefusal('draft', 'reject')).toBe('A draft plan cannot be rejected');
    expect(statusRefusal('draft', 'approve')).toBe('A draft plan cannot be approved');
    expect(statusRefusal('review', 'submit')).toBe('A plan in review cannot be submitted');
    expect(statusRefusal('approved', 'reject')).toBe('An approved plan cannot be rejected');
  });
});

describe('levels', () => {
  it('a grant covers the codes it prefixes', () => {
    expect(covers(['110108010'], '110108010024')).toBe(true);
    expect(covers(['110108010031'], '110108010024')).toBe(false);
  });
  it('review comes from strictly above the scope', () => {
    expect(reviewsFrom(['110108010'], '110108010024')).toBe(true);
    expect(reviewsFrom(['110108010'], '110108010')).toBe(false);
    expect(reviewsFrom(['110108'], '110108010')).toBe(true);
    expect(reviewsFrom(['110108010031'], '110108010024')).toBe(false);
  });
  it('a community sees the town plan covering it, not its neighbours', () => {
    expect(canView(['110108010031'], '110108010')).toBe(true);
    expect(canView(['110108010'], '110108010031')).toBe(true);
    expect(canView(['110108010031'], '110108010024')).toBe(false);
    expect(canView([], '110108010')).toBe(false);
  });
});

describe('standard codes', () => {
  it('numbers north→south by rows, then west→east', () => {
    const order = codeOrder([
      { key: 'se', lon: 116.36, lat: 39.990 },
      { key: 'nw', lon: 116.34, lat: 40.010 },
      { key: 'ne', lon: 116.36, lat: 40.0101 },
      { key: 'sw', lon: 116.34, lat: 39.991 },
    ]);
    expect(order.map((o) => o.key)).toEqual(['nw', 'ne', 'sw', 'se']);
  });

  it('keeps the code of an unchanged grid and gives lineage to split and merged ones', () => {
    const m = matchCodes([
      { newKey: 'a', oldCode: '001', overlapM2: 990, newAreaM2: 1000, oldAreaM2: 1000 }, // same grid
      { newKey: 'b1', oldCode: '002', overlapM2: 500, newAreaM2: 500, oldAreaM2: 1000 }, // half of 002
      { newKey: 'b2', oldCode: '002', overlapM2: 500, newAreaM2: 500, oldAreaM2: 1000 },
      { newKey: 'c', oldCode: '003', overlapM2: 400, newAreaM2: 900, oldAreaM2: 400 }, // merged 003 + 004
      { newKey: 'c', oldCode: '004', overlapM2: 500, newAreaM2: 900, oldAreaM2: 500 },
      { newKey: 'c', oldCode: '001', overlapM2: 2, newAreaM2: 900, oldAreaM2: 1000 }, // a sliver is no parent
    ]);
    expect([...m.kept]).toEqual([['a', '001']]);
    expect(m.parents.get('b1')).toEqual(['002']);
    expect(m.parents.get('b2')).toEqual(['002']);
    expect(m.parents.get('c')).toEqual(['003', '004']);
    expect(m.parents.has('a')).toBe(false);
  });

  it('does not give one old code to two new grids', () => {
    const m = matchCodes([
      { newKey: 'x', oldCode: '001', overlapM2: 1000, newAreaM2: 1000, oldAreaM2: 1000 },
      { newKey: 'y', oldCode: '001', overlapM2: 1000, newAreaM2: 1000, oldAreaM2: 1000 },
    ]);
    expect(m.kept.size).toBe(1);
  });

  it('names a new grid after its community and sequence', () => {
    expect(defaultGridName('静淑苑社区', '110108010024012')).toBe('静淑苑社区第12网格');
    expect(defaultGridName('Jingshuyuan', '110108010024012', 'en')).toBe('Jingshuyuan grid 12');
  });
});

describe('split sides and dates', () => {
  it('tells the side of a bent line', () => {
    const line: [number, number][] = [[0, 0], [10, 0], [10, 10]];
    expect(sideOfLine(line, [5, 1])).toBe(1);
    expect(sideOfLine(line, [5, -1])).toBe(-1);
    expect(sideOfLine(line, [11, 5])).toBe(-1);
    expect(sideOfLine(line, [9, 5])).toBe(1);
  });
  it('takes effect today or later, after the plan in force began', () => {
    expect(checkEffectiveDate('2026-11-22', '2026-11-22', '2025-01-01')).toBe('ok');
    expect(checkEffectiveDate('2026-11-21', '2026-11-22', null)).toBe('past');
    expect(checkEffectiveDate('2026-12-01', '2026-11-22', '2026-12-01')).toBe('before_current');
  });
});
