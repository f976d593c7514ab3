import type { Ref } from 'vue';
import { api, ApiError } from '../../api/client.ts';
import type { GridDetail } from '../../api/types.ts';
import type { MapPick } from '../../map/useMap.ts';
import { useNotices } from '../../stores/notices.ts';
import { useSelection } from '../../stores/selection.ts';
import { useLatest } from '../../ui/useLatest.ts';

/** Fetches /api/grids/:id whenever the selected grid changes; a stale answer never wins. */
export function useGrid(gridId: Ref<number | null>) {
  const notices = useNotices();
  const { data: grid, loading } = useLatest<GridDetail>(gridId, (id) => api.grid(id), (err) => notices.error(err));
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
