import { computed, effectScope, shallowRef, watch, type EffectScope } from 'vue';
import { patrolsApi, type Patrol } from '../../api/patrols.ts';
import { classifyFailure, toWire } from './fix-queue.ts';
import type { LocalPatrol, PatrolStore, TrackPoint } from './patrol-store.ts';
import { openPatrolStore } from './patrol-store.idb.ts';
import { distanceM, sample, trackLength, type PatrolPoint } from './sampling.ts';
import { useGeoWatch, useWakeLock } from './useGeoWatch.ts';
import { statusOf, usePatrolSync } from './usePatrolSync.ts';

/**
 * loading: reading the phone's store and the server; idle: no patrol; recording: positions are kept;
 * open: a patrol is open but this phone is not recording it (started elsewhere, or positions refused).
 */
export type PatrolPhase = 'loading' | 'idle' | 'starting' | 'recording' | 'open' | 'stopping';

/** One worker's patrol on this phone: positions kept, stored, uploaded; outlives the patrol view (tabs switch, recording goes on). */
function createRecorder(userId: number, store: PatrolStore, durable: boolean) {
  const phase = shallowRef<PatrolPhase>('loading');
  const patrol = shallowRef<LocalPatrol | null>(null);
  const track = shallowRef<TrackPoint[]>([]);
  const distance = shallowRef(0);
  const position = shallowRef<PatrolPoint | null>(null);
  /** A message key for the last thing that went wrong (start without network…), cleared by the next action. */
  const error = shallowRef<string | null>(null);
  let lastKept: PatrolPoint | null = null;
  let writes: Promise<void> = Promise.resolve();

  const sync = usePatrolSync(store, userId, sendWaitingStop);
  const geo = useGeoWatch(onPoint);
  const wake = useWakeLock();
  // positions refused: the patrol stays open, not recording, until the worker allows them and resumes
  watch(geo.problem, (p) => {
    if ((p === 'denied' || p === 'unsupported') && phase.value === 'recording') {
      phase.value = 'open';
      wake.release();
    }
  });

  function onPoint(p: PatrolPoint) {
    position.value = p;
    const open = patrol.value;
    if (phase.value !== 'recording' || !open || sample(lastKept, p) !== 'keep') return;
    const prev = lastKept;
    lastKept = p;
    const point = { at: p.at, lon: p.lon, lat: p.lat };
    track.value = [...track.value, point];
    if (prev) distance.value += distanceM(prev, p);
    // written one after another so the queue keeps the order they were taken in
    writes = writes.then(() => store.record(userId, open.patrolId, toWire(p), point)).then(sync.added, () => {
      error.value = 'patrols.errors.storage';
    });
  }

  function record() {
    phase.value = 'recording';
    if (geo.start()) wake.acquire();
  }

  /** The kept fixes the server has of a patrol (one recorded on another device), for the map; none when unreachable. */
  async function serverTrack(patrolId: number): Promise<TrackPoint[]> {
    try {
      return (await patrolsApi.track(patrolId)).fixes.filter((f) => f.kept).map((f) => ({ at: Date.parse(f.t), lon: f.lon, lat: f.lat }));
    } catch {
      return [];
    }
  }

  async function adopt(p: LocalPatrol) {
    patrol.value = p;
    const local = await store.track(p.patrolId);
    track.value = local.length ? local : await serverTrack(p.patrolId);
    distance.value = trackLength(track.value);
    const last = track.value.at(-1);
    lastKept = last ? { ...last, accuracy: null, speed: null, heading: null, altitude: null } : null;
  }

  /** Reads the phone's open patrol and the server's, and carries on where the page left off. */
  async function init() {
    await sync.recount();
    const local = await store.patrol(userId);
    let server: Patrol | null | undefined;
    try {
      server = await patrolsApi.current();
    } catch {
      server = undefined; // unreachable: trust the phone
    }
    if (local?.stopAt) {
      // stopped here while fixes still waited: the stop goes after them
      patrol.value = local;
      phase.value = 'idle';
    } else if (local && (server === undefined || server?.id === local.patrolId)) {
      await adopt(local);
      record();
    } else {
      // ended elsewhere (its fixes still go, the patrol does not), or open elsewhere and offered to go on here
      if (local) {
        await store.forgetPatrol(userId);
        await store.clearTrack(local.patrolId);
      }
      if (server) await adopt({ userId, patrolId: server.id, startedAt: server.startedAt, stopAt: null });
      phase.value = server ? 'open' : 'idle';
    }
    if (sync.pending.value > 0 || patrol.value?.stopAt) void sync.flush();
  }

  async function start() {
    error.value = null;
    if (phase.value === 'open' && patrol.value) return resume();
    // the last patrol's stop must reach the server first, or starting would answer that patrol again
    if (patrol.value?.stopAt) await sync.flush();
    if (patrol.value?.stopAt) return void (error.value = 'patrols.errors.previousWaiting');
    phase.value = 'starting';
    try {
      const p = await patrolsApi.start();
      const local: LocalPatrol = { userId, patrolId: p.id, startedAt: p.startedAt, stopAt: null };
      await store.savePatrol(local);
      await adopt(local);
      record();
    } catch (e) {
      phase.value = 'idle';
      error.value = statusOf(e) === 0 ? 'patrols.errors.startOffline' : 'patrols.errors.startFailed';
    }
  }

  /** Records again an open patrol this phone was not recording. */
  async function resume() {
    const p = patrol.value;
    if (!p) return;
    patrol.value = { ...p, stopAt: null };
    await store.savePatrol(patrol.value);
    record();
  }

  /** Stops recording now; the stop reaches the server after every fix before it, at once when online. */
  async function stop() {
    const p = patrol.value;
    if (!p) return;
    error.value = null;
    geo.stop();
    wake.release();
    phase.value = 'stopping';
    await writes;
    const stopped = { ...p, stopAt: new Date().toISOString() };
    patrol.value = stopped;
    await store.savePatrol(stopped);
    await sync.flush();
    if (phase.value === 'stopping') phase.value = 'idle';
  }

  /** After the queue emptied: the waiting stop goes to the server, then the patrol is forgotten here. */
  async function sendWaitingStop() {
    const p = patrol.value;
    if (!p?.stopAt) return;
    try {
      await patrolsApi.stop(p.patrolId, p.stopAt);
    } catch (e) {
      const kind = classifyFailure(statusOf(e));
      if (kind === 'retry' || kind === 'signin') return;
    }
    await store.forgetPatrol(userId);
    await store.clearTrack(p.patrolId);
    patrol.value = null;
    lastKept = null;
  }

  function dispose() {
    geo.stop();
    wake.release();
    sync.dispose();
  }

  return {
    userId, durable, phase, patrol, track, distance, position, error, geoProblem: geo.problem, wakeLock: wake.held,
    pending: sync.pending, sync: sync.sync, online: sync.online, refused: sync.refused,
    stopWaiting: computed(() => patrol.value?.stopAt != null),
    init, start, resume, stop, flush: sync.flush, dispose,
  };
}

export type PatrolRecorder = ReturnType<typeof createRecorder>;

let current: { userId: number; made: Promise<{ scope: EffectScope; recorder: PatrolRecorder }> } | null = null;

async function make(userId: number) {
  const { store, durable } = await openPatrolStore();
  const scope = effectScope(true);
  const recorder = scope.run(() => createRecorder(userId, store, durable))!;
  await recorder.init();
  return { scope, recorder };
}

/** The signed-in worker's recorder, one per page: created (and resumed from the phone's store) on first use. */
export function patrolRecorder(userId: number): Promise<PatrolRecorder> {
  if (current?.userId !== userId) {
    closeRecorder();
    const made = make(userId);
    current = { userId, made };
    // a failed start is tried again by the next caller
    made.catch(() => current?.made === made && (current = null));
  }
  return current.made.then((c) => c.recorder);
}

/** Ends the recorder (sign-out, another user): stops the positions; fixes stay on the phone for that worker's next sign-in. */
export function closeRecorder() {
  const c = current;
  current = null;
  void c?.made.then(({ scope, recorder }) => {
    recorder.dispose();
    scope.stop();
  }, () => {});
}
