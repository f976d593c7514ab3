import type { InferRequestType, InferResponseType } from 'hono/client';
import { rpc, unwrap, type Ok } from './client.ts';

type Patrols = typeof rpc.api.patrols;
/** A patrol as the server answers it (start, stop, current). */
export type Patrol = NonNullable<Ok<Patrols['current']['$get']>['patrol']>;
/** The fixes one upload carries (WGS-84 from the browser, at most 1000). */
export type FixesUpload = InferRequestType<Patrols[':id']['fixes']['$post']>['json']['fixes'];
/** What the server did with an upload: stored, already there, set aside by its hygiene, refused (by index). */
export type FixesAnswer = Ok<Patrols[':id']['fixes']['$post']>;

/** The worker's own patrols of the phone app, on the one typed client; every call resolves to data or throws ApiError. */
export const patrolsApi = {
  /** The caller's open patrol of the web app, or null. */
  current: () => unwrap<Ok<Patrols['current']['$get']>>(rpc.api.patrols.current.$get()).then((r) => r.patrol),
  /** Starts a patrol (201), or answers the one already open (200). */
  start: () => unwrap<InferResponseType<Patrols['$post'], 201>>(rpc.api.patrols.$post()).then((r) => r.patrol),
  /** Uploads fixes of one of the caller's patrols; sending the same ones again stores nothing twice. */
  fixes: (id: number, fixes: FixesUpload) => unwrap<FixesAnswer>(rpc.api.patrols[':id'].fixes.$post({ param: { id: String(id) }, json: { fixes } })),
  /** A patrol's fixes (set-aside ones flagged), its simplified line and stops; one's own, or a worker's in scope. */
  track: (id: number) => unwrap<Ok<Patrols[':id']['track']['$get']>>(rpc.api.patrols[':id'].track.$get({ param: { id: String(id) } })),
  /** Ends a patrol, at the time given (when the worker pressed stop) or now. */
  stop: (id: number, at?: string) =>
    unwrap<Ok<Patrols[':id']['stop']['$post']>>(rpc.api.patrols[':id'].stop.$post({ param: { id: String(id) }, json: at ? { at } : {} })).then((r) => r.patrol),
};
