/** A closed-loop load runner (a fixed number of workers) and the statistics it reports. */

/** What one measurement reports. */
export interface Stats {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  meanBytes: number;
}

/** Bounds of one measurement: stop at `maxRequests` or after `maxSeconds`, whichever comes first. */
export interface LoadOptions {
  concurrency: number;
  maxRequests: number;
  maxSeconds: number;
}

/** The p-th percentile (0–100) of ascending values, nearest-rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Summarises latencies (ms) and sizes (bytes) measured over `seconds` of wall time. */
export function summarize(latencies: readonly number[], bytes: readonly number[], errors: number, seconds: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    meanBytes: bytes.length ? bytes.reduce((s, b) => s + b, 0) / bytes.length : 0,
  };
}

/**
 * Runs `job(i)` for i = 0, 1, 2… with `concurrency` requests in flight, each worker
 * starting its next request when the previous one answers. `job` resolves to the
 * response size in bytes; a rejection counts as an error and the run goes on.
 */
export async function runLoad(job: (i: number) => Promise<number>, opts: LoadOptions): Promise<Stats> {
  const latencies: number[] = [];
  const bytes: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + opts.maxSeconds * 1000;
  const worker = async () => {
    while (next < opts.maxRequests && performance.now() < deadline) {
      const i = next++;
      const t = performance.now();
      try {
        bytes.push(await job(i));
        latencies.push(performance.now() - t);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return summarize(latencies, bytes, errors, (performance.now() - started) / 1000);
}
