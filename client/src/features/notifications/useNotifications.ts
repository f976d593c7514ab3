import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import type { ApiError } from '../../api/client.ts';
import { notificationsApi, type NotificationItem } from '../../api/notifications.ts';
import { markRead, mergeItem, parseItem, parseReady, reconnectDelay } from './notifications.ts';

const PAGE = 20;

/**
 * The signed-in user's notifications for the bell: the first page and the unread count, kept live by
 * one EventSource per tab (the bell is mounted once). A stream that breaks is reopened after a growing
 * wait; each (re)opening reloads the list, so what came while it was down is not missed.
 */
export function useNotifications() {
  const items = ref<NotificationItem[]>([]);
  const unread = ref(0);
  const total = ref(0);
  const loading = ref(false);
  const error = ref<ApiError | null>(null);
  const live = ref(false);
  /** The stream broke and is being reopened (not merely opening for the first time). */
  const broken = ref(false);
  const source = shallowRef<EventSource | null>(null);
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  // live news counted, so an answer that left the server before some of it never overwrites it
  let news = 0;

  async function load(more = false) {
    loading.value = true;
    try {
      for (;;) {
        const seen = news;
        const page = await notificationsApi.list({ limit: PAGE, offset: more ? items.value.length : 0 });
        // a notification pushed while this page was on its way may be missing from it: ask again
        if (!more && seen !== news) continue;
        items.value = more ? [...items.value, ...page.items.filter((i) => !items.value.some((o) => o.id === i.id))] : page.items;
        if (seen === news) {
          unread.value = page.unread;
          total.value = page.total;
        }
        error.value = null;
        break;
      }
    } catch (e) {
      error.value = e as ApiError;
    } finally {
      loading.value = false;
    }
  }

  function connect() {
    if (disposed) return;
    const es = notificationsApi.stream();
    source.value = es;
    es.addEventListener('ready', (e) => {
      attempt = 0;
      live.value = true;
      broken.value = false;
      const n = parseReady((e as MessageEvent<string>).data);
      if (n !== null) unread.value = n;
      // what came while the stream was down (or before it opened) is in the list only after a reload
      news += 1;
      void load();
    });
    es.addEventListener('notification', (e) => {
      const item = parseItem<NotificationItem>((e as MessageEvent<string>).data);
      if (!item || items.value.some((i) => i.id === item.id)) return;
      news += 1;
      items.value = mergeItem(items.value, item, Math.max(PAGE, items.value.length + 1));
      total.value += 1;
      if (item.readAt === null) unread.value += 1;
    });
    es.onerror = () => {
      live.value = false;
      broken.value = true;
      // the browser retries by itself while CONNECTING; a refused stream (signed out, server gone) is CLOSED for good
      if (es.readyState !== EventSource.CLOSED) return;
      es.close();
      retry = setTimeout(connect, reconnectDelay(attempt++));
    };
  }

  async function read(item: NotificationItem) {
    if (item.readAt !== null) return;
    items.value = markRead(items.value, item.id, new Date().toISOString());
    unread.value = Math.max(0, unread.value - 1);
    try {
      const seen = news;
      const answer = await notificationsApi.read(item.id);
      if (seen === news) unread.value = answer.unread;
    } catch (e) {
      error.value = e as ApiError;
    }
  }

  async function readAll() {
    items.value = markRead(items.value, 'all', new Date().toISOString());
    unread.value = 0;
    try {
      await notificationsApi.readAll();
    } catch (e) {
      error.value = e as ApiError;
      await load();
    }
  }

  onMounted(() => {
    void load();
    connect();
  });
  onBeforeUnmount(() => {
    disposed = true;
    if (retry) clearTimeout(retry);
    source.value?.close();
  });

  return { items, unread, total, loading, error, live, broken, load, read, readAll };
}
