// Response shapes of the Wangge API, derived from the server so there is one source of truth:
// route bodies are inferred from hc<AppType>; the shared vocabulary comes from the server's
// pure domain modules (type-only imports, plus the special-group list, which has no dependencies).
import type { hc, InferResponseType } from 'hono/client';
import type { AppType } from '../../../server/src/app.ts';

type Rpc = ReturnType<typeof hc<AppType>>;

export type { BandStatus, HouseholdBand as Band, SpecialGroup } from '../../../server/src/features/grids/grids.domain.ts';
export { SPECIAL_GROUPS } from '../../../server/src/features/grids/grids.domain.ts';
export type { BBox as Bbox, JurisdictionNode, Level as JurisdictionLevel } from '../../../server/src/features/jurisdictions/jurisdictions.domain.ts';
export type { TileLayer as TileLayerName } from '../../../server/src/features/tiles/tiles.domain.ts';
export type { Permission, Role } from '../../../server/src/features/auth/permissions.domain.ts';
export { ROLES } from '../../../server/src/features/auth/permissions.domain.ts';

/** GET /api/map */
export type MapConfig = InferResponseType<Rpc['api']['map']['$get'], 200>;
/** GET /api/grids/at */
export type GridAt = InferResponseType<Rpc['api']['grids']['at']['$get'], 200>;
/** GET /api/grids/:id */
export type GridDetail = InferResponseType<Rpc['api']['grids'][':id']['$get'], 200>;
/** GET /api/search: places by name, address or grid code, grouped by kind on the client */
export type SearchResults = InferResponseType<Rpc['api']['search']['$get'], 200>;
export type SearchItem = SearchResults['items'][number];
export type { SearchKind } from '../../../server/src/features/search/search.domain.ts';
export { SEARCH_KINDS } from '../../../server/src/features/search/search.domain.ts';
/** GET /api/auth/me and POST /api/auth/login: user, roles with scopes, permissions, CSRF token */
export type SessionInfo = InferResponseType<Rpc['api']['auth']['me']['$get'], 200>;
/** GET /api/residents: one page of the scoped, masked ledger */
export type ResidentsPage = InferResponseType<Rpc['api']['residents']['$get'], 200>;
/** One resident as the list and GET/PATCH /api/residents/:id return it (ID number and phone masked) */
export type Resident = InferResponseType<Rpc['api']['residents'][':id']['$get'], 200>;
/** POST /api/residents/:id/reveal: the unmasked values asked for */
export type Revealed = InferResponseType<Rpc['api']['residents'][':id']['reveal']['$post'], 200>;
/** POST /api/households: the household as created (with its version) */
export type Household = InferResponseType<Rpc['api']['households']['$post'], 201>;
/** GET /api/plans/:id/four-boundaries: 四至 of every grid of the plan in scope */
export type FourBoundariesList = InferResponseType<Rpc['api']['plans'][':id']['four-boundaries']['$get'], 200>;
/** GET /api/plans/:id/grids/:code/file: the printable grid file */
export type GridFile = InferResponseType<Rpc['api']['plans'][':id']['grids'][':code']['file']['$get'], 200>;
/** GET /api/plans/:id/diff: grids added/removed/changed, buildings that move, handover per worker */
export type PlanDiff = InferResponseType<Rpc['api']['plans'][':id']['diff']['$get'], 200>;
