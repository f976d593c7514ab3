// The patrol store in IndexedDB (the raw API: four small operations do not need a wrapper). A fix and
// its track point are written in one transaction, before the fix is shown as recorded; fixes leave the
// queue only when fix-queue.ts says the server has them. Exercised by client/e2e/patrol-app.browser.test.ts.
import { createMemoryStore, type LocalPatrol, type PatrolStore, type QueuedFix, type TrackPoint } from './patrol-store.ts';

const DB = 'wangge-patrols';
const VERSION = 1;
const QUEUE = 'queue';
const TRACK = 'track';
const PATROL = 'patrol';

/** A request's result as a promise. */
function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Resolves once a transaction has been written (committed), not merely asked for. */
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      // keys count up in the order fixes were recorded: the queue's order
      db.createObjectStore(QUEUE, { keyPath: 'key', autoIncrement: true }).createIndex('user', ['userId', 'key']);
      db.createObjectStore(TRACK, { autoIncrement: true }).createIndex('patrol', ['patrolId', 'at']);
      db.createObjectStore(PATROL, { keyPath: 'userId' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('IndexedDB is held by another tab of an older version'));
  });
}

/** The user's range on the queue's (userId, key) index. */
const userRange = (userId: number) => IDBKeyRange.bound([userId, 0], [userId, Infinity]);
const patrolRange = (patrolId: number) => IDBKeyRange.bound([patrolId, -Infinity], [patrolId, Infinity]);

/** The patrol store on IndexedDB. */
export async function openIdbStore(): Promise<PatrolStore> {
  const db = await open();
  const tx = (stores: string[], mode: IDBTransactionMode = 'readonly') => db.transaction(stores, mode);
  return {
    async record(userId, patrolId, fix, point) {
      const t = tx([QUEUE, TRACK], 'readwrite');
      t.objectStore(QUEUE).add({ userId, patrolId, fix });
      t.objectStore(TRACK).add({ patrolId, ...point });
      await committed(t);
    },
    async oldest(userId, limit) {
      const out: QueuedFix[] = [];
      const cursor = tx([QUEUE]).objectStore(QUEUE).index('user').openCursor(userRange(userId));
      return new Promise((resolve, reject) => {
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c || out.length >= limit) return resolve(out);
          out.push(c.value as QueuedFix);
          c.continue();
        };
        cursor.onerror = () => reject(cursor.error);
      });
    },
    async remove(keys) {
      if (!keys.length) return;
      const t = tx([QUEUE], 'readwrite');
      const s = t.objectStore(QUEUE);
      for (const k of keys) s.delete(k);
      await committed(t);
    },
    count: (userId) => done(tx([QUEUE]).objectStore(QUEUE).index('user').count(userRange(userId))),
    async track(patrolId) {
      const rows = (await done(tx([TRACK]).objectStore(TRACK).index('patrol').getAll(patrolRange(patrolId)))) as (TrackPoint & { patrolId: number })[];
      return rows.map(({ at, lon, lat }) => ({ at, lon, lat }));
    },
    async clearTrack(patrolId) {
      const t = tx([TRACK], 'readwrite');
      const keys = await done(t.objectStore(TRACK).index('patrol').getAllKeys(patrolRange(patrolId)));
      for (const k of keys) t.objectStore(TRACK).delete(k);
      await committed(t);
    },
    patrol: async (userId) => ((await done(tx([PATROL]).objectStore(PATROL).get(userId))) as LocalPatrol | undefined) ?? null,
    async savePatrol(p) {
      const t = tx([PATROL], 'readwrite');
      t.objectStore(PATROL).put({ ...p });
      await committed(t);
    },
    async forgetPatrol(userId) {
      const t = tx([PATROL], 'readwrite');
      t.objectStore(PATROL).delete(userId);
      await committed(t);
    },
  };
}

/** IndexedDB where the browser gives it, else memory (private modes of some browsers refuse it): `durable` says which. */
export async function openPatrolStore(): Promise<{ store: PatrolStore; durable: boolean }> {
  try {
    if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB');
    return { store: await openIdbStore(), durable: true };
  } catch {
    return { store: createMemoryStore(), durable: false };
  }
}
