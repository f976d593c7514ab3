import { shallowRef, ref } from 'vue';
import { api } from '../api/client.ts';
import type { MapConfig } from '../api/types.ts';

/** Loads /api/map once; exposes loading and error state and a retry. */
export function useMapConfig() {
  const config = shallowRef<MapConfig | null>(null);
  const error = shallowRef<unknown>(null);
  const loading = ref(false);
  async function load() {
    loading.value = true;
    error.value = null;
    try {
      config.value = await api.mapConfig();
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }
  void load();
  return { config, error, loading, reload: load };
}
