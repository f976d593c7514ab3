import { computed, shallowRef } from 'vue';
import { ApiError } from '../../api/client.ts';
import { patrolsApi } from '../../api/patrols.ts';
import { backoffMs, drain, type DrainResult } from './fix-queue.ts';
import type { SyncState } from './patrol-status.ts';
import type { PatrolStore } from './patrol-store.ts';

/** The HTTP status of a failed call (0: the server could not be reached). */
export const statusOf = (err: unknown) => (err instanceof ApiError ? err.status : 0);

/** While fixes wait, an upload is tried at least this often (recording adds a few every half minute). */
const TICK_MS = 15_000;
/** So many fixes waiting start an upload at once rather than at the next tick. */
export const EAGER_PENDING = 50;

/**
 * Uploads the signed-in worker's waiting fixes: every few seconds while some wait, at once when the
 * browser comes back online, after a failure only once its back-off has passed. `online` is the
 * browser's word and the last request's together (a phone can be "online" on a captive Wi-Fi).
 * `afterDrain` runs after each drain that emptied the queue (the recorder sends a waiting stop there).
 */
export function usePatrolSync(store: PatrolStore, userId: number, afterDrain: (r: DrainResult) => Promise<void>) {
  const pending = shallowRef(0);
  const sync = shallowRef<SyncState>('idle');
  const browserOnline = shallowRef(typeof navigator === 'undefined' ? true : navigator.onLine);
  const reachable = shallowRef(true);
  const online = computed(() => browserOnline.value && reachable.value);
  /** Fixes the server refused for good since the view opened (shown once, they will not be sent again). */
  const refused = shallowRef(0);
  let failures = 0;
  let retryAt = 0;
  let running: Promise<void> | null = null;

  async function run() {
    sync.value = 'uploading';
    const r = await drain(store, userId, patrolsApi.fixes, statusOf);
    // counted again rather than taken from the drain: fixes recorded while it ran wait too
    pending.value = await store.count(userId);
    if (r.refused) refused.value += r.refused;
    reachable.value = !(r.state === 'retry' && statusOf(r.error) === 0);
    if (r.state === 'retry') {
      failures += 1;
      retryAt = Date.now() + backoffMs(failures);
    } else {
      failures = 0;
      retryAt = 0;
    }
    sync.value = r.state;
    if (r.state === 'synced') await afterDrain(r);
  }

  /** Uploads now unless an upload is already on its way (then waits for it). */
  function flush(): Promise<void> {
    running ??= run().catch(() => {
      // the store itself failed (storage full, IndexedDB gone): try again at the next tick
      sync.value = 'retry';
    }).finally(() => (running = null));
    return running;
  }

  /** One more fix waits: upload soon, at once when many wait. */
  function added() {
    pending.value += 1;
    if (pending.value >= EAGER_PENDING && Date.now() >= retryAt) void flush();
  }

  const tick = setInterval(() => {
    if (pending.value > 0 && browserOnline.value && Date.now() >= retryAt) void flush();
  }, TICK_MS);
  const onOnline = () => {
    browserOnline.value = true;
    failures = 0;
    retryAt = 0;
    void flush();
  };
  const onOffline = () => (browserOnline.value = false);
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);

  /** Reads how many fixes wait (at start, and after the store changed behind our back). */
  async function recount() {
    pending.value = await store.count(userId);
  }

  function dispose() {
    clearInterval(tick);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
  }

  return { pending, sync, online, refused, flush, added, recount, dispose };
}
