// Phones bound to workers (Traccar Client, OwnTracks) and GPX imports of past tracks (issue 12).
import { rpc, unwrap } from './client.ts';
import type { Patrol } from './coverage.ts';

export interface Device {
  id: number;
  userId: number;
  userName: string;
  protocol: 'osmand' | 'owntracks';
  identifier: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

/** POST /api/devices: the secret (OwnTracks' password) comes this once and never again. */
export interface CreatedDevice {
  id: number;
  identifier: string;
  secret: string;
}

export interface GpxImported {
  patrol: Patrol;
  stored: number;
  duplicates: number;
  refused: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the routes are not in AppType yet; the proxy builds the same URLs
const loose = rpc as any;

/** Devices (users.manage, over the workers of the scope) and GPX imports; every call resolves to data or throws ApiError. */
export const devicesApi = {
  list: () => unwrap<{ devices: Device[] }>(loose.api.devices.$get()).then((r) => r.devices),
  create: (json: { userId: number; protocol: Device['protocol']; identifier: string; label?: string }) => unwrap<CreatedDevice>(loose.api.devices.$post({ json })),
  revoke: (id: number) => unwrap<Device>(loose.api.devices[':id'].revoke.$post({ param: { id: String(id) } })),
  /** Uploads a .gpx file as one patrol of the worker (201; the same file again adds nothing). */
  importGpx: (userId: number, file: Blob) =>
    unwrap<GpxImported>(loose.api.patrols.import.$post({ query: { userId: String(userId) } }, { init: { body: file, headers: { 'Content-Type': 'application/gpx+xml' } } })),
};
