import { describe, expect, it } from 'vitest';
import { buildTree, type JurisdictionRow } from './jurisdictions.domain.ts';

const row = (id: number, code: string, level: JurisdictionRow['level'], parentId: number | null): JurisdictionRow => ({
  id, code, name: `n${id}`, level, parentId, bbox: null,
});

describe('buildTree', () => {
  it('nests communities under towns under counties, ordered by code', () => {
    const tree = buildTree([
      row(3, '110108010031', 'community', 2),
      row(1, '110108', 'county', null),
      row(4, '110108010019', 'community', 2),
      row(2, '110108010', 'town', 1),
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0]!.children[0]!.code).toBe('110108010');
    expect(tree[0]!.children[0]!.children.map((c) => c.code)).toEqual(['110108010019', '110108010031']);
  });
  it('keeps an orphan as a root instead of dropping it', () => {
    expect(buildTree([row(5, '110108010099', 'community', 99)]).map((n) => n.id)).toEqual([5]);
  });
});
