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

/** Code length of each level: 6-digit county, 9-digit street office (town), 12-digit community. */
export const CODE_LENGTH: Record<Level, number> = { county: 6, town: 9, community: 12 };
const PARENT_LEVEL: Record<Level, Level | null> = { county: null, town: 'county', community: 'town' };

/** The error codes of codeProblem (400s of POST /api/jurisdictions). */
export const CODE_PROBLEMS = ['code_level_mismatch', 'code_not_under_parent', 'parent_required'] as const;

/** Why a new jurisdiction's code does not fit its level and parent, as [code, message], or undefined. */
export function codeProblem(j: { code: string; level: Level; parentCode?: string | undefined }): [(typeof CODE_PROBLEMS)[number], string] | undefined {
  const want = CODE_LENGTH[j.level];
  if (j.code.length !== want) return ['code_level_mismatch', `A ${j.level} code has ${want} digits; ${j.code} has ${j.code.length}`];
  const parentLevel = PARENT_LEVEL[j.level];
  if (!parentLevel) {
    return j.parentCode ? ['code_not_under_parent', 'A county has no parent jurisdiction in Wangge'] : undefined;
  }
  if (!j.parentCode) return ['parent_required', `A ${j.level} needs the code of its ${parentLevel}`];
  if (j.parentCode.length !== CODE_LENGTH[parentLevel]) {
    return ['code_not_under_parent', `The parent of a ${j.level} is a ${parentLevel} (${CODE_LENGTH[parentLevel]} digits), not ${j.parentCode}`];
  }
  if (!j.code.startsWith(j.parentCode)) return ['code_not_under_parent', `Code ${j.code} does not extend its parent's code ${j.parentCode}`];
  return undefined;
}

/** The level a jurisdiction's parent has, or null for a county. */
export const parentLevelOf = (level: Level): Level | null => PARENT_LEVEL[level];

/** Counts behind the setup checklist of a jurisdiction. */
export interface SetupCounts {
  boundary: boolean;
  communities: number;
  communitiesWithBoundary: number;
  buildings: number;
  households: number;
  buildingsEstimated: number;
  roads: number;
  waterGreen: number;
  plansInForce: number;
  drafts: number;
}

/** One step of getting a place ready to plan; `optional` steps improve plans but do not block them. */
export interface SetupStep {
  key: 'boundary' | 'communities' | 'buildings' | 'roads' | 'waterGreen' | 'plan';
  done: boolean;
  optional: boolean;
}

/**
 * The setup checklist: boundaries (the node's own and every community's), buildings with households,
 * roads (the planner follows streets; without them it cannot), water and green (the map only), a plan.
 */
export function setupSteps(level: Level, c: SetupCounts): SetupStep[] {
  return [
    { key: 'boundary', done: c.boundary || (level !== 'community' && c.communities > 0 && c.communitiesWithBoundary === c.communities), optional: false },
    ...(level === 'community' ? [] : [{ key: 'communities' as const, done: c.communities > 0 && c.communitiesWithBoundary === c.communities, optional: false }]),
    { key: 'buildings', done: c.buildings > 0 && c.households > 0, optional: false },
    { key: 'roads', done: c.roads > 0, optional: true },
    { key: 'waterGreen', done: c.waterGreen > 0, optional: true },
    { key: 'plan', done: c.plansInForce > 0, optional: false },
  ];
}
