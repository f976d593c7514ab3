/** Roles of DESIGN.md §1; each assignment is scoped to a jurisdiction node or a set of grids. */
export const ROLES = [
  'admin', 'planner', 'commander', 'supervisor', 'community_manager',
  'grid_leader', 'grid_assistant', 'officer', 'viewer',
] as const;
export type Role = (typeof ROLES)[number];

/** What a route may ask for. */
export const PERMISSIONS = [
  'map.view', // base map, jurisdictions, grid boundaries and aggregate statistics
  'residents.read', // households and residents of the scope, masked
  'residents.write',
  'personal.view', // unmasked ID-card numbers and phones (each reveal is audited)
  'audit.read',
  'users.manage', // accounts, roles, scopes, API keys
  'plans.view', // grid plans of the scope: drafts, versions, diffs, grid files
  'plans.edit', // draft and edit plans inside the scope; submit for review
  'plans.review', // approve, reject and publish plans of jurisdictions below the grant
  'data.import', // replace or add base data (jurisdictions, buildings, roads) of jurisdictions below the grant
  'incidents.view', // incidents of the scope with their timelines (a resident reporter's phone masked)
  'incidents.report', // report an incident inside the scope
  'incidents.handle', // act on incidents held at the level the grant is for (grid, community, street office, county)
  'incidents.manage', // incident reference data: categories, the working-day calendar, departments of the scope and their members
  'patrols.record', // patrol with the phone app and upload one's own tracks (巡查)
  'patrols.view', // patrols, tracks, live positions and coverage of the workers and grids of the scope
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** A route open to everyone, or to anyone signed in whatever their roles. */
export type Access = Permission | 'public' | 'authenticated';

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  planner: ['map.view', 'plans.view', 'plans.edit', 'plans.review', 'data.import'],
  commander: ['map.view', 'plans.view', 'incidents.view', 'incidents.report', 'incidents.handle', 'patrols.view'],
  supervisor: ['map.view', 'residents.read', 'plans.view', 'incidents.view', 'incidents.report', 'patrols.record', 'patrols.view'],
  community_manager: [
    'map.view', 'residents.read', 'residents.write', 'personal.view', 'plans.view', 'plans.edit', 'incidents.view', 'incidents.report', 'incidents.handle',
    'patrols.record', 'patrols.view',
  ],
  grid_leader: ['map.view', 'residents.read', 'residents.write', 'incidents.view', 'incidents.report', 'incidents.handle', 'patrols.record'],
  grid_assistant: ['map.view', 'residents.read', 'residents.write', 'incidents.view', 'incidents.report', 'incidents.handle', 'patrols.record'],
  officer: ['map.view', 'residents.read', 'incidents.view', 'incidents.report'],
  viewer: ['map.view'],
};

/** One role assignment with its scope: a jurisdiction node, or grid codes. */
export interface Grant {
  role: Role;
  jurisdictionId: number | null;
  gridCodes: string[] | null;
}

/** The union of permissions of all of a user's grants, sorted. */
export function permissionsOf(grants: readonly Pick<Grant, 'role'>[]): Permission[] {
  const set = new Set<Permission>();
  for (const g of grants) for (const p of ROLE_PERMISSIONS[g.role]) set.add(p);
  return PERMISSIONS.filter((p) => set.has(p));
}

/** The grants that carry `permission` (their scopes together are where it applies). */
export function grantsFor<G extends Pick<Grant, 'role'>>(grants: readonly G[], permission: Permission): G[] {
  return grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission));
}

/** True when `access` lets this caller through (scope is checked later, in SQL). */
export function allows(access: Access, caller: { grants: readonly Pick<Grant, 'role'>[] } | null): boolean {
  if (access === 'public') return true;
  if (!caller) return false;
  if (access === 'authenticated') return true;
  return grantsFor(caller.grants, access).length > 0;
}
