// Pure rules of the admin's devices section: the add form's checks and the setup each phone app needs
// (Traccar Client speaks the OsmAnd protocol; OwnTracks posts JSON with Basic auth). No Vue, no HTTP.

export type DeviceProtocol = 'osmand' | 'owntracks';
export const DEVICE_PROTOCOLS: readonly DeviceProtocol[] = ['osmand', 'owntracks'];

/** What the database accepts as an identifier (migration 019): what a phone app lets one type, too. */
export const IDENTIFIER = /^[A-Za-z0-9_.:@-]{1,64}$/;

export interface DeviceDraft {
  userId: number | null;
  protocol: DeviceProtocol;
  identifier: string;
  label: string;
}

/** Field → message key of what is wrong with the draft (empty: it can be sent). */
export function checkDevice(d: DeviceDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  const id = d.identifier.trim();
  if (d.userId === null) errors.userId = 'devices.errors.workerRequired';
  if (!id) errors.identifier = 'devices.errors.identifierRequired';
  else if (!IDENTIFIER.test(id)) errors.identifier = 'devices.errors.identifierFormat';
  if (d.label.trim().length > 100) errors.label = 'devices.errors.labelLong';
  return errors;
}

/** A suggestion for a new identifier: Traccar Client shows a number of its own; OwnTracks' user is free text. */
export function suggestIdentifier(protocol: DeviceProtocol, username: string, random: () => number = Math.random): string {
  if (protocol === 'osmand') return String(100000 + Math.floor(random() * 900000));
  const clean = username.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 48);
  return clean || `worker-${Math.floor(random() * 10000)}`;
}

/** One line of a phone app's settings: the setting's name (a message key) and what to type. */
export interface SetupLine {
  key: string;
  value: string;
  secret?: boolean;
}

/** The server address the phone posts to: this page's origin (http or https as it is served) and the protocol's path. */
export function deviceUrl(origin: string, protocol: DeviceProtocol): string {
  return `${origin.replace(/\/+$/, '')}/gps/${protocol}`;
}

/** The settings to type into the phone app for a device, in the app's own order. */
export function setupLines(protocol: DeviceProtocol, origin: string, identifier: string, secret: string): SetupLine[] {
  const url = deviceUrl(origin, protocol);
  if (protocol === 'osmand') {
    return [
      { key: 'devices.setup.traccar.deviceId', value: identifier },
      { key: 'devices.setup.traccar.serverUrl', value: url },
    ];
  }
  return [
    { key: 'devices.setup.owntracks.mode', value: 'HTTP' },
    { key: 'devices.setup.owntracks.url', value: url },
    { key: 'devices.setup.owntracks.userId', value: identifier },
    { key: 'devices.setup.owntracks.password', value: secret, secret: true },
  ];
}
