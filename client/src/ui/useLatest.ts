import { shallowRef, watch, type Ref } from 'vue';

/**
 * Loads `load(id)` whenever the id changes (null clears it); a stale answer never wins. The error
 * of the latest load stays in state, and `onError` hears it (a toast, say); `reload` asks again.
 */
export function useLatest<T>(id: Ref<number | null>, load: (id: number) => Promise<T>, onError?: (err: unknown) => void) {
  const data = shallowRef<T | null>(null);
  const loading = shallowRef(false);
  const error = shallowRef<unknown>(null);
  let latest = 0;
  async function run(value: number | null) {
    const ticket = ++latest;
    error.value = null;
    if (value === null) {
      data.value = null;
      loading.value = false;
      return;
    }
    loading.value = true;
    try {
      const result = await load(value);
      if (ticket === latest) data.value = result;
    } catch (err) {
      if (ticket === latest) {
        data.value = null;
        error.value = err;
        onError?.(err);
      }
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }
  watch(id, run, { immediate: true });
  return { data, loading, error, reload: () => run(id.value) };
}
