import type { Caller } from '../../http/auth.ts';

/** How a request proved who it is. */
export type CredentialKind = 'session' | 'api_key';

/** A caller read from the database, and when its credential ends whatever the cache's TTL (a session's absolute expiry). */
export interface LoadedCaller {
  caller: Caller;
  expiresAt: Date | null;
}

/** What every place that ends or changes a session, key, account or grant tells the cache of its process. */
export interface CallerInvalidation {
  /** One session ended (sign-out, replaced by a new sign-in). */
  forgetSession(hash: string): void;
  /** Anything of a user changed: sessions ended, password, active, name, grants, API keys. */
  forgetUser(userId: number): void;
}

/** Validated credentials (by hash) for a few seconds, so map bursts do not ask the database for each request. */
export interface CallerCache extends CallerInvalidation {
  /**
   * The caller behind a credential: from memory when validated less than the TTL ago, else from
   * `load` (one load per credential at a time; a load that fails or finds nothing is not kept).
   */
  resolve(kind: CredentialKind, hash: string, now: Date, load: () => Promise<LoadedCaller | undefined>): Promise<Caller | null>;
}

interface Entry {
  caller: Caller;
  from: number;
  until: number;
}

/** For a service used without a cache: nothing is kept, so nothing needs forgetting. */
export const NOTHING_CACHED: CallerInvalidation = { forgetSession: () => {}, forgetUser: () => {} };

const keyOf = (kind: CredentialKind, hash: string) => `${kind}:${hash}`;

/** Callers are shared by every request the entry answers, so nothing may change them. */
function frozen(caller: Caller): Caller {
  for (const g of caller.grants) {
    if (g.gridCodes) Object.freeze(g.gridCodes);
    if (g.jurisdiction) Object.freeze(g.jurisdiction);
    Object.freeze(g);
  }
  Object.freeze(caller.grants);
  return Object.freeze(caller);
}

/**
 * A cache of callers for `ttlMs` (0 = every request asks the database), at most `maxEntries`
 * credentials (the oldest go first). Only credentials that checked out are kept, so guesses cannot
 * fill it. A load that began before an invalidation is never stored: it may have read what the
 * invalidation replaced.
 */
export function createCallerCache({ ttlMs, maxEntries = 10_000 }: { ttlMs: number; maxEntries?: number }): CallerCache {
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<LoadedCaller | undefined>>();
  let generation = 0;

  const store = (key: string, loaded: LoadedCaller, at: number) => {
    const until = Math.min(at + ttlMs, loaded.expiresAt?.getTime() ?? Infinity);
    if (until <= at) return;
    entries.delete(key);
    while (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, { caller: loaded.caller, from: at, until });
  };
  const invalidate = () => {
    generation += 1;
    pending.clear();
  };

  return {
    async resolve(kind, hash, now, load) {
      if (ttlMs <= 0) return (await load())?.caller ?? null;
      const key = keyOf(kind, hash);
      const at = now.getTime();
      const hit = entries.get(key);
      if (hit && at >= hit.from && at < hit.until) return hit.caller;
      if (hit) entries.delete(key);
      let flight = pending.get(key);
      if (!flight) {
        const started = generation;
        const p: Promise<LoadedCaller | undefined> = load()
          .then((loaded) => {
            const kept = loaded && { ...loaded, caller: frozen(loaded.caller) };
            if (kept && started === generation) store(key, kept, at);
            return kept;
          })
          .finally(() => {
            if (pending.get(key) === p) pending.delete(key);
          });
        pending.set(key, p);
        flight = p;
      }
      return (await flight)?.caller ?? null;
    },
    forgetSession(hash) {
      invalidate();
      entries.delete(keyOf('session', hash));
    },
    forgetUser(userId) {
      invalidate();
      for (const [key, e] of entries) if (e.caller.userId === userId) entries.delete(key);
    },
  };
}
