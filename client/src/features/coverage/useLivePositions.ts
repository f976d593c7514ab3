import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import { coverageApi, type WorkerPosition } from '../../api/coverage.ts';
import { mergePosition, parsePosition, reconnectDelay } from './live.ts';

/** Positions older than this are not "on patrol now". */
export const LIVE_WINDOW_MINUTES = 60;

const recent = (list: readonly WorkerPosition[], now: number) => list.filter((p) => now - Date.parse(p.fixedAt) <= LIVE_WINDOW_MINUTES * 60_000);

/**
 * Workers' live positions while `on`: the current ones first, then the server's stream (its `ready` event
 * brings every position again, so a reconnection catches up); a dropped stream is opened again after a
 * growing pause. `now` ticks every few seconds so "last seen" and the stale mark move on their own.
 */
export function useLivePositions(on: Ref<boolean>) {
  const positions = shallowRef<WorkerPosition[]>([]);
  const connected = ref(false);
  const error = shallowRef<unknown>(null);
  const now = ref(new Date());
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  const tick = setInterval(() => (now.value = new Date()), 5000);

  function close() {
    clearTimeout(retry);
    source?.close();
    source = null;
    connected.value = false;
  }

  function connect() {
    close();
    const s = coverageApi.live();
    source = s;
    s.addEventListener('ready', (e) => {
      attempts = 0;
      connected.value = true;
      try {
        const list = (JSON.parse((e as MessageEvent<string>).data) as { positions?: WorkerPosition[] }).positions ?? [];
        positions.value = recent(list, Date.now());
      } catch {
        // a malformed ready keeps what was there
      }
    });
    s.addEventListener('position', (e) => {
      const p = parsePosition((e as MessageEvent<string>).data);
      if (p) positions.value = mergePosition(positions.value, p);
    });
    s.onerror = () => {
      connected.value = false;
      // the browser retries a dropped connection itself; a refused one (closed) is ours to open again
      if (s.readyState === EventSource.CLOSED && source === s) retry = setTimeout(connect, reconnectDelay(attempts++));
    };
  }

  async function start() {
    try {
      positions.value = recent(await coverageApi.positions(LIVE_WINDOW_MINUTES), Date.now());
      error.value = null;
    } catch (e) {
      error.value = e;
    }
    if (on.value) connect();
  }

  watch(on, (v) => (v ? void start() : close()), { immediate: true });
  onBeforeUnmount(() => {
    close();
    clearInterval(tick);
  });
  return { positions, connected, error, now };
}
