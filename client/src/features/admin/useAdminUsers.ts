import { ref, shallowRef, watch } from 'vue';
import { api } from '../../api/client.ts';
import type { AdminUser, GrantInput } from './admin.ts';

const PAGE_SIZE = 20;

/** The users page: a searchable, paged list plus every account write, each refreshing the list. */
export function useAdminUsers() {
  const q = ref('');
  const page = ref(0);
  const items = shallowRef<AdminUser[]>([]);
  const more = ref(false);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  let latest = 0;

  async function load() {
    // a slow answer to an older search must not overwrite a newer one
    const mine = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const res = await api.adminUsers({ q: q.value.trim() || undefined, limit: String(PAGE_SIZE), offset: String(page.value * PAGE_SIZE) });
      if (mine !== latest) return;
      items.value = res.items;
      more.value = res.more;
    } catch (err) {
      if (mine === latest) error.value = err;
    } finally {
      if (mine === latest) loading.value = false;
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(q, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      page.value = 0;
      void load();
    }, 250);
  });
  watch(page, () => void load());
  void load();

  /** Puts a changed user in place without refetching the page. */
  function replace(user: AdminUser) {
    items.value = items.value.map((u) => (u.id === user.id ? user : u));
  }

  return {
    q, page, items, more, loading, error, reload: load, pageSize: PAGE_SIZE,
    async create(body: Parameters<typeof api.createUser>[0]) {
      const res = await api.createUser(body);
      void load();
      return res;
    },
    async patch(id: number, body: Parameters<typeof api.patchUser>[1]) {
      const user = await api.patchUser(id, body);
      replace(user);
      return user;
    },
    async replaceGrants(id: number, grants: GrantInput[]) {
      const user = await api.replaceGrants(id, grants);
      replace(user);
      return user;
    },
    async resetPassword(id: number) {
      const res = await api.resetPassword(id);
      void load(); // the lock is cleared too
      return res.temporaryPassword;
    },
    async unlock(id: number) {
      const user = await api.unlockUser(id);
      replace(user);
      return user;
    },
  };
}
