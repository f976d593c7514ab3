/**
 * In-process news of incidents: every report, transition and merge is announced after it committed, so
 * notifications, the live streams of screens (SSE) and caches learn of it without polling the database.
 */

/** What changed: the case, the action (or 'report', 'merge'), its status and place after it. */
export interface IncidentChange {
  id: number;
  action: string;
  status: string;
  level: string;
  at: Date;
  actorUserId: number | null;
  communityCode: string;
  gridCode: string | null;
}

export interface IncidentBus {
  emit(change: IncidentChange): void;
  /** Calls `fn` for every change from now on; returns the unsubscribe. */
  subscribe(fn: (change: IncidentChange) => void): () => void;
}

/** A bus whose listeners run after the emitter returns and never break it by throwing. */
export function createIncidentBus(log: (m: string) => void = (m) => console.error(m)): IncidentBus {
  const listeners = new Set<(c: IncidentChange) => void>();
  return {
    emit(change) {
      for (const fn of listeners) {
        queueMicrotask(() => {
          try {
            fn(change);
          } catch (e) {
            log(`[incidents] a listener failed: ${(e as Error).message}`);
          }
        });
      }
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
