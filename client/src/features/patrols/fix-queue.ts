// Uploading the waiting fixes: oldest first, in batches of one patrol, each fix taken out of the queue
// only once the server has answered for it. Sending the same fixes twice is harmless (the server keys a
// fix by device and time), so a batch whose answer was lost is simply sent again. Pure of the browser:
// the store and the sender are passed in.
import type { PatrolPoint } from './sampling.ts';
import type { PatrolStore, QueuedFix, WireFix } from './patrol-store.ts';

/** The server's answer to a batch (POST /api/patrols/:id/fixes). */
export interface FixesAck {
  stored: number;
  duplicates: number;
  setAside: number;
  refused: { index: number; reason: string }[];
}

/** Sends one patrol's fixes; rejects with an error whose HTTP status `statusOf` reads (0: unreachable). */
export type SendFixes = (patrolId: number, fixes: WireFix[]) => Promise<FixesAck>;

/** The most fixes in one request (the server takes up to 1000). */
export const BATCH = 500;

/** What a failed upload means for the fixes in it. */
export type FailureKind = 'retry' | 'signin' | 'refused' | 'gone';

/**
 * By the HTTP status: unreachable, timeouts, throttling and server faults pass (try again later); 401
 * waits for the worker to sign in again; the patrol missing, closed or not theirs will never take them
 * (gone); any other 4xx is a batch the server refuses as it is (look for the fix at fault).
 */
export function classifyFailure(status: number): FailureKind {
  if (status === 0 || status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  if (status === 401) return 'signin';
  if (status === 403 || status === 404 || status === 409 || status === 410) return 'gone';
  return 'refused';
}

/** How a drain ended: all sent, or stopped to try again later or after signing in. */
export interface DrainResult {
  state: 'synced' | 'retry' | 'signin';
  /** Fixes the server took (stored, already there, or set aside by its hygiene). */
  uploaded: number;
  /** Fixes the server refused for good (one by one in its answer, or a lone fix in a refused request). */
  refused: number;
  /** Fixes of patrols the server no longer takes fixes for. */
  dropped: number;
  /** Fixes still waiting. */
  pending: number;
  error?: unknown;
}

/** The first entries that belong to the same patrol as the first one (a request carries one patrol's fixes). */
function leadingRun(entries: readonly QueuedFix[]): QueuedFix[] {
  const first = entries[0];
  if (!first) return [];
  const end = entries.findIndex((e) => e.patrolId !== first.patrolId);
  return end === -1 ? [...entries] : entries.slice(0, end);
}

/**
 * Sends the user's waiting fixes until none is left or the server cannot be reached. A refused batch
 * is halved until the refused fix is alone, which is then dropped, so one bad fix never blocks the rest.
 */
export async function drain(store: PatrolStore, userId: number, send: SendFixes, statusOf: (err: unknown) => number, batch = BATCH): Promise<DrainResult> {
  const result: DrainResult = { state: 'synced', uploaded: 0, refused: 0, dropped: 0, pending: 0 };
  const gone = new Set<number>();
  let size = batch;
  for (;;) {
    const run = leadingRun(await store.oldest(userId, size));
    if (run.length === 0) return result;
    const patrolId = run[0]!.patrolId;
    const keys = run.map((e) => e.key);
    if (gone.has(patrolId)) {
      await store.remove(keys);
      result.dropped += run.length;
      continue;
    }
    let ack: FixesAck;
    try {
      ack = await send(patrolId, run.map((e) => e.fix));
    } catch (error) {
      const kind = classifyFailure(statusOf(error));
      if (kind === 'retry' || kind === 'signin') return { ...result, state: kind, pending: await store.count(userId), error };
      if (kind === 'gone') gone.add(patrolId);
      else if (run.length > 1) size = Math.ceil(run.length / 2);
      else {
        await store.remove(keys);
        result.refused += 1;
      }
      continue;
    }
    await store.remove(keys);
    const refused = Math.min(ack.refused.length, run.length);
    result.refused += refused;
    result.uploaded += run.length - refused;
    size = Math.min(batch, size * 2);
  }
}

/** The wait before the n-th retry (n ≥ 1): doubling from 2 s up to 2 min, with jitter so phones do not return together. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(120_000, 2_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random() / 2));
}

/** The ranges the server takes an optional field in (beyond them the browser's value is noise, left out rather than refused). */
const RANGES = { accuracy: [0, 100_000], speed: [0, 1000], heading: [0, 360], altitude: [-1000, 20_000] } as const;

/** A kept position as the server takes it: ISO time, fields the browser did not know (or got wrong) left out. */
export function toWire(p: PatrolPoint): WireFix {
  const fix: WireFix = { at: new Date(p.at).toISOString(), lon: p.lon, lat: p.lat };
  for (const k of ['accuracy', 'speed', 'heading', 'altitude'] as const) {
    const v = p[k];
    if (v !== null && Number.isFinite(v) && v >= RANGES[k][0] && v <= RANGES[k][1]) fix[k] = v;
  }
  return fix;
}
