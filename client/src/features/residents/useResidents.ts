import { computed, onBeforeUnmount, ref, shallowRef, watch } from 'vue';
import { api } from '../../api/client.ts';
import type { Resident, ResidentsPage } from '../../api/types.ts';
import { useNotices } from '../../stores/notices.ts';
import { useWorkspace } from '../../stores/workspace.ts';
import { pageInfo, stepOffset } from './residents.ts';

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

/** The ledger list: search (debounced), grid filter (shared with the map), paging, export; a stale answer never wins. */
export function useResidents() {
  const workspace = useWorkspace();
  const notices = useNotices();
  const search = ref('');
  const query = ref('');
  const offset = ref(0);
  const page = shallowRef<ResidentsPage | null>(null);
  const loading = ref(false);
  const failed = ref(false);
  const exporting = ref(false);
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const grid = computed({ get: () => workspace.residentsGrid, set: (g) => (workspace.residentsGrid = g) });

  async function load() {
    const ticket = ++latest;
    loading.value = true;
    failed.value = false;
    try {
      const answer = await api.residents({ q: query.value, grid: grid.value ?? undefined, limit: LIMIT, offset: offset.value });
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
  watch([query, grid], () => (offset.value === 0 ? load() : (offset.value = 0)));
  watch(offset, load);
  onBeforeUnmount(() => clearTimeout(timer));
  load();

  const info = computed(() => pageInfo(offset.value, LIMIT, page.value?.items.length ?? 0, page.value?.more ?? false));

  return {
    search, grid, page, info, loading, failed, exporting, reload: load,
    step: (dir: -1 | 1) => (offset.value = stepOffset(offset.value, LIMIT, dir)),
    /** Puts a saved record into the visible page so the table matches the drawer. */
    replace(r: Resident) {
      if (page.value) page.value = { ...page.value, items: page.value.items.map((x) => (x.id === r.id ? r : x)) };
    },
    async exportCsv() {
      exporting.value = true;
      try {
        const { blob, filename } = await api.exportResidents({ q: query.value, grid: grid.value ?? undefined });
        saveFile(blob, filename);
      } catch (err) {
        notices.error(err);
      } finally {
        exporting.value = false;
      }
    },
  };
}
