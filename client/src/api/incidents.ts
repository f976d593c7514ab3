import type { InferRequestType, InferResponseType } from 'hono/client';
import { rpc, unwrap, type Ok } from './client.ts';

type Incidents = typeof rpc.api.incidents;
/** GET /api/incidents: a page of the cases in the caller's scope, with the total and each case's allowed actions. */
export type IncidentPage = Ok<Incidents['$get']>;
export type IncidentItem = IncidentPage['items'][number];
/** GET /api/incidents/:id: one case with its timeline and what the caller may do. */
export type IncidentDetail = Ok<Incidents[':id']['$get']>;
export type TimelineItem = IncidentDetail['timeline'][number];
/** The query of the list (every value a string, as it goes in the URL). */
export type IncidentQuery = NonNullable<InferRequestType<Incidents['$get']>['query']>;
/** POST /api/incidents */
export type IncidentReport = InferRequestType<Incidents['$post']>['json'];
export type ReportedIncident = InferResponseType<Incidents['$post'], 201>;
/** POST /api/incidents/:id/transitions, without the version (the caller passes the one it read). */
export type TransitionInput = Omit<InferRequestType<Incidents[':id']['transitions']['$post']>['json'], 'version'>;
export type Department = Ok<Incidents[':id']['routing']['$get']>['departments'][number];
/** GET /api/incident-categories: classes, each followed by its minor classes. */
export type CategoryList = Ok<typeof rpc.api['incident-categories']['$get']>;

/** Incidents on the one typed client; every call resolves to data or throws ApiError. */
export const incidentsApi = {
  list: (query: IncidentQuery) => unwrap<IncidentPage>(rpc.api.incidents.$get({ query })),
  get: (id: number) => unwrap<IncidentDetail>(rpc.api.incidents[':id'].$get({ param: { id: String(id) } })),
  report: (json: IncidentReport) => unwrap<ReportedIncident>(rpc.api.incidents.$post({ json })),
  transition: (id: number, version: number, input: TransitionInput) =>
    unwrap<IncidentDetail>(rpc.api.incidents[':id'].transitions.$post({ param: { id: String(id) }, json: { ...input, version } })),
  routing: (id: number) => unwrap<Ok<Incidents[':id']['routing']['$get']>>(rpc.api.incidents[':id'].routing.$get({ param: { id: String(id) } })),
  duplicates: (categoryCode: string, lon: number, lat: number) =>
    unwrap<Ok<Incidents['duplicates']['$get']>>(rpc.api.incidents.duplicates.$get({ query: { categoryCode, lon: lon.toFixed(7), lat: lat.toFixed(7) } })),
  merge: (id: number, version: number, into: number, note?: string) =>
    unwrap<IncidentDetail>(rpc.api.incidents[':id'].merge.$post({ param: { id: String(id) }, json: { into, version, ...(note ? { note } : {}) } })),
  categories: () => unwrap<CategoryList>(rpc.api['incident-categories'].$get({ query: { active: 'true' } })),
};
