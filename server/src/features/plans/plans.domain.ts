/** Rules of grid plans: the review workflow, who may act at which level, code order and lineage. */

export const PLAN_STATUSES = ['draft', 'review', 'approved', 'published', 'retired'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export type PlanAction = 'edit' | 'submit' | 'approve' | 'reject' | 'publish';

/** The status a plan must be in for each action, and the status it moves to. */
const TRANSITIONS: Record<PlanAction, { from: PlanStatus; to: PlanStatus }> = {
  edit: { from: 'draft', to: 'draft' },
  submit: { from: 'draft', to: 'review' },
  approve: { from: 'review', to: 'approved' },
  reject: { from: 'review', to: 'draft' },
  publish: { from: 'approved', to: 'published' },
};

const DONE: Record<PlanAction, string> = { edit: 'edited', submit: 'submitted', approve: 'approved', reject: 'rejected', publish: 'published' };
const A_PLAN: Record<PlanStatus, string> = {
  draft: 'A draft plan', review: 'A plan in review', approved: 'An approved plan', published: 'A published plan', retired: 'A retired plan',
};

/** Why a plan in `status` refuses `action`, in words ("A draft plan cannot be published"). */
export function statusRefusal(status: PlanStatus, action: PlanAction): string {
  return `${A_PLAN[status]} cannot be ${DONE[action]}`;
}

/** The status after `action`, or null when the plan's status does not allow it. */
export function nextStatus(status: PlanStatus, action: PlanAction): PlanStatus | null {
  const t = TRANSITIONS[action];
  return t.from === status ? t.to : null;
}

/** A caller's granted jurisdiction codes covers `code` when one of them prefixes it. */
export function covers(prefixes: readonly string[], code: string): boolean {
  return prefixes.some((p) => code.startsWith(p));
}

/** Reviewing needs a grant strictly above the plan's scope: the street office reviews a community. */
export function reviewsFrom(prefixes: readonly string[], scopeCode: string): boolean {
  return prefixes.some((p) => scopeCode.startsWith(p) && p.length < scopeCode.length);
}

/** Viewing: the plan's scope lies in a grant, or covers the caller's own area (a community sees its town's plan). */
export function canView(prefixes: readonly string[], scopeCode: string): boolean {
  return prefixes.some((p) => scopeCode.startsWith(p) || p.startsWith(scopeCode));
}

/** A point to order grids by (a representative point of the grid). */
export interface Located {
  key: string;
  lon: number;
  lat: number;
}

/** Row height of the west→east, north→south numbering (~330 m), as the demo's starting plan uses. */
export const CODE_ROW_DEG = 0.003;

/** Orders grids north→south by rows, then west→east inside a row: the order new codes are given in. */
export function codeOrder<T extends Located>(items: readonly T[], rowDeg = CODE_ROW_DEG): T[] {
  const row = (p: Located) => Math.floor(-p.lat / rowDeg);
  return [...items].sort((a, b) => row(a) - row(b) || a.lon - b.lon || a.key.localeCompare(b.key));
}

/** Overlap of a new grid with an old one, in m². */
export interface Overlap {
  newKey: string;
  oldCode: string;
  overlapM2: number;
  newAreaM2: number;
  oldAreaM2: number;
}

/** How a new set of grids relates to the old: which keep their code and which descend from which. */
export interface CodeMatch {
  kept: Map<string, string>; // new key → old code
  parents: Map<string, string[]>; // new key (without a kept code) → old codes it came from
}

/** Same grid when each covers ≥ 90 % of the other; a parent when ≥ 10 % of either lies in the other. */
export const KEEP_SHARE = 0.9;
export const PARENT_SHARE = 0.1;

/**
 * Keeps a code for a new grid that is essentially the old grid (an unchanged grid keeps its code);
 * every other new grid gets its lineage: the old grids it took a real share of.
 */
export function matchCodes(overlaps: readonly Overlap[]): CodeMatch {
  const kept = new Map<string, string>();
  const used = new Set<string>();
  const sorted = [...overlaps].sort((a, b) => b.overlapM2 - a.overlapM2);
  for (const o of sorted) {
    if (kept.has(o.newKey) || used.has(o.oldCode)) continue;
    if (o.overlapM2 >= KEEP_SHARE * o.newAreaM2 && o.overlapM2 >= KEEP_SHARE * o.oldAreaM2) {
      kept.set(o.newKey, o.oldCode);
      used.add(o.oldCode);
    }
  }
  const parents = new Map<string, string[]>();
  for (const o of sorted) {
    if (kept.has(o.newKey)) continue;
    if (o.overlapM2 < PARENT_SHARE * o.newAreaM2 && o.overlapM2 < PARENT_SHARE * o.oldAreaM2) continue;
    const list = parents.get(o.newKey) ?? [];
    if (!list.includes(o.oldCode)) list.push(o.oldCode);
    parents.set(o.newKey, list);
  }
  for (const list of parents.values()) list.sort();
  return { kept, parents };
}

/** The default name of a grid with a new code: the community and the sequence (e.g. 静淑苑社区第7网格). */
export function defaultGridName(communityName: string, code: string, locale: 'zh' | 'en' = 'zh'): string {
  const seq = Number(code.slice(-3));
  return locale === 'zh' ? `${communityName}第${seq}网格` : `${communityName} grid ${seq}`;
}

/** A split line's side for a point: +1 left, -1 right of the nearest segment (plane approximation). */
export function sideOfLine(line: readonly (readonly [number, number])[], p: readonly [number, number]): number {
  let best = { d: Infinity, side: 1 };
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = line[i]!;
    const [bx, by] = line[i + 1]!;
    const [dx, dy] = [bx - ax, by - ay];
    const len2 = dx * dx + dy * dy || 1e-18;
    const t = Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / len2));
    const [cx, cy] = [ax + t * dx, ay + t * dy];
    const d = (p[0] - cx) ** 2 + (p[1] - cy) ** 2;
    if (d < best.d) best = { d, side: dx * (p[1] - ay) - dy * (p[0] - ax) >= 0 ? 1 : -1 };
  }
  return best.side;
}

/** The effective date must be today or later, and after the date the plan in force began. */
export function checkEffectiveDate(validFrom: string, today: string, currentFrom: string | null): 'ok' | 'past' | 'before_current' {
  if (validFrom < today) return 'past';
  if (currentFrom !== null && validFrom <= currentFrom) return 'before_current';
  return 'ok';
}
