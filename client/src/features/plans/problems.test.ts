import { describe, expect, it } from 'vitest';
import { blockingKinds, problemKind, type BandStatusOf } from './problems.ts';

const status: BandStatusOf = (code) => ({ a: 'under', b: 'under', c: 'over', d: 'in' } as const)[code as 'a'];
const p = (kind: string, severity: string, code?: string) => ({ kind, severity, gridCodes: code ? [code] : [] });

describe('problemKind', () => {
  it('says under or over for a grid out of the band', () => {
    expect(problemKind(p('out_of_band', 'justify', 'a'), status)).toBe('out_of_band_under');
    expect(problemKind(p('out_of_band', 'justify', 'c'), status)).toBe('out_of_band_over');
    expect(problemKind(p('out_of_band', 'justify', 'zzz'), status)).toBe('out_of_band');
    expect(problemKind(p('gap', 'hard'), status)).toBe('gap');
  });
});

describe('blockingKinds', () => {
  it('counts the hard and unjustified problems by kind, leaving out soft ones', () => {
    const problems = [p('gap', 'hard'), p('out_of_band', 'justify', 'a'), p('out_of_band', 'justify', 'b'), p('out_of_band', 'soft', 'c'), p('split_compound', 'soft')];
    expect(blockingKinds(problems, status)).toEqual([{ kind: 'out_of_band_under', count: 2 }, { kind: 'gap', count: 1 }]);
  });
});
