import { shallowRef, watch, type Ref } from 'vue';
import { api, ApiError } from '../../api/client.ts';
import type { GridDetail } from '../../api/types.ts';
import type { MapPick } from '../../map/useMap.ts';
import { useNotices } from '../../stores/notices.ts';
import { useSelection } from '../../stores/selection.ts';

/** Fetches /api/grids/:id whenever the selected grid changes; a stale answer never wins. */
export function useGrid(gridId: Ref<number | null>) {
  const grid = shallowRef<GridDetail | null>(null);
  const loading = shallowRef(false);
  const notices = useNotices();
  let latest = 0;
  watch(
    gridId,
    async (id) => {
      const ticket = ++latest;
      if (id === null) {
        grid.value = null;
        loading.value = false;
        return;
      }
      loading.value = true;
      try {
        const detail = await api.grid(id);
        if (ticket === latest) grid.value = detail;
      } catch (err) {
        if (ticket === latest) {
          grid.value = null;
          notices.error(err);
        }
      } finally {
        if (ticket === latest) loading.value = false;
      }
    },
    { immediate: true },
  );
  return { grid, loading };
}

/** Turns a map click into a grid selection: the drawn grid if any, else /api/grids/at. */
export function useGridPick() {
  const selection = useSelection();
  const notices = useNotices();
  let latest = 0;
  return async function pick(p: MapPick) {
    const ticket = ++latest;
    if (p.gridId !== null) {
      selection.selectGrid(p.gridId);
      return;
    }
    try {
      const found = await api.gridAt(p.lon, p.lat);
      if (ticket === latest) selection.selectGrid(found.grid.id);
    } catch (err) {
      if (ticket !== latest) return;
      selection.selectGrid(null);
      // outside every grid is a normal answer, not a failure
      if (err instanceof ApiError && err.status === 404) notices.push({ key: 'map.noGridHere' }, 'info', 3000);
      else notices.error(err);
    }
  };
}
