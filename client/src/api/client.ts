import { hc, type InferResponseType } from 'hono/client';
import type { AppType } from '../../../server/src/app.ts';
import type { GridAt, GridDetail, JurisdictionNode, MapConfig } from './types.ts';

/** A failed API call: HTTP status plus the server's stable error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const origin = typeof location === 'undefined' ? 'http://localhost' : location.origin;
const rpc = hc<AppType>(origin);

/** The 200 body of a typed route, as the server declares it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- hc's own helper is typed this way
type Ok<F extends (...args: any[]) => unknown> = InferResponseType<F, 200>;

/** Reads the JSON body of a 2xx response, or throws an ApiError built from the error body. */
async function unwrap<T>(pending: Promise<Response>): Promise<T> {
  let res: Response;
  try {
    res = await pending;
  } catch (err) {
    // fetch itself rejects only when the network or server is unreachable
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : String(err));
  }
  if (res.ok) return (await res.json()) as T;
  let code = 'http_error';
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // a proxy's HTML error page has no JSON body; keep the status text
  }
  throw new ApiError(res.status, code, message);
}

/** The Wangge API as the client uses it; every call resolves to data or throws ApiError. */
export const api = {
  health: () => unwrap<Ok<typeof rpc.api.health.$get>>(rpc.api.health.$get()),
  mapConfig: () => unwrap<MapConfig>(rpc.api.map.$get()),
  // hono's JSON typing stops at recursion (children becomes JSONValue), so the tree is typed here
  jurisdictions: () => unwrap<{ tree: JurisdictionNode[] }>(rpc.api.jurisdictions.$get()),
  gridAt: (lon: number, lat: number) =>
    unwrap<GridAt>(rpc.api.grids.at.$get({ query: { lon: lon.toFixed(7), lat: lat.toFixed(7) } })),
  grid: (id: number) => unwrap<GridDetail>(rpc.api.grids[':id'].$get({ param: { id: String(id) } })),
};
