import { ref, shallowRef } from 'vue';
import { api } from '../../api/client.ts';
import type { ApiKey } from './admin.ts';

/** The API keys page: every key (live first), issuing and revoking. */
export function useApiKeys() {
  const items = shallowRef<ApiKey[]>([]);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      items.value = (await api.apiKeys()).items;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }
  void load();

  return {
    items, loading, error, reload: load,
    /** Issues a key; the answer holds the full key, which is never readable again. */
    async create(userId: number, name: string) {
      const res = await api.createApiKey(userId, name);
      void load();
      return res;
    },
    async revoke(id: number) {
      await api.revokeApiKey(id);
      await load();
    },
  };
}
