import { hc, type InferRequestType, type InferResponseType } from 'hono/client';
import type { AppType } from '../../../server/src/app.ts';
import { unwrap, type Ok } from './client.ts';
import type { MapConfig } from './types.ts';

// The public pages ask as nobody: no cookie goes with them, so a signed-in visitor sees what any
// resident sees, and a report filed here is a resident's, never a staff member's.
const origin = typeof location === 'undefined' ? 'http://localhost' : location.origin;
const anonymous = hc<AppType>(origin, { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, credentials: 'omit' }) });
type Public = typeof anonymous.api.public;

/** GET /api/public/incidents: a page of finished cases. */
export type PublicPage = Ok<Public['incidents']['$get']>;
export type PublicCase = PublicPage['items'][number];
export type PublicListQuery = NonNullable<InferRequestType<Public['incidents']['$get']>['query']>;
/** GET /api/public/track/:token: a reporter's case. */
export type TrackedCase = Ok<Public['track'][':token']['$get']>;
/** GET /api/public/my-grid */
export type MyGrid = Ok<Public['my-grid']['$get']>;
export type PlaceMatch = MyGrid['matches'][number];
/** POST /api/public/reports */
export type PublicReport = InferRequestType<Public['reports']['$post']>['json'];
export type FiledReport = InferResponseType<Public['reports']['$post'], 201>;
export type Categories = Ok<typeof anonymous.api['incident-categories']['$get']>;

/** What residents and the public ask, without an account; every call resolves to data or throws ApiError. */
export const publicApi = {
  mapConfig: () => unwrap<MapConfig>(anonymous.api.map.$get()),
  categories: () => unwrap<Categories>(anonymous.api['incident-categories'].$get({ query: { active: 'true' } })),
  incidents: (query: PublicListQuery) => unwrap<PublicPage>(anonymous.api.public.incidents.$get({ query })),
  track: (token: string) => unwrap<TrackedCase>(anonymous.api.public.track[':token'].$get({ param: { token } })),
  rate: (token: string, rating: number, comment: string) =>
    unwrap<TrackedCase>(anonymous.api.public.track[':token'].rating.$post({ param: { token }, json: { rating, ...(comment ? { comment } : {}) } })),
  report: (json: PublicReport) => unwrap<FiledReport>(anonymous.api.public.reports.$post({ json })),
  myGridAt: (lon: number, lat: number) => unwrap<MyGrid>(anonymous.api.public['my-grid'].$get({ query: { lon: lon.toFixed(7), lat: lat.toFixed(7) } })),
  myGridOf: (q: string) => unwrap<MyGrid>(anonymous.api.public['my-grid'].$get({ query: { q } })),
};
