import { nextTick, onBeforeUnmount, shallowRef, watch, type Ref } from 'vue';
import { api } from '../../api/client.ts';
import type { SearchItem } from '../../api/types.ts';
import { useSelection } from '../../stores/selection.ts';
import { SEARCH_DELAY_MS, SEARCH_LIMIT, searchText } from './search.ts';

/** Asks /api/search once typing pauses; a slower answer to an older query never replaces a newer one. */
export function useSearch(query: Ref<string>) {
  const items = shallowRef<SearchItem[]>([]);
  const loading = shallowRef(false);
  const error = shallowRef<unknown>(null);
  /** The query the shown items answer (null before the first answer). */
  const answered = shallowRef<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;

  async function run(q: string) {
    const ticket = ++latest;
    loading.value = true;
    try {
      const res = await api.search(q, SEARCH_LIMIT);
      if (ticket === latest) [items.value, error.value] = [res.items, null];
    } catch (err) {
      if (ticket === latest) [items.value, error.value] = [[], err];
    } finally {
      if (ticket === latest) [loading.value, answered.value] = [false, q];
    }
  }

  watch(query, (raw) => {
    clearTimeout(timer);
    const q = searchText(raw);
    if (q === null) {
      latest++;
      [items.value, error.value, loading.value, answered.value] = [[], null, false, null];
      return;
    }
    loading.value = true;
    timer = setTimeout(() => void run(q), SEARCH_DELAY_MS);
  });
  onBeforeUnmount(() => clearTimeout(timer));

  /** Asks again now (after a failure). */
  const retry = () => {
    const q = searchText(query.value);
    if (q !== null) void run(q);
  };
  return { items, loading, error, answered, retry };
}

/**
 * Shows a found place on the map: a grid is selected (its panel opens) and framed beside the
 * panel; a jurisdiction is selected as in the tree; a compound or building is framed and its
 * buildings highlighted.
 */
export function usePlaceJump() {
  const selection = useSelection();
  return async function jump(item: SearchItem) {
    if (item.kind === 'jurisdiction') {
      selection.selectGrid(null);
      selection.selectJurisdiction(item.id, item.bbox);
      return;
    }
    if (item.kind === 'grid') {
      selection.selectGrid(item.id);
      // the map pads the frame by the grid panel, which is there only after the next render
      await nextTick();
    } else {
      selection.selectGrid(null);
      selection.showFound({ kind: item.kind === 'compound' ? 'compound' : 'building', id: item.id });
    }
    if (item.bbox) selection.showBbox(item.bbox);
  };
}
