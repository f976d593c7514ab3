import type { Sql } from 'postgres';
import { dayOf } from '../coverage/coverage.domain.ts';
import { markCoverageStale } from '../coverage/coverage.repo.ts';
import type { RawFix } from './fix.ts';
import { haversineM, screen } from './track-hygiene.domain.ts';
import { createFixStore, type DeviceTrail, type FixRow } from './fix-store.ts';

/** A fix on its way in: the device it came from, its worker, and (web app) the patrol it was recorded for. */
export interface IncomingFix {
  deviceId: number;
  userId: number;
  /** The web app records into a patrol it started; devices' fixes are cut into patrols by pauses. */
  patrolId?: number;
  fix: RawFix;
}

/** What became of one fix: stored (kept or set aside by hygiene) or already there. */
export type FixOutcome = { stored: true; kept: boolean; patrolId: number } | { stored: false; duplicate: true; patrolId: number };

/** News of stored fixes for live screens: each worker's newest position of the batch. */
export interface PositionNews {
  userId: number;
  deviceId: number;
  patrolId: number;
  fix: RawFix;
}

interface Pending {
  items: IncomingFix[];
  resolve: (outcomes: FixOutcome[]) => void;
  reject: (error: unknown) => void;
}

/** A pause longer than this ends a device's patrol; the next fix starts another. */
export const PATROL_GAP_MS = 30 * 60_000;
const MAX_BATCH = 5_000;

/**
 * Writes fixes in batches: every request's fixes join the batch being gathered while the previous one is
 * written, and each request is answered only once its batch is committed (a fix is stored before it is
 * acknowledged). One batch is one transaction: the fixes (idempotent on device and fix time), their
 * patrols' totals and the workers' current positions. Hygiene runs here, streaming: each device's last
 * kept fix is remembered between batches. One writer per process.
 */
export function createFixWriter(sql: Sql, onStored: (news: PositionNews[]) => void = () => {}) {
  const store = createFixStore();
  const trails = new Map<number, DeviceTrail>();
  const queue: Pending[] = [];
  let writing: Promise<void> | null = null;

  async function flush() {
    while (queue.length) {
      const batch: Pending[] = [];
      let n = 0;
      while (queue.length && (n === 0 || n + queue[0]!.items.length <= MAX_BATCH)) {
        const p = queue.shift()!;
        batch.push(p);
        n += p.items.length;
      }
      try {
        const outcomes = await writeBatch(batch.flatMap((p) => p.items));
        let at = 0;
        for (const p of batch) {
          p.resolve(outcomes.slice(at, at + p.items.length));
          at += p.items.length;
        }
      } catch (e) {
        // the transaction rolled back: forget what was remembered of these devices, let each request fail
        for (const p of batch) for (const i of p.items) trails.delete(i.deviceId);
        for (const p of batch) p.reject(e);
      }
    }
    writing = null;
  }

  async function writeBatch(items: IncomingFix[]): Promise<FixOutcome[]> {
    const order = items.map((item, index) => ({ item, index })).sort((a, b) => a.item.deviceId - b.item.deviceId || +a.item.fix.at - +b.item.fix.at);
    return sql.begin(async (tx) => {
      const t = store.within(tx);
      await t.ensurePartitions(items.map((i) => i.fix.at));
      const missing = [...new Set(items.map((i) => i.deviceId))].filter((d) => !trails.has(d));
      for (const trail of await t.trails(missing)) trails.set(trail.deviceId, trail);
      const rows: (FixRow & { index: number })[] = [];
      for (let s = 0; s < order.length;) {
        let e = s;
        while (e < order.length && order[e]!.item.deviceId === order[s]!.item.deviceId) e++;
        rows.push(...(await placeDevice(t, order.slice(s, e))));
        s = e;
      }
      const stored = await t.insertFixes(rows);
      await t.updatePatrols(rows.filter((r) => stored.has(r.index)));
      const latest = latestPerUser(rows.filter((r) => stored.has(r.index)));
      await t.upsertPositions(latest);
      // fixes of a past day (a phone that was offline, a GPX import) reopen that day's coverage
      const today = dayOf(new Date());
      const past = [...new Set(rows.filter((r) => stored.has(r.index)).map((r) => dayOf(r.fix.at)))].filter((d) => d < today);
      if (past.length) await markCoverageStale(tx as unknown as Sql, past);
      const outcomes: FixOutcome[] = new Array(items.length);
      for (const r of rows) outcomes[r.index] = stored.has(r.index) ? { stored: true, kept: r.kept, patrolId: r.patrolId } : { stored: false, duplicate: true, patrolId: r.patrolId };
      queueMicrotask(() => onStored(latest.map((r) => ({ userId: r.userId, deviceId: r.deviceId, patrolId: r.patrolId, fix: r.fix }))));
      return outcomes;
    });
  }

  /** One device's fixes, in time order: their patrols (opened or continued) and hygiene's verdicts. */
  async function placeDevice(t: ReturnType<typeof store.within>, group: { item: IncomingFix; index: number }[]) {
    const deviceId = group[0]!.item.deviceId;
    let trail = trails.get(deviceId) ?? { deviceId, patrolId: null, lastFixAt: null, lastKept: null };
    const rows: (FixRow & { index: number })[] = [];
    for (const { item, index } of group) {
      let patrolId = item.patrolId ?? trail.patrolId;
      if (item.patrolId === undefined && (patrolId === null || (trail.lastFixAt && +item.fix.at - +trail.lastFixAt > PATROL_GAP_MS))) {
        patrolId = await t.openPatrol(deviceId, item.userId, item.fix.at, trail.patrolId);
        trail = { deviceId, patrolId, lastFixAt: null, lastKept: null };
      }
      const prev = item.patrolId !== undefined && item.patrolId !== trail.patrolId ? null : trail.lastKept;
      const [verdict] = screen(prev, [item.fix]);
      const kept = verdict!.kept;
      const stepM = kept && prev ? haversineM(prev, item.fix) : 0;
      rows.push({ index, deviceId, userId: item.userId, patrolId: patrolId!, fix: item.fix, kept, dropReason: verdict!.reason, stepM });
      trail = {
        deviceId, patrolId: patrolId!, lastFixAt: !trail.lastFixAt || item.fix.at > trail.lastFixAt ? item.fix.at : trail.lastFixAt,
        // a late fix (older than the last kept one) is judged against it but does not take its place
        lastKept: kept && (!trail.lastKept || item.fix.at > trail.lastKept.at) ? { at: item.fix.at, lon: item.fix.lon, lat: item.fix.lat } : trail.lastKept,
      };
    }
    trails.set(deviceId, trail);
    return rows;
  }

  return {
    /** Stores the fixes (in one of the next batches) and answers what became of each, in order. */
    write(items: IncomingFix[]): Promise<FixOutcome[]> {
      if (!items.length) return Promise.resolve([]);
      return new Promise((resolve, reject) => {
        queue.push({ items, resolve, reject });
        writing ??= new Promise((r) => setImmediate(r)).then(flush);
      });
    },

    /** Forgets what is remembered of a device (its patrol was stopped or the device revoked). */
    forget(deviceId: number) {
      trails.delete(deviceId);
    },

    /** Waits for the batches already queued. */
    async drain() {
      while (writing) await writing;
    },
  };
}

export type FixWriter = ReturnType<typeof createFixWriter>;

function latestPerUser<R extends FixRow>(rows: R[]): R[] {
  const best = new Map<number, R>();
  for (const r of rows) {
    const b = best.get(r.userId);
    if (!b || r.fix.at > b.fix.at) best.set(r.userId, r);
  }
  return [...best.values()];
}
