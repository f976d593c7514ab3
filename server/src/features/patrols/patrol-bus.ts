import { EventEmitter } from 'node:events';

/** News of patrols for live screens: a worker's position moved, a patrol started or ended. One per process. */
export type PatrolNews = { kind: 'position'; userId: number } | { kind: 'patrol'; patrolId: number; userId: number };

export function createPatrolBus() {
  const emitter = new EventEmitter();
  // every live screen listens: no warning at the default of 10
  emitter.setMaxListeners(0);
  return {
    emit(news: PatrolNews) {
      emitter.emit('news', news);
    },
    /** Listens until the returned function is called. */
    on(listener: (news: PatrolNews) => void): () => void {
      emitter.on('news', listener);
      return () => emitter.off('news', listener);
    },
  };
}

export type PatrolBus = ReturnType<typeof createPatrolBus>;
