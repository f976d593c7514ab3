export type Level = 'county' | 'town' | 'community';
export type BBox = [number, number, number, number];

/** A jurisdiction row as the repository reads it (flat). */
export interface JurisdictionRow {
  id: number;
  code: string;
  name: string;
  level: Level;
  parentId: number | null;
  bbox: BBox | null;
}

export interface JurisdictionNode {
  id: number;
  code: string;
  name: string;
  level: Level;
  bbox: BBox | null;
  children: JurisdictionNode[];
}

/** Builds the county → town → community forest from flat rows, children ordered by code. */
export function buildTree(rows: readonly JurisdictionRow[]): JurisdictionNode[] {
  const nodes = new Map<number, JurisdictionNode>();
  for (const r of rows) nodes.set(r.id, { id: r.id, code: r.code, name: r.name, level: r.level, bbox: r.bbox, children: [] });
  const roots: JurisdictionNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId === null ? undefined : nodes.get(r.parentId);
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: JurisdictionNode[]) => {
    list.sort((a, b) => a.code.localeCompare(b.code));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
