import { ref, shallowRef } from 'vue';
import { api } from '../../api/client.ts';
import { auditQuery, emptyFilters, filtersProblem, PAGE_SIZE, type AuditEntry, type AuditFilters } from './audit.ts';

/** The audit log page: filters as typed, the filters of the shown page, paging. */
export function useAuditLog() {
  const filters = ref<AuditFilters>(emptyFilters());
  // paging keeps the filters of the last search, not whatever is half-typed in the bar
  const applied = shallowRef<AuditFilters>(emptyFilters());
  const page = ref(0);
  const items = shallowRef<AuditEntry[]>([]);
  const more = ref(false);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const problem = ref<string | undefined>();
  let latest = 0;

  async function load() {
    const mine = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const res = await api.audit(auditQuery(applied.value, page.value));
      if (mine !== latest) return;
      items.value = res.items;
      more.value = res.more;
    } catch (err) {
      if (mine === latest) error.value = err;
    } finally {
      if (mine === latest) loading.value = false;
    }
  }

  /** Applies the filter bar from the first page; a filter the server would refuse is named instead. */
  function search() {
    problem.value = filtersProblem(filters.value);
    if (problem.value) return;
    applied.value = { ...filters.value };
    page.value = 0;
    void load();
  }

  function reset() {
    filters.value = emptyFilters();
    search();
  }

  function goTo(p: number) {
    page.value = Math.max(0, p);
    void load();
  }

  void load();
  return { filters, page, items, more, loading, error, problem, search, reset, goTo, reload: load, pageSize: PAGE_SIZE };
}
