import { computed, ref, shallowRef, watch } from 'vue';
import { ApiError } from '../../api/client.ts';
import { incidentsApi, type CategoryList, type IncidentDetail, type IncidentItem, type TransitionInput } from '../../api/incidents.ts';
import { emptyFilters, toQuery, type IncidentFilters } from './incidents.ts';

const PAGE = 50;

/** Tickets so that only the latest of overlapping loads lands. */
function tickets() {
  let last = 0;
  return { next: () => ++last, isCurrent: (t: number) => t === last };
}

/** The list of the caller's cases with its filters, pages and total; reloads when the filters change. */
export function useIncidentList() {
  const filters = ref<IncidentFilters>(emptyFilters());
  const items = shallowRef<IncidentItem[]>([]);
  const total = ref(0);
  /** False when the server stopped counting at its cap: the total is a lower bound. */
  const totalExact = ref(true);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const latest = tickets();

  async function load(append = false) {
    const offset = append ? items.value.length : 0;
    const ticket = latest.next();
    loading.value = true;
    error.value = null;
    try {
      const page = await incidentsApi.list(toQuery(filters.value, { limit: PAGE, offset }) as never);
      if (!latest.isCurrent(ticket)) return;
      items.value = append ? [...items.value, ...page.items] : page.items;
      total.value = page.total;
      totalExact.value = page.totalExact;
    } catch (e) {
      if (latest.isCurrent(ticket)) error.value = e;
    } finally {
      if (latest.isCurrent(ticket)) loading.value = false;
    }
  }
  watch(filters, () => void load(), { deep: true });
  const hasMore = computed(() => items.value.length < total.value || !totalExact.value);
  /** Puts a case the user just changed into the list without a reload. */
  function replace(d: IncidentDetail) {
    const { timeline: _timeline, photos: _photos, ...fields } = d;
    items.value = items.value.map((i) => (i.id === d.id ? { ...i, ...fields } : i));
  }
  return { filters, items, total, totalExact, loading, error, hasMore, reload: () => load(), more: () => load(true), replace };
}

/** One case opened: its detail, and acting on it against the version read (a 409 shows the current state). */
export function useIncident(onChanged: (d: IncidentDetail) => void) {
  const detail = shallowRef<IncidentDetail | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const conflict = ref(false);
  const latest = tickets();

  async function open(id: number | null) {
    const ticket = latest.next();
    conflict.value = false;
    error.value = null;
    if (id === null) {
      detail.value = null;
      return;
    }
    loading.value = true;
    try {
      const d = await incidentsApi.get(id);
      if (latest.isCurrent(ticket)) detail.value = d;
    } catch (e) {
      if (latest.isCurrent(ticket)) error.value = e;
    } finally {
      if (latest.isCurrent(ticket)) loading.value = false;
    }
  }

  /** Takes an action; on a 409 (someone acted first, or the state moved on) the current case is shown instead. */
  async function act(input: TransitionInput): Promise<boolean> {
    const d = detail.value;
    if (!d) return false;
    try {
      const next = await incidentsApi.transition(d.id, d.version, input);
      detail.value = next;
      conflict.value = false;
      onChanged(next);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        conflict.value = true;
        await open(d.id);
        conflict.value = true;
        if (detail.value) onChanged(detail.value);
        return false;
      }
      throw e;
    }
  }
  /** Merges the open case into another as a duplicate, then shows that one. */
  async function merge(into: number, note: string): Promise<boolean> {
    const d = detail.value;
    if (!d) return false;
    try {
      const target = await incidentsApi.merge(d.id, d.version, into, note || undefined);
      detail.value = target;
      onChanged(target);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) await open(d.id);
      throw e;
    }
  }
  return { detail, loading, error, conflict, open, act, merge };
}

let categories: Promise<CategoryList> | null = null;
/** The active categories, fetched once per page load. */
export function loadCategories(): Promise<CategoryList> {
  categories ??= incidentsApi.categories().catch((e: unknown) => {
    categories = null;
    throw e;
  });
  return categories;
}
