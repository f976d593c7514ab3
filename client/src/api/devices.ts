// Phones bound to workers (Traccar Client, OwnTracks) and GPX imports of past tracks (issue 12).
import type { InferResponseType } from 'hono/client';
import { rpc, unwrap, type Ok } from './client.ts';

type DevicesRpc = typeof rpc.api.devices;
/** A phone bound to a worker, live or revoked, with when it last reported. */
export type Device = Ok<DevicesRpc['$get']>['devices'][number];
/** POST /api/devices: the secret (OwnTracks' password) comes this once and never again. */
export type CreatedDevice = InferResponseType<DevicesRpc['$post'], 201>;
export type DeviceInput = Parameters<DevicesRpc['$post']>[0]['json'];
/** POST /api/patrols/import: the patrol made and what became of the file's points. */
export type GpxImported = InferResponseType<typeof rpc.api.patrols.import.$post, 201>;

/** Devices (users.manage, over the workers of the scope) and GPX imports; every call resolves to data or throws ApiError. */
export const devicesApi = {
  list: () => unwrap<Ok<DevicesRpc['$get']>>(rpc.api.devices.$get()).then((r) => r.devices),
  create: (json: DeviceInput) => unwrap<CreatedDevice>(rpc.api.devices.$post({ json })),
  revoke: (id: number) => unwrap<Ok<DevicesRpc[':id']['revoke']['$post']>>(rpc.api.devices[':id'].revoke.$post({ param: { id: String(id) } })),
  /** Uploads a .gpx file as one patrol of the worker (201; the same file again adds nothing). */
  importGpx: (userId: number, file: Blob) =>
    unwrap<GpxImported>(rpc.api.patrols.import.$post({ query: { userId: String(userId) } }, { init: { body: file, headers: { 'Content-Type': 'application/gpx+xml' } } })),
};
