import { shallowRef } from 'vue';
import { fromPosition, type PatrolPoint } from './sampling.ts';

/** Why positions do not come: the browser has no geolocation, the worker refused it, or the phone cannot get a fix now. */
export type GeoProblem = 'unsupported' | 'denied' | 'unavailable' | 'timeout';

/**
 * The phone's position while a patrol records: navigator.geolocation.watchPosition with high accuracy
 * and no cached fixes. A refusal stops the watch (the worker must allow it in the settings and resume);
 * no fix for a while is said but the watch goes on, since the phone finds one again in the open.
 */
export function useGeoWatch(onPoint: (p: PatrolPoint) => void) {
  const problem = shallowRef<GeoProblem | null>(null);
  let watchId: number | null = null;

  function start(): boolean {
    if (watchId !== null) return true;
    if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
      problem.value = 'unsupported';
      return false;
    }
    problem.value = null;
    watchId = navigator.geolocation.watchPosition(
      (pos) => {
        problem.value = null;
        onPoint(fromPosition(pos));
      },
      (err) => {
        if (err.code === err.PERMISSION_DENIED) {
          problem.value = 'denied';
          stop();
        } else {
          problem.value = err.code === err.TIMEOUT ? 'timeout' : 'unavailable';
        }
      },
      { enableHighAccuracy: true, maximumAge: 0, timeout: 60_000 },
    );
    return true;
  }

  function stop() {
    if (watchId !== null) navigator.geolocation.clearWatch(watchId);
    watchId = null;
  }

  return { problem, start, stop };
}

/**
 * Keeps the screen on while recording where the browser can (Screen Wake Lock API): phones stop giving
 * a page positions once the screen locks. The lock is lost whenever the page is hidden, so it is taken
 * again when the page comes back; `held` says whether it is on.
 */
export function useWakeLock() {
  const held = shallowRef(false);
  let sentinel: WakeLockSentinel | null = null;
  let wanted = false;

  async function take() {
    if (!wanted || sentinel || document.visibilityState !== 'visible' || !('wakeLock' in navigator)) return;
    try {
      sentinel = await navigator.wakeLock.request('screen');
      held.value = true;
      sentinel.addEventListener('release', () => {
        sentinel = null;
        held.value = false;
      });
    } catch {
      // refused (battery saver, no user gesture yet): recording goes on, the screen may lock
      held.value = false;
    }
  }
  const onVisible = () => void take();

  function acquire() {
    if (wanted) return;
    wanted = true;
    document.addEventListener('visibilitychange', onVisible);
    void take();
  }

  function release() {
    wanted = false;
    document.removeEventListener('visibilitychange', onVisible);
    void sentinel?.release().catch(() => {});
    sentinel = null;
    held.value = false;
  }

  return { held, acquire, release };
}
