import { computed, onBeforeUnmount, ref, shallowRef, watch } from 'vue';
import { api, type LedgerFilter } from '../../api/client.ts';
import type { Resident, ResidentsPage } from '../../api/types.ts';
import { useNotices } from '../../stores/notices.ts';
import { useSelection } from '../../stores/selection.ts';
import { useWorkspace } from '../../stores/workspace.ts';
import type { GridWords } from '../auth/auth.ts';
import { findPath } from '../jurisdictions/jurisdictions.ts';
import { learnGridNames, pageInfo, stepOffset } from './residents.ts';

const LIMIT = 50;
const SEARCH_DELAY_MS = 300;

/** Saves a blob as a file through a temporary link; the object URL is released at once. */
function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A jurisdiction the tree chose, by id, with its name for the filter's chip. */
export interface PlaceFilter {
  id: number;
  name: string;
}

/**
 * The ledger list: search (debounced), grid filter (shared with the map), the place chosen in the
 * jurisdiction tree or a grid found by the search box while the ledger is open, paging with totals,
 * export; a stale answer never wins.
 */
export function useResidents() {
  const workspace = useWorkspace();
  const selection = useSelection();
  const notices = useNotices();
  const search = ref('');
  const query = ref('');
  const offset = ref(0);
  const page = shallowRef<ResidentsPage | null>(null);
  const loading = ref(false);
  const failed = ref(false);
  const exporting = ref<'csv' | 'xlsx' | null>(null);
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const grid = computed({ get: () => workspace.residentsGrid, set: (g) => (workspace.residentsGrid = g) });
  const place = shallowRef<PlaceFilter | null>(null);
  // grid names (and communities) by code, for the filter and the scope line: from the rows shown and
  // the user's own grids (the map's config)
  const gridNames = shallowRef(new Map<string, GridWords>());
  watch(page, (p) => (gridNames.value = learnGridNames(gridNames.value, p?.items ?? [])));
  api.mapConfig().then((c) => (gridNames.value = learnGridNames(gridNames.value, c.ownGrids.map((g) => ({ gridCode: g.code, gridName: g.name })))),
    () => {}); // without them the filter shows codes until rows name the grids
  const filter = (): LedgerFilter => ({ q: query.value, grid: grid.value ?? undefined, jurisdiction: place.value?.id });

  // the tree and the search box steer the ledger while it is open: a street office or community
  // keeps everything under it, a grid keeps that grid (the two never stand together)
  watch(() => selection.jurisdictionId, async (id) => {
    if (id === null) return;
    const name = findPath((await api.jurisdictions()).tree, id).at(-1)?.name ?? '';
    grid.value = null;
    place.value = { id, name };
  });
  watch(() => selection.gridId, async (id) => {
    if (id === null) return;
    const g = await api.grid(id);
    place.value = null;
    grid.value = g.code;
  });
  watch(grid, (g) => {
    if (g) place.value = null;
  });

  async function load() {
    const ticket = ++latest;
    loading.value = true;
    failed.value = false;
    try {
      const answer = await api.residents({ ...filter(), limit: LIMIT, offset: offset.value });
      if (ticket === latest) page.value = answer;
    } catch (err) {
      if (ticket !== latest) return;
      failed.value = true;
      notices.error(err);
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }

  // typing waits for a pause; a new search or grid starts again at the first page
  watch(search, (s) => {
    clearTimeout(timer);
    timer = setTimeout(() => (query.value = s.trim()), SEARCH_DELAY_MS);
  });
  watch([query, grid, place], () => (offset.value === 0 ? load() : (offset.value = 0)));
  watch(offset, load);
  onBeforeUnmount(() => clearTimeout(timer));
  load();

  const info = computed(() => {
    const p = page.value;
    return pageInfo(offset.value, LIMIT, p?.items.length ?? 0, p?.more ?? false, p?.total, p?.totalExact);
  });

  return {
    search, grid, place, page, info, gridNames, loading, failed, exporting, reload: load,
    step: (dir: -1 | 1) => (offset.value = stepOffset(offset.value, LIMIT, dir)),
    /** Puts a saved record into the visible page so the table matches the drawer. */
    replace(r: Resident) {
      if (page.value) page.value = { ...page.value, items: page.value.items.map((x) => (x.id === r.id ? r : x)) };
    },
    /** Downloads the list's filters as CSV or Excel. */
    async exportFile(format: 'csv' | 'xlsx') {
      exporting.value = format;
      try {
        const { blob, filename } = await api.exportResidents(filter(), format);
        saveFile(blob, filename);
      } catch (err) {
        notices.error(err);
      } finally {
        exporting.value = null;
      }
    },
  };
}
