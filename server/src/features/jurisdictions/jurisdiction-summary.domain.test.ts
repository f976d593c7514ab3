import { describe, expect, it } from 'vitest';
import { coverageOf } from './jurisdiction-summary.domain.ts';

describe('coverageOf', () => {
  const town = { prefixes: ['110108010'], gridCodes: [] };
  const community = { prefixes: ['110108010031'], gridCodes: [] };
  const grid = { prefixes: [], gridCodes: ['110108010031002'] };
  it('covers in full what lies under a granted jurisdiction', () => {
    expect(coverageOf(town, '110108010031')).toBe('full');
    expect(coverageOf(town, '110108010')).toBe('full');
    expect(coverageOf(community, '110108010031')).toBe('full');
  });
  it('covers in part a place holding a granted community or grid', () => {
    expect(coverageOf(community, '110108010')).toBe('partial');
    expect(coverageOf(community, '110108')).toBe('partial');
    expect(coverageOf(grid, '110108010031')).toBe('partial');
    expect(coverageOf(grid, '110108010')).toBe('partial');
  });
  it('covers nothing of a neighbour', () => {
    expect(coverageOf(community, '110108010019')).toBe('none');
    expect(coverageOf(grid, '110108010019')).toBe('none');
    expect(coverageOf({ prefixes: [], gridCodes: [] }, '110108')).toBe('none');
  });
});
