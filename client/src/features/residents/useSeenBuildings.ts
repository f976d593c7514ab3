import { ref, watch, type Ref } from 'vue';
import { api } from '../../api/client.ts';
import type { ResidentsPage } from '../../api/types.ts';
import { useNotices } from '../../stores/notices.ts';
import { buildingOptions, householdOptions, type BuildingOption, type HouseholdOption, type SeenRow } from './households.ts';

// There is no endpoint listing the buildings in scope, so the choices are those of the ledger
// rows seen; "more" pages on through the scoped ledger on demand (a masked, audited list read)
// rather than reading every resident up front just to learn building names.
const PAGE = 200;

/** Building and household choices for the add and move forms, from the rows seen plus pages read on demand. */
export function useSeenBuildings(page: Ref<ResidentsPage | null>) {
  const notices = useNotices();
  const buildings = ref<BuildingOption[]>([]);
  const households = ref<HouseholdOption[]>([]);
  const loadingMore = ref(false);
  const hasMore = ref(true);
  let offset = 0;

  function add(rows: readonly SeenRow[]) {
    buildings.value = buildingOptions(buildings.value, rows);
    households.value = householdOptions(households.value, rows);
  }
  watch(page, (p) => add(p?.items ?? []), { immediate: true });

  /** Reads the next page of the whole scoped ledger for its buildings and households. */
  async function more() {
    if (loadingMore.value || !hasMore.value) return;
    loadingMore.value = true;
    try {
      const next = await api.residents({ limit: PAGE, offset });
      add(next.items);
      offset += PAGE;
      hasMore.value = next.more;
    } catch (err) {
      notices.error(err);
    } finally {
      loadingMore.value = false;
    }
  }

  return { buildings, households, loadingMore, hasMore, more, add };
}
