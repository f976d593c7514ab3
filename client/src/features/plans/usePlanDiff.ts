import { shallowRef, watch } from 'vue';
import { api } from '../../api/client.ts';
import type { PlanDiff } from '../../api/types.ts';

/** Fetches GET /api/plans/:id/diff whenever the plan or the plan compared against changes; a stale answer never wins. */
export function usePlanDiff(source: () => { planId: number; againstId?: number }) {
  const diff = shallowRef<PlanDiff | null>(null);
  const error = shallowRef<unknown>(null);
  const loading = shallowRef(false);
  let latest = 0;

  async function load() {
    const { planId, againstId } = source();
    const ticket = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const d = await api.planDiff(planId, againstId);
      if (ticket === latest) diff.value = d;
    } catch (err) {
      if (ticket === latest) {
        diff.value = null;
        error.value = err;
      }
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }

  watch(() => [source().planId, source().againstId], load, { immediate: true });
  return { diff, error, loading, reload: load };
}
