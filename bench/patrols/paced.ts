/**
 * An open-loop load: requests sent at a fixed rate, spread evenly, whatever the answers (as phones report on their
 * own clocks), so a slow answer does not hold back the next request. Latency is counted from when a request was due,
 * not from when it went out, so a client falling behind cannot hide a slow server (no coordinated omission).
 */
import { percentile } from '../measure.ts';

/** What one paced run reports (milliseconds). */
export interface PacedStats {
  sent: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The latest any request went out after it was due: the client's own lag. */
  maxLagMs: number;
}

/** Summarises the answered requests' latencies (ms) of a paced run. */
export function summarizePaced(latencies: readonly number[], errors: number, seconds: number, maxLagMs: number): PacedStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    sent: latencies.length + errors, errors, seconds, perSecond: (latencies.length + errors) / seconds,
    p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN, maxLagMs,
  };
}

/** When request `i` is due, in ms after the start, at `perSecond` requests a second. */
export const dueAt = (i: number, perSecond: number) => (i * 1000) / perSecond;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends `job(first + i)` for `seconds` at `perSecond`, evenly spread; a rejection counts as an error. */
export async function runPaced(job: (i: number) => Promise<unknown>, o: { perSecond: number; seconds: number; first?: number }): Promise<PacedStats> {
  const n = Math.round(o.perSecond * o.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let maxLagMs = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const due = started + dueAt(i, o.perSecond);
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    maxLagMs = Math.max(maxLagMs, performance.now() - due);
    inFlight.push(job((o.first ?? 0) + i).then(() => { latencies.push(performance.now() - due); }, () => { errors += 1; }));
  }
  await Promise.all(inFlight);
  return summarizePaced(latencies, errors, (performance.now() - started) / 1000, maxLagMs);
}
