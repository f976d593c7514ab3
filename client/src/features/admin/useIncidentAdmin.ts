import { shallowRef, watch, type Ref } from 'vue';
import { incidentAdminApi, type AdminCategory, type AdminDepartment, type CalendarDayInput, type CalendarYear, type CategoryPatch, type NewCategory } from '../../api/incident-admin.ts';

/** A value fetched by `fetch`, with its loading state and error; the newest call wins over a slower older one. */
function loader<T>(initial: T, fetch: () => Promise<T>) {
  const data = shallowRef<T>(initial);
  const loading = shallowRef(false);
  const error = shallowRef<unknown>(null);
  let latest = 0;
  async function load() {
    const mine = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const value = await fetch();
      if (mine === latest) data.value = value;
    } catch (err) {
      if (mine === latest) error.value = err;
    } finally {
      if (mine === latest) loading.value = false;
    }
  }
  return { data, loading, error, load };
}

/** Every category with its version; each write reloads the list (a new class brings its minor classes). */
export function useCategoriesAdmin() {
  const list = loader<AdminCategory[]>([], async () => (await incidentAdminApi.categories()).items);
  void list.load();
  return {
    ...list,
    async create(body: NewCategory) {
      const res = await incidentAdminApi.createCategory(body);
      await list.load();
      return res.items;
    },
    async patch(code: string, version: number, patch: CategoryPatch) {
      const updated = await incidentAdminApi.patchCategory(code, version, patch);
      list.data.value = list.data.value.map((c) => (c.code === code ? updated : c));
      return updated;
    },
  };
}

/** The departments of one street office or county (none chosen: none listed). */
export function useDepartmentsAdmin(place: Ref<number | null>) {
  const list = loader<AdminDepartment[]>([], async () => (place.value === null ? [] : (await incidentAdminApi.departments(place.value)).items));
  watch(place, () => void list.load(), { immediate: true });
  const put = (d: AdminDepartment) => {
    list.data.value = list.data.value.some((x) => x.id === d.id) ? list.data.value.map((x) => (x.id === d.id ? d : x)) : [...list.data.value, d];
    return d;
  };
  return {
    ...list,
    create: async (body: Parameters<typeof incidentAdminApi.createDepartment>[0]) => put(await incidentAdminApi.createDepartment(body)),
    patch: async (id: number, body: Parameters<typeof incidentAdminApi.patchDepartment>[1]) => put(await incidentAdminApi.patchDepartment(id, body)),
    setMembers: async (id: number, userIds: number[]) => put(await incidentAdminApi.setMembers(id, userIds)),
  };
}

/** One year of the working-day calendar; each write reloads it. */
export function useWorkCalendar(year: Ref<number>) {
  const cal = loader<CalendarYear | null>(null, () => incidentAdminApi.calendar(year.value));
  watch(year, () => void cal.load(), { immediate: true });
  const then = async <T>(p: Promise<T>) => {
    const v = await p;
    await cal.load();
    return v;
  };
  return {
    ...cal,
    putDay: (date: string, body: CalendarDayInput) => then(incidentAdminApi.putDay(date, body)),
    deleteDay: (date: string) => then(incidentAdminApi.deleteDay(date)),
    declare: () => then(incidentAdminApi.declareYear(year.value)),
    withdraw: () => then(incidentAdminApi.withdrawYear(year.value)),
  };
}
