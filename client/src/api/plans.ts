import type { InferRequestType, InferResponseType } from 'hono/client';
import type { AreaGeometry, LineGeometry } from '../../../server/src/features/plans/plans.schema.ts';
import { rpc, unwrap, unwrapEmpty, type Ok } from './client.ts';

type Plans = typeof rpc.api.plans;
type PlanId = Plans[':id'];
const p = (id: number) => ({ id: String(id) });
const pc = (id: number, code: string) => ({ id: String(id), code });

export type { AreaGeometry, LineGeometry } from '../../../server/src/features/plans/plans.schema.ts';

/** The plan routes of the one typed client; every call resolves to data or throws ApiError. */
export const plansApi = {
  list: (jurisdictionId?: number) => unwrap<Ok<Plans['$get']>>(rpc.api.plans.$get({ query: { jurisdictionId: jurisdictionId ? String(jurisdictionId) : undefined } })),
  create: (jurisdictionId: number, name?: string) =>
    unwrap<InferResponseType<Plans['$post'], 201>>(rpc.api.plans.$post({ json: { jurisdictionId, name } })),
  get: (id: number) => unwrap<Ok<PlanId['$get']>>(rpc.api.plans[':id'].$get({ param: p(id) })),
  operations: (id: number) => unwrap<Ok<PlanId['operations']['$get']>>(rpc.api.plans[':id'].operations.$get({ param: p(id) })),
  comments: (id: number) => unwrap<Ok<PlanId['comments']['$get']>>(rpc.api.plans[':id'].comments.$get({ param: p(id) })),
  comment: (id: number, body: string, gridCode?: string) =>
    unwrap<InferResponseType<PlanId['comments']['$post'], 201>>(rpc.api.plans[':id'].comments.$post({ param: p(id), json: { body, gridCode } })),
  draw: (id: number, version: number, geom: AreaGeometry) =>
    unwrap<InferResponseType<PlanId['grids']['$post'], 201>>(rpc.api.plans[':id'].grids.$post({ param: p(id), json: { version, geom } })),
  reshape: (id: number, code: string, version: number, geom: AreaGeometry) =>
    unwrap<Ok<PlanId['grids'][':code']['geometry']['$put']>>(rpc.api.plans[':id'].grids[':code'].geometry.$put({ param: pc(id, code), json: { version, geom } })),
  split: (id: number, code: string, version: number, line: LineGeometry) =>
    unwrap<Ok<PlanId['grids'][':code']['split']['$post']>>(rpc.api.plans[':id'].grids[':code'].split.$post({ param: pc(id, code), json: { version, line } })),
  patchGrid: (id: number, code: string, version: number, patch: { name?: string; locked?: boolean; justification?: string | null }) =>
    unwrap<Ok<PlanId['grids'][':code']['$patch']>>(rpc.api.plans[':id'].grids[':code'].$patch({ param: pc(id, code), json: { version, ...patch } })),
  removeGrid: (id: number, code: string, version: number) =>
    unwrap<Ok<PlanId['grids'][':code']['$delete']>>(rpc.api.plans[':id'].grids[':code'].$delete({ param: pc(id, code), json: { version } })),
  merge: (id: number, version: number, codes: string[]) =>
    unwrap<Ok<PlanId['merge']['$post']>>(rpc.api.plans[':id'].merge.$post({ param: p(id), json: { version, codes } })),
  reassign: (id: number, version: number, toCode: string, pick: { buildingIds?: number[]; within?: AreaGeometry; restrict?: { compoundId: number } | { unassignedOnly: true } }) =>
    unwrap<Ok<PlanId['reassign']['$post']>>(rpc.api.plans[':id'].reassign.$post({ param: p(id), json: { version, toCode, ...pick } })),
  revert: (id: number, opId: number, version: number) =>
    unwrap<Ok<PlanId['operations'][':opId']['revert']['$post']>>(rpc.api.plans[':id'].operations[':opId'].revert.$post({ param: { id: String(id), opId: String(opId) }, json: { version } })),
  /** Deletes a plan that was never published (its author or a reviewer above). */
  remove: (id: number, version: number) => unwrapEmpty(rpc.api.plans[':id'].$delete({ param: p(id), json: { version } })),
  submit: (id: number, version: number, note?: string) => unwrap<Ok<PlanId['submit']['$post']>>(rpc.api.plans[':id'].submit.$post({ param: p(id), json: { version, note } })),
  approve: (id: number, version: number, comment?: string) => unwrap<Ok<PlanId['approve']['$post']>>(rpc.api.plans[':id'].approve.$post({ param: p(id), json: { version, comment } })),
  reject: (id: number, version: number, comment: string) => unwrap<Ok<PlanId['reject']['$post']>>(rpc.api.plans[':id'].reject.$post({ param: p(id), json: { version, comment } })),
  publish: (id: number, version: number, validFrom: string) => unwrap<Ok<PlanId['publish']['$post']>>(rpc.api.plans[':id'].publish.$post({ param: p(id), json: { version, validFrom } })),
  // automatic plans: proposals are stored server-side; accepting one is one logged, undoable operation
  auto: (id: number, json: InferRequestType<PlanId['auto']['$post']>['json']) =>
    unwrap<InferResponseType<PlanId['auto']['$post'], 201>>(rpc.api.plans[':id'].auto.$post({ param: p(id), json })),
  rebalance: (id: number, json: InferRequestType<PlanId['rebalance']['$post']>['json']) =>
    unwrap<InferResponseType<PlanId['rebalance']['$post'], 201>>(rpc.api.plans[':id'].rebalance.$post({ param: p(id), json })),
  replan: (id: number, json: InferRequestType<PlanId['replan']['$post']>['json']) =>
    unwrap<InferResponseType<PlanId['replan']['$post'], 201>>(rpc.api.plans[':id'].replan.$post({ param: p(id), json })),
  accept: (id: number, proposalId: number, alternative: number, version: number) =>
    unwrap<Ok<PlanId['proposals'][':proposalId']['accept']['$post']>>(rpc.api.plans[':id'].proposals[':proposalId'].accept.$post({
      param: { id: String(id), proposalId: String(proposalId) }, json: { alternative, version },
    })),
};

type Districts = (typeof rpc.api.jurisdictions)[':id']['districts'];

/** Districts across the communities of a street office or a city (nothing stored: compare, preview, download). */
export const districtsApi = {
  propose: (jurisdictionId: number, json: InferRequestType<Districts['$post']>['json']) =>
    unwrap<Ok<Districts['$post']>>(rpc.api.jurisdictions[':id'].districts.$post({ param: p(jurisdictionId), json })),
};

export type Proposal = Awaited<ReturnType<typeof plansApi.auto>>;
export type DistrictsProposal = Awaited<ReturnType<typeof districtsApi.propose>>;
export type PlanDetail = Awaited<ReturnType<typeof plansApi.get>>;
export type PlanSummary = Awaited<ReturnType<typeof plansApi.list>>['plans'][number];
export type PlanValidation = PlanDetail['validation'];
export type PlanProblem = PlanValidation['problems'][number];
export type PlanOperation = Awaited<ReturnType<typeof plansApi.operations>>['operations'][number];
