/** Where the signed-in user may draft a plan (pure): the plan-scope choices and the one to start on. */
import { ROLE_PERMISSIONS, type Role } from '../../../../server/src/features/auth/permissions.domain.ts';

interface Node {
  id: number;
  code: string;
  name: string;
  level: string;
  children?: readonly Node[];
}

interface Grant {
  role: string;
  scope: { jurisdiction: { code: string; level: string } | null };
}

export interface PlanPlace {
  id: number;
  code: string;
  label: string;
  level: string;
}

/** Jurisdiction codes of the grants carrying a plan permission (grid-scoped grants never see or plan plans, as on the server). */
function planCodes(roles: readonly Grant[], permission: 'plans.view' | 'plans.edit'): string[] {
  return roles.filter((r) => (ROLE_PERMISSIONS[r.role as Role] ?? []).includes(permission) && r.scope.jurisdiction).map((r) => r.scope.jurisdiction!.code);
}

/** Jurisdiction codes of the grants that may edit plans. */
export function planEditCodes(roles: readonly Grant[]): string[] {
  return planCodes(roles, 'plans.edit');
}

/** Jurisdiction codes where the user may read plans: without one (a supervisor of some grids) there is no plan to show them. */
export function planViewCodes(roles: readonly Grant[]): string[] {
  return planCodes(roles, 'plans.view');
}

/**
 * Street offices and communities inside the user's plans.edit grants, indented under their street
 * office, and the one chosen first: the user's own scope (the place of their grant), or the first
 * street office when the grant is a whole county (a county is never a plan's scope).
 */
export function planPlaces(tree: readonly Node[], roles: readonly Grant[]): { places: PlanPlace[]; initial: number | null } {
  const codes = planEditCodes(roles);
  const within = (code: string) => codes.some((c) => code.startsWith(c));
  const places: PlanPlace[] = [];
  const walk = (nodes: readonly Node[], depth: number) => {
    for (const n of nodes) {
      if (n.level !== 'county' && within(n.code)) places.push({ id: n.id, code: n.code, label: `${'　'.repeat(Math.max(0, depth - 1))}${n.name}`, level: n.level });
      walk(n.children ?? [], depth + 1);
    }
  };
  walk(tree, 0);
  const own = places.find((p) => codes.includes(p.code));
  return { places, initial: own?.id ?? places.find((p) => p.level === 'town')?.id ?? places[0]?.id ?? null };
}

