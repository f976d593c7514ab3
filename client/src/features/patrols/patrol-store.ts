// What the patrol app keeps on the phone, behind one interface: the fixes waiting for the server (the
// queue), the track walked so far (to draw it again after a reload, offline too) and the open patrol
// itself (so a reload resumes it). IndexedDB holds them in the browser (patrol-store.idb.ts); the memory
// store below serves the unit tests and a browser that refuses IndexedDB (then nothing survives a reload).

import type { FixesUpload } from '../../api/patrols.ts';

/** A fix as POST /api/patrols/:id/fixes takes it (WGS-84 from the browser; optional fields left out when unknown). */
export type WireFix = FixesUpload[number];

/** A fix waiting in the queue: whose, for which patrol, in the order recorded (key). */
export interface QueuedFix {
  key: number;
  userId: number;
  patrolId: number;
  fix: WireFix;
}

/** A point of the track drawn on the map. */
export interface TrackPoint {
  at: number;
  lon: number;
  lat: number;
}

/** The patrol open on this phone, per signed-in user. */
export interface LocalPatrol {
  userId: number;
  patrolId: number;
  /** ISO time the server gave the patrol's start. */
  startedAt: string;
  /** Set when the worker stopped while fixes were still waiting (or offline): the stop is sent after them. */
  stopAt: string | null;
}

/** The phone's storage for patrols. */
export interface PatrolStore {
  /** Adds a fix to the queue and a point to the patrol's track, together. */
  record(userId: number, patrolId: number, fix: WireFix, point: TrackPoint): Promise<void>;
  /** The user's oldest waiting fixes, in the order recorded, at most `limit`. */
  oldest(userId: number, limit: number): Promise<QueuedFix[]>;
  /** Takes fixes out of the queue (after the server acknowledged them). */
  remove(keys: readonly number[]): Promise<void>;
  /** How many of the user's fixes wait. */
  count(userId: number): Promise<number>;
  /** The track of a patrol, in time order. */
  track(patrolId: number): Promise<TrackPoint[]>;
  /** Forgets a patrol's track (when it is over). */
  clearTrack(patrolId: number): Promise<void>;
  patrol(userId: number): Promise<LocalPatrol | null>;
  savePatrol(p: LocalPatrol): Promise<void>;
  forgetPatrol(userId: number): Promise<void>;
}

/** A store in memory: for tests, and where IndexedDB is refused. */
export function createMemoryStore(): PatrolStore {
  let next = 1;
  let queue: QueuedFix[] = [];
  const tracks = new Map<number, TrackPoint[]>();
  const patrols = new Map<number, LocalPatrol>();
  return {
    async record(userId, patrolId, fix, point) {
      queue.push({ key: next++, userId, patrolId, fix: { ...fix } });
      tracks.set(patrolId, [...(tracks.get(patrolId) ?? []), { ...point }]);
    },
    async oldest(userId, limit) {
      return queue.filter((q) => q.userId === userId).slice(0, limit).map((q) => ({ ...q, fix: { ...q.fix } }));
    },
    async remove(keys) {
      const gone = new Set(keys);
      queue = queue.filter((q) => !gone.has(q.key));
    },
    async count(userId) {
      return queue.filter((q) => q.userId === userId).length;
    },
    async track(patrolId) {
      return [...(tracks.get(patrolId) ?? [])].sort((a, b) => a.at - b.at);
    },
    async clearTrack(patrolId) {
      tracks.delete(patrolId);
    },
    async patrol(userId) {
      const p = patrols.get(userId);
      return p ? { ...p } : null;
    },
    async savePatrol(p) {
      patrols.set(p.userId, { ...p });
    },
    async forgetPatrol(userId) {
      patrols.delete(userId);
    },
  };
}
