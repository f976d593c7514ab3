import type { InferResponseType } from 'hono/client';
import { rpc, unwrap, type Ok } from './client.ts';

type Jurisdictions = typeof rpc.api.jurisdictions;
/** A place to add: a county (no parent), a street office or a community under its parent. */
export interface NewPlace {
  code: string;
  name: string;
  level: 'county' | 'town' | 'community';
  parentCode?: string;
}
/** An official division suggested for a code or name. */
export type Division = Ok<Jurisdictions['divisions']['$get']>['items'][number];
/** What a place still lacks before it can be planned. */
export type PlaceSetup = Ok<Jurisdictions[':id']['setup']['$get']>;

/** Adding cities, street offices and communities, and their setup checklist. */
export const placesApi = {
  create: (json: NewPlace) => unwrap<InferResponseType<Jurisdictions['$post'], 201>>(rpc.api.jurisdictions.$post({ json })),
  divisions: (q: string, opts: { parentCode?: string; level?: NewPlace['level'] } = {}) =>
    unwrap<Ok<Jurisdictions['divisions']['$get']>>(rpc.api.jurisdictions.divisions.$get({ query: { q, parentCode: opts.parentCode, level: opts.level, limit: '20' } })),
  setup: (id: number) => unwrap<PlaceSetup>(rpc.api.jurisdictions[':id'].setup.$get({ param: { id: String(id) } })),
};
