import { rpc, unwrap, type Ok } from './client.ts';

type RouteGet = typeof rpc.api.patrols.route.$get;
/** A day's suggested patrol route as the server answers it (GET /api/patrols/route). */
export type PatrolRoute = Ok<RouteGet>;

/** The suggested patrol route, on the one typed client; resolves to data or throws ApiError. */
export const patrolRouteApi = {
  /** The caller's route for today (or `date`, YYYY-MM-DD), or that of `user` in the caller's patrols.view scope. */
  get: (q: { date?: string; user?: number } = {}) =>
    unwrap<PatrolRoute>(rpc.api.patrols.route.$get({ query: { date: q.date, user: q.user === undefined ? undefined : String(q.user) } })),
};
