import { describe, expect, it } from 'vitest';
import type { SearchItem } from '../../api/types.ts';
import { groupResults, moveActive, optionId, searchText } from './search.ts';

const item = (kind: SearchItem['kind'], id: number): SearchItem => ({ kind, id, name: `${kind}${id}`, context: '', bbox: null });

describe('groupResults', () => {
  it('groups by kind in the order the server ranked them, numbering rows as the arrow keys walk them', () => {
    const groups = groupResults([item('compound', 1), item('grid', 2), item('grid', 3), item('address', 4)]);
    expect(groups.map((g) => g.kind)).toEqual(['compound', 'grid', 'address']);
    expect(groups[1]!.items.map((r) => [r.item.id, r.index])).toEqual([[2, 1], [3, 2]]);
  });

  it('is empty for no results', () => {
    expect(groupResults([])).toEqual([]);
  });
});

describe('searchText', () => {
  it('trims, and has nothing to send for a blank box', () => {
    expect(searchText('  富润 002 ')).toBe('富润 002');
    expect(searchText(' \t ')).toBeNull();
  });
});

describe('moveActive', () => {
  it('walks down and up, wrapping at both ends', () => {
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
  });

  it('has no active row when there are no rows', () => {
    expect(moveActive(0, 1, 0)).toBe(-1);
  });
});

describe('optionId', () => {
  it('is a stable DOM id per row', () => {
    expect(optionId(3)).toBe('place-search-option-3');
  });
});
