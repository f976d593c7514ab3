import { rpc, unwrap, type Ok } from './client.ts';

type Summary = (typeof rpc.api.jurisdictions)[':id']['summary']['$get'];
/** GET /api/jurisdictions/:id/summary: a place's totals over the grids the caller may see. */
export type PlaceSummary = Ok<Summary>;

/** A community's, street office's or county's totals for the side panel. */
export const summaryApi = {
  get: (id: number) => unwrap<PlaceSummary>(rpc.api.jurisdictions[':id'].summary.$get({ param: { id: String(id) } })),
};
