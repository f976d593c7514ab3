import type { Bbox, JurisdictionNode } from '../../api/types.ts';
import { unionBbox } from '../../map/bbox.ts';

/** The chain of nodes from a root down to the node with the id, or [] when absent. */
export function findPath(tree: readonly JurisdictionNode[], id: number): JurisdictionNode[] {
  for (const node of tree) {
    if (node.id === id) return [node];
    const below = findPath(node.children, id);
    if (below.length) return [node, ...below];
  }
  return [];
}

/** Ids of nodes expanded by default: the roots and their children (county and towns). */
export function defaultExpanded(tree: readonly JurisdictionNode[]): Set<number> {
  const ids = new Set<number>();
  for (const root of tree) {
    ids.add(root.id);
    for (const child of root.children) ids.add(child.id);
  }
  return ids;
}

/** A node's box, or the union of its descendants' boxes when it has none of its own. */
export function nodeBbox(node: JurisdictionNode): Bbox | null {
  if (node.bbox) return node.bbox;
  return unionBbox(node.children.map(nodeBbox).filter((b): b is Bbox => b !== null));
}

/** Number of communities below (or at) a node. */
export function countCommunities(node: JurisdictionNode): number {
  if (node.level === 'community') return 1;
  return node.children.reduce((n, c) => n + countCommunities(c), 0);
}
