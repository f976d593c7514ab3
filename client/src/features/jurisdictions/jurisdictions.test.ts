import { describe, expect, it } from 'vitest';
import type { JurisdictionNode } from '../../api/types.ts';
import { countCommunities, defaultExpanded, findPath, nodeBbox } from './jurisdictions.ts';

const community = (id: number, name: string, bbox: JurisdictionNode['bbox']): JurisdictionNode => ({
  id, code: `110108007${String(id).padStart(3, '0')}`, name, level: 'community', bbox, children: [],
});
const tree: JurisdictionNode[] = [
  {
    id: 1, code: '110108', name: '海淀区', level: 'county', bbox: null,
    children: [
      {
        id: 2, code: '110108007', name: '学院路街道', level: 'town', bbox: null,
        children: [community(10, '石油大院社区', [116.34, 39.99, 116.35, 40]), community(11, '二里庄社区', [116.35, 39.98, 116.36, 39.99])],
      },
    ],
  },
];

describe('jurisdiction tree helpers', () => {
  it('finds the path from the root to a node', () => {
    expect(findPath(tree, 11).map((n) => n.id)).toEqual([1, 2, 11]);
    expect(findPath(tree, 99)).toEqual([]);
  });
  it('expands the county and towns by default', () => {
    expect([...defaultExpanded(tree)].sort()).toEqual([1, 2]);
  });
  it('derives a missing box from the children', () => {
    expect(nodeBbox(tree[0]!)).toEqual([116.34, 39.98, 116.36, 40]);
  });
  it('counts communities', () => {
    expect(countCommunities(tree[0]!)).toBe(2);
  });
});
