import { describe, expect, it } from 'vitest';
import { isShortQuery, MAX_TOKENS, pickResults, queryLength, searchTokens, toItem, type SearchHit, type SearchKind } from './search.domain.ts';

const hit = (kind: SearchKind, id: number, quality: SearchHit['quality'] = 2): SearchHit =>
  ({ kind, id, code: null, name: `${kind}${id}`, context: '', bbox: null, quality });

describe('searchTokens', () => {
  it('splits on any whitespace, full-width spaces and control characters included', () => {
    expect(searchTokens(' 富润\t002　学院路\u200b18号 ')).toEqual(['富润', '002', '学院路', '18号']);
  });

  it('turns full-width digits and letters into ASCII (NFKC), as Chinese input methods type them', () => {
    expect(searchTokens('１１０１０８ＡＢ')).toEqual(['110108AB']);
  });

  it('drops repeated words and keeps at most MAX_TOKENS', () => {
    expect(searchTokens('a a b')).toEqual(['a', 'b']);
    expect(searchTokens('1 2 3 4 5 6')).toHaveLength(MAX_TOKENS);
  });

  it('has no words for an empty or blank query', () => {
    expect(searchTokens('')).toEqual([]);
    expect(searchTokens(' \n\u3000')).toEqual([]);
  });
});

describe('queryLength', () => {
  it('counts characters as a person does (a character outside the BMP is one)', () => {
    expect(queryLength('𠀋富润')).toBe(3);
    expect(queryLength('  ab  ')).toBe(2);
  });
});

describe('isShortQuery', () => {
  it('is one or two characters in all, however they are split', () => {
    expect(isShortQuery(['学'])).toBe(true);
    expect(isShortQuery(['学院'])).toBe(true);
    expect(isShortQuery(['学', '院'])).toBe(true);
    expect(isShortQuery(['学院路'])).toBe(false);
    expect(isShortQuery(['𠀋𠀋'])).toBe(true);
  });
});

describe('pickResults', () => {
  it('keeps every kind in sight when one kind has many hits', () => {
    const hits = [...Array.from({ length: 30 }, (_, i) => hit('building', i, 0)), hit('grid', 1, 2), hit('compound', 1, 3)];
    const picked = pickResults(hits, 10);
    expect(picked).toHaveLength(10);
    expect(picked.filter((h) => h.kind === 'grid')).toHaveLength(1);
    expect(picked.filter((h) => h.kind === 'compound')).toHaveLength(1);
  });

  it('gives the places left by small kinds to the best of the rest', () => {
    const hits = [hit('jurisdiction', 1, 1), ...Array.from({ length: 8 }, (_, i) => hit('grid', i, 2))];
    expect(pickResults(hits, 6).map((h) => h.kind)).toEqual(['jurisdiction', 'grid', 'grid', 'grid', 'grid', 'grid']);
  });

  it('puts the group with the best match first, and keeps the order within a kind', () => {
    const hits = [hit('jurisdiction', 1, 3), hit('grid', 1, 1), hit('grid', 2, 2), hit('compound', 1, 0)];
    expect(pickResults(hits, 20).map((h) => `${h.kind}${h.id}`)).toEqual(['compound1', 'grid1', 'grid2', 'jurisdiction1']);
  });

  it('orders groups that match equally well by kind: places, grids, compounds, buildings, addresses', () => {
    const hits = [hit('address', 1), hit('building', 1), hit('compound', 1), hit('grid', 1), hit('jurisdiction', 1)];
    expect(pickResults(hits, 20).map((h) => h.kind)).toEqual(['jurisdiction', 'grid', 'compound', 'building', 'address']);
  });

  it('answers nothing for nothing', () => {
    expect(pickResults([], 20)).toEqual([]);
  });
});

describe('toItem', () => {
  it('drops the ranking and keeps a code only where there is one', () => {
    expect(toItem({ ...hit('grid', 1), code: '110108010031002' })).toEqual({ kind: 'grid', id: 1, code: '110108010031002', name: 'grid1', context: '', bbox: null });
    expect(toItem(hit('building', 2))).not.toHaveProperty('code');
  });
});
