import { hc, type InferRequestType, type InferResponseType } from 'hono/client';
import type { AppType } from '../../../server/src/app.ts';
import type { FourBoundariesList, GridAt, GridDetail, GridFile, JurisdictionNode, MapConfig, PlanDiff, SearchResults, SessionInfo } from './types.ts';

type ResidentsRpc = ReturnType<typeof hc<AppType>>['api']['residents'];
/** The editable part of PATCH /api/residents/:id, without the version. */
export type ResidentPatch = Omit<Parameters<ResidentsRpc[':id']['$patch']>[0]['json'], 'version'>;
/** The body of POST /api/residents: a new member of a household in scope. */
export type ResidentCreate = Parameters<ResidentsRpc['$post']>[0]['json'];
/** The ledger's filters: a search, a grid code, a jurisdiction id (the tree's choice). */
export interface LedgerFilter {
  q?: string;
  grid?: string;
  jurisdiction?: number;
}
const ledgerQuery = (f: LedgerFilter) => ({ q: f.q || undefined, grid: f.grid || undefined, jurisdiction: f.jurisdiction ? String(f.jurisdiction) : undefined });
type HouseholdsRpc = ReturnType<typeof hc<AppType>>['api']['households'];
/** The body of POST /api/households. */
export type HouseholdCreate = Parameters<HouseholdsRpc['$post']>[0]['json'];
/** The changeable part of PATCH /api/households/:id (move, new entrance or room), without the version. */
export type HouseholdPatch = Omit<Parameters<HouseholdsRpc[':id']['$patch']>[0]['json'], 'version'>;

/** A failed API call: HTTP status plus the server's stable error code, message and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What the client needs from the signed-in session, supplied by the session store at start-up. */
export interface SessionHooks {
  /** The CSRF token sent with every state-changing request, or null when signed out. */
  csrfToken: () => string | null;
  /** Called with every 401 so the app can return to the sign-in page. */
  onUnauthorized: (err: ApiError) => void;
}

let hooks: SessionHooks = { csrfToken: () => null, onUnauthorized: () => {} };

/** Connects the client to the session store; called once from main.ts. */
export function bindSession(h: SessionHooks) {
  hooks = h;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * fetch with the session attached: same-origin cookies (the fetch default, stated so a later
 * change of origin cannot drop them silently) and the CSRF header on every non-GET request,
 * since the cookie alone would let another site's form act as the user.
 */
const sessionFetch: typeof fetch = (input, init = {}) => {
  const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
  const token = hooks.csrfToken();
  if (token && !SAFE_METHODS.has(method)) headers.set('X-CSRF-Token', token);
  return fetch(input, { credentials: 'same-origin', ...init, headers });
};

const origin = typeof location === 'undefined' ? 'http://localhost' : location.origin;
/** The typed client; feature modules in api/ build their calls on it. */
export const rpc = hc<AppType>(origin, { fetch: sessionFetch });

/** The 200 body of a typed route, as the server declares it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- hc's own helper is typed this way
export type Ok<F extends (...args: any[]) => unknown> = InferResponseType<F, 200>;
/** The JSON body and the query string a typed route accepts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
type AdminJson<F extends (...args: any[]) => unknown> = InferRequestType<F> extends { json: infer J } ? J : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
type AdminQuery<F extends (...args: any[]) => unknown> = InferRequestType<F> extends { query: infer Q } ? Q : never;

/** Builds an ApiError from a non-2xx response's `{error:{code,message,details}}` body. */
async function toApiError(res: Response): Promise<ApiError> {
  let code = 'http_error';
  let message = res.statusText || `HTTP ${res.status}`;
  let details: unknown;
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
    details = body.error?.details;
  } catch {
    // a proxy's HTML error page has no JSON body; keep the status text
  }
  return new ApiError(res.status, code, message, details);
}

/** Awaits a response, or throws an ApiError; every 401 is reported to the session hooks. */
async function settle(pending: Promise<Response>): Promise<Response> {
  let res: Response;
  try {
    res = await pending;
  } catch (err) {
    // fetch itself rejects only when the network or server is unreachable
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : String(err));
  }
  if (res.ok) return res;
  const err = await toApiError(res);
  if (res.status === 401) hooks.onUnauthorized(err);
  throw err;
}

/** Reads the JSON body of a 2xx response, or throws an ApiError built from the error body. */
export async function unwrap<T>(pending: Promise<Response>): Promise<T> {
  return (await (await settle(pending)).json()) as T;
}

/** Like unwrap for calls that answer 204 No Content. */
export async function unwrapEmpty(pending: Promise<Response>): Promise<void> {
  await settle(pending);
}

/** The Wangge API as the client uses it; every call resolves to data or throws ApiError. */
export const api = {
  health: () => unwrap<Ok<typeof rpc.api.health.$get>>(rpc.api.health.$get()),
  login: (username: string, password: string) => unwrap<SessionInfo>(rpc.api.auth.login.$post({ json: { username, password } })),
  logout: () => unwrapEmpty(rpc.api.auth.logout.$post()),
  me: () => unwrap<SessionInfo>(rpc.api.auth.me.$get()),
  changePassword: (currentPassword: string, newPassword: string) =>
    unwrapEmpty(rpc.api.auth.password.$post({ json: { currentPassword, newPassword } })),
  mapConfig: () => unwrap<MapConfig>(rpc.api.map.$get()),
  // hono's JSON typing stops at recursion (children becomes JSONValue), so the tree is typed here
  jurisdictions: () => unwrap<{ tree: JurisdictionNode[] }>(rpc.api.jurisdictions.$get()),
  gridAt: (lon: number, lat: number) =>
    unwrap<GridAt>(rpc.api.grids.at.$get({ query: { lon: lon.toFixed(7), lat: lat.toFixed(7) } })),
  grid: (id: number) => unwrap<GridDetail>(rpc.api.grids[':id'].$get({ param: { id: String(id) } })),
  /** Places by name, address or grid code, scoped by the server to what the caller may see. */
  search: (q: string, limit: number) => unwrap<SearchResults>(rpc.api.search.$get({ query: { q, limit: String(limit) } })),
  // residents ledger: scoped and masked by the server; reveal is audited with its reason
  residents: (f: LedgerFilter & { limit: number; offset: number }) =>
    unwrap<Ok<typeof rpc.api.residents.$get>>(rpc.api.residents.$get({
      query: { ...ledgerQuery(f), limit: String(f.limit), offset: String(f.offset) },
    })),
  resident: (id: number) => unwrap<Ok<(typeof rpc.api.residents)[':id']['$get']>>(rpc.api.residents[':id'].$get({ param: { id: String(id) } })),
  updateResident: (id: number, version: number, patch: ResidentPatch) =>
    unwrap<Ok<(typeof rpc.api.residents)[':id']['$patch']>>(rpc.api.residents[':id'].$patch({ param: { id: String(id) }, json: { version, ...patch } })),
  revealResident: (id: number, fields: ('idNumber' | 'phone')[], reason: string) =>
    unwrap<Ok<(typeof rpc.api.residents)[':id']['reveal']['$post']>>(rpc.api.residents[':id'].reveal.$post({ param: { id: String(id) }, json: { fields, reason } })),
  createResident: (json: ResidentCreate) =>
    unwrap<InferResponseType<typeof rpc.api.residents.$post, 201>>(rpc.api.residents.$post({ json })),
  // households: add one, or move it (another building, entrance, room) against the version read
  createHousehold: (json: HouseholdCreate) =>
    unwrap<InferResponseType<typeof rpc.api.households.$post, 201>>(rpc.api.households.$post({ json })),
  patchHousehold: (id: number, version: number, patch: HouseholdPatch) =>
    unwrap<Ok<(typeof rpc.api.households)[':id']['$patch']>>(rpc.api.households[':id'].$patch({ param: { id: String(id) }, json: { version, ...patch } })),
  /** The household picker's search: address words, compound, building, room or the head's name; scoped, heads masked. */
  searchHouseholds: (q: string, limit = 20) =>
    unwrap<Ok<typeof rpc.api.households.$get>>(rpc.api.households.$get({ query: { q: q || undefined, limit: String(limit) } })),
  /** The scoped, masked ledger of the list's filters as CSV or Excel, as a file to save. */
  exportResidents: async (f: LedgerFilter, format: 'csv' | 'xlsx') => {
    const res = await settle(rpc.api.residents.export.$get({ query: { ...ledgerQuery(f), format } }));
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `residents.${format}`;
    return { blob: await res.blob(), filename: name };
  },
  // admin console: accounts, grants, API keys (users.manage) and the audit log (audit.read)
  adminUsers: (query: AdminQuery<typeof rpc.api.admin.users.$get>) => unwrap<Ok<typeof rpc.api.admin.users.$get>>(rpc.api.admin.users.$get({ query })),
  createUser: (json: AdminJson<typeof rpc.api.admin.users.$post>) =>
    unwrap<InferResponseType<typeof rpc.api.admin.users.$post, 201>>(rpc.api.admin.users.$post({ json })),
  patchUser: (id: number, json: AdminJson<(typeof rpc.api.admin.users)[':id']['$patch']>) =>
    unwrap<Ok<(typeof rpc.api.admin.users)[':id']['$patch']>>(rpc.api.admin.users[':id'].$patch({ param: { id: String(id) }, json })),
  replaceGrants: (id: number, json: AdminJson<(typeof rpc.api.admin.users)[':id']['grants']['$put']>) =>
    unwrap<Ok<(typeof rpc.api.admin.users)[':id']['grants']['$put']>>(rpc.api.admin.users[':id'].grants.$put({ param: { id: String(id) }, json })),
  resetPassword: (id: number) =>
    unwrap<Ok<(typeof rpc.api.admin.users)[':id']['password-reset']['$post']>>(rpc.api.admin.users[':id']['password-reset'].$post({ param: { id: String(id) } })),
  unlockUser: (id: number) =>
    unwrap<Ok<(typeof rpc.api.admin.users)[':id']['unlock']['$post']>>(rpc.api.admin.users[':id'].unlock.$post({ param: { id: String(id) } })),
  apiKeys: () => unwrap<Ok<typeof rpc.api.admin['api-keys']['$get']>>(rpc.api.admin['api-keys'].$get()),
  createApiKey: (userId: number, name: string) =>
    unwrap<InferResponseType<typeof rpc.api.admin['api-keys']['$post'], 201>>(rpc.api.admin['api-keys'].$post({ json: { userId, name } })),
  revokeApiKey: (id: number) => unwrapEmpty(rpc.api.admin['api-keys'][':id'].revoke.$post({ param: { id: String(id) } })),
  audit: (query: AdminQuery<typeof rpc.api.audit.$get>) => unwrap<Ok<typeof rpc.api.audit.$get>>(rpc.api.audit.$get({ query })),
  // grid files and plan diffs (plans.view, scoped by the server)
  fourBoundaries: (planId: number) => unwrap<FourBoundariesList>(rpc.api.plans[':id']['four-boundaries'].$get({ param: { id: String(planId) } })),
  gridFile: (planId: number, code: string) =>
    unwrap<GridFile>(rpc.api.plans[':id'].grids[':code'].file.$get({ param: { id: String(planId), code } })),
  planDiff: (planId: number, against?: number) =>
    unwrap<PlanDiff>(rpc.api.plans[':id'].diff.$get({ param: { id: String(planId) }, query: { against: against === undefined ? undefined : String(against) } })),
};
