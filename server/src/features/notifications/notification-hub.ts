/**
 * The live streams of this process by user: a notification created here (by the bus or the reminder
 * scheduler) is pushed to every open stream of its user. In memory, one per process.
 */

/** One open stream: it takes items, and closes when the hub replaces it. */
export interface StreamSubscriber<T> {
  send(item: T): void;
  close(): void;
}

export interface NotificationHub<T> {
  /** Adds a stream of the user; returns its removal (safe to call twice). */
  subscribe(userId: number, s: StreamSubscriber<T>): () => void;
  publish(userId: number, item: T): void;
  /** Open streams, of one user or of everybody (tests check that closed streams leave none). */
  subscribers(userId?: number): number;
}

/** At most this many streams per user (one per tab); the oldest is closed when another opens. */
export const MAX_STREAMS_PER_USER = 8;

/** A hub whose sends never break the publisher: a failing stream is closed and removed. */
export function createNotificationHub<T>(opts: { maxPerUser?: number; log?: (m: string) => void } = {}): NotificationHub<T> {
  const max = opts.maxPerUser ?? MAX_STREAMS_PER_USER;
  const log = opts.log ?? ((m: string) => console.error(m));
  const byUser = new Map<number, Set<StreamSubscriber<T>>>();

  const remove = (userId: number, s: StreamSubscriber<T>) => {
    const set = byUser.get(userId);
    if (!set?.delete(s)) return;
    if (set.size === 0) byUser.delete(userId);
  };

  return {
    subscribe(userId, s) {
      let set = byUser.get(userId);
      if (!set) byUser.set(userId, (set = new Set()));
      set.add(s);
      // a Set iterates in insertion order: the first is the oldest
      while (set.size > max) {
        const oldest = set.values().next().value!;
        remove(userId, oldest);
        oldest.close();
      }
      return () => remove(userId, s);
    },
    publish(userId, item) {
      for (const s of [...(byUser.get(userId) ?? [])]) {
        try {
          s.send(item);
        } catch (e) {
          log(`[notifications] a stream failed: ${(e as Error).message}`);
          remove(userId, s);
          s.close();
        }
      }
    },
    subscribers(userId) {
      if (userId !== undefined) return byUser.get(userId)?.size ?? 0;
      let n = 0;
      for (const set of byUser.values()) n += set.size;
      return n;
    },
  };
}
