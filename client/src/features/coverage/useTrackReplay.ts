import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import { coverageApi, type Track } from '../../api/coverage.ts';
import { advance, keptTimeline, positionAt, stoppedAt, type Rate } from './replay.ts';

/** One patrol's track replayed: loaded when the id changes, a clock moved by the slider or by play at 1×/10×/60×. */
export function useTrackReplay(patrolId: Ref<number | null>) {
  const track = shallowRef<Track | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const t = ref(0);
  const playing = ref(false);
  const rate = ref<Rate>(10);
  let asked = 0;
  let frame = 0;
  let last = 0;

  const line = computed(() => keptTimeline(track.value?.fixes ?? []));
  const start = computed(() => line.value[0]?.at ?? 0);
  const end = computed(() => line.value.at(-1)?.at ?? 0);
  const point = computed(() => positionAt(line.value, t.value));
  const stopped = computed(() => stoppedAt(track.value?.stops ?? [], t.value));

  watch(patrolId, async (id) => {
    const mine = ++asked;
    pause();
    track.value = null;
    error.value = null;
    if (id === null) return;
    loading.value = true;
    try {
      const tr = await coverageApi.track(id);
      if (mine !== asked) return;
      track.value = tr;
      t.value = keptTimeline(tr.fixes)[0]?.at ?? 0;
    } catch (e) {
      if (mine === asked) error.value = e;
    } finally {
      if (mine === asked) loading.value = false;
    }
  }, { immediate: true });

  function step(now: number) {
    t.value = advance(t.value, now - last, rate.value, end.value);
    last = now;
    if (t.value >= end.value) playing.value = false;
    else frame = requestAnimationFrame(step);
  }
  function play() {
    if (!line.value.length) return;
    if (t.value >= end.value) t.value = start.value;
    playing.value = true;
    last = performance.now();
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(step);
  }
  function pause() {
    playing.value = false;
    cancelAnimationFrame(frame);
  }
  /** Moves the clock to a moment (the slider), clamped to the track. */
  function seek(at: number) {
    t.value = Math.min(end.value, Math.max(start.value, at));
  }
  onBeforeUnmount(pause);

  return { track, loading, error, t, start, end, point, stopped, playing, rate, play, pause, seek };
}
