import { shallowRef } from 'vue';
import { api } from '../../api/client.ts';
import type { JurisdictionNode } from '../../api/types.ts';

/** Loads the jurisdiction tree once; the error stays in state so the panel can offer a retry. */
export function useJurisdictions() {
  const tree = shallowRef<JurisdictionNode[]>([]);
  const loading = shallowRef(true);
  const error = shallowRef<unknown>(null);
  async function load() {
    loading.value = true;
    error.value = null;
    try {
      tree.value = (await api.jurisdictions()).tree;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }
  void load();
  return { tree, loading, error, reload: load };
}
