import { api } from '../../api/client.ts';
import { devicesApi } from '../../api/devices.ts';
import type { ComboItem } from '../../ui/kit.ts';
import { useLoaded } from '../../ui/useLoaded.ts';

/** The devices section: every phone bound to a worker of the scope (live first), binding and revoking. */
export function useDevices() {
  const { value: items, loading, error, reload } = useLoaded(devicesApi.list, []);
  return {
    items, loading, error, reload,
    /** Binds a phone; the answer holds the secret, which is never readable again. */
    async create(input: Parameters<typeof devicesApi.create>[0]) {
      const res = await devicesApi.create(input);
      void reload();
      return res;
    },
    async revoke(id: number) {
      await devicesApi.revoke(id);
      await reload();
    },
  };
}

/** Active accounts whose name or username matches, for choosing a device's worker (searched on the server). */
export async function findWorkers(q: string): Promise<ComboItem<number>[]> {
  const res = await api.adminUsers({ q: q || undefined, limit: '20', offset: '0' });
  return res.items.filter((u) => u.active).map((u) => ({ value: u.id, label: u.displayName, hint: u.username }));
}
