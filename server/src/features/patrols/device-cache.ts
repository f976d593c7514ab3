import type { DeviceProtocol, DevicesRepo } from './devices.repo.ts';

type Live = Awaited<ReturnType<DevicesRepo['live']>>;

/**
 * Devices looked up by identifier in the last few seconds: a phone reporting every few seconds costs no
 * query each. A revocation in this process applies at once (forget); one in another process within `ttlMs`.
 */
export function createDeviceCache(repo: Pick<DevicesRepo, 'live'>, ttlMs = 5000) {
  const hits = new Map<string, { device: Live; at: number }>();
  return {
    async live(protocol: DeviceProtocol, identifier: string): Promise<Live> {
      const key = `${protocol}|${identifier}`;
      const hit = hits.get(key);
      if (hit && Date.now() - hit.at < ttlMs) return hit.device;
      const device = await repo.live(protocol, identifier);
      if (hits.size > 50_000) hits.clear();
      hits.set(key, { device, at: Date.now() });
      return device;
    },
    forget(protocol: DeviceProtocol, identifier: string) {
      hits.delete(`${protocol}|${identifier}`);
    },
  };
}

export type DeviceCache = ReturnType<typeof createDeviceCache>;
