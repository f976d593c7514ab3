import { ref, shallowRef, watch, type Ref } from 'vue';
import { coverageApi, type CoverageDay, type Gaps, type Patrol } from '../../api/coverage.ts';
import { dayWindow } from './coverage.ts';

/** Tickets so that only the latest of overlapping loads lands. */
function tickets() {
  let last = 0;
  return { next: () => ++last, isCurrent: (t: number) => t === last };
}

/** What the view asks for: a place (a jurisdiction code, '' for the whole scope), a day and a window of days. */
export interface CoverageQuery {
  jurisdiction: string;
  date: string;
  days: number;
}

/** The chosen day's figures and the gaps of the window, reloaded when the question changes. */
export function useCoverage(q: Ref<CoverageQuery>) {
  const day = shallowRef<CoverageDay | null>(null);
  const gaps = shallowRef<Gaps | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const latest = tickets();

  async function load() {
    const ticket = latest.next();
    const { jurisdiction, date, days } = q.value;
    error.value = null;
    // no place to ask about (no grant that sees patrols): nothing to show
    if (!jurisdiction) {
      day.value = null;
      gaps.value = null;
      loading.value = false;
      return;
    }
    loading.value = true;
    try {
      const [d, g] = await Promise.all([coverageApi.day(jurisdiction, date), coverageApi.gaps(jurisdiction, days)]);
      if (!latest.isCurrent(ticket)) return;
      day.value = d;
      gaps.value = g;
    } catch (e) {
      if (latest.isCurrent(ticket)) error.value = e;
    } finally {
      if (latest.isCurrent(ticket)) loading.value = false;
    }
  }
  watch(q, () => void load(), { deep: true, immediate: true });
  return { day, gaps, loading, error, reload: load };
}

/** Who or where the patrol list is about: a grid (patrols that passed it) or a worker. */
export type PatrolSubject = { kind: 'grid'; code: string; name: string } | { kind: 'worker'; userId: number; name: string };

/** The patrols of a grid or a worker over the window, loaded when the subject changes. */
export function usePatrols(subject: Ref<PatrolSubject | null>, q: Ref<CoverageQuery>) {
  const items = shallowRef<Patrol[]>([]);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const latest = tickets();

  async function load() {
    const s = subject.value;
    const ticket = latest.next();
    items.value = [];
    error.value = null;
    if (!s) return;
    loading.value = true;
    try {
      const window = dayWindow(q.value.date, q.value.days);
      const list = await coverageApi.patrols(s.kind === 'grid' ? { grid: s.code, ...window } : { user: s.userId, ...window });
      if (latest.isCurrent(ticket)) items.value = list;
    } catch (e) {
      if (latest.isCurrent(ticket)) error.value = e;
    } finally {
      if (latest.isCurrent(ticket)) loading.value = false;
    }
  }
  watch([subject, () => q.value.date, () => q.value.days], () => void load(), { immediate: true });
  return { items, loading, error, reload: load };
}
