import { ref, shallowRef } from 'vue';

/** A value fetched from the server with its loading flag and error, fetched at once and again on reload(). */
export function useLoaded<T>(fetch: () => Promise<T>, initial: T) {
  const value = shallowRef<T>(initial);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  async function reload() {
    loading.value = true;
    error.value = null;
    try {
      value.value = await fetch();
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }
  void reload();
  return { value, loading, error, reload };
}
