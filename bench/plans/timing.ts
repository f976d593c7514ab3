/** Repeated timings of one piece of work. */
import { percentile } from '../measure.ts';

/** Runs `work` `runs` times one after the other; returns each run's seconds and the last result. */
export async function timed<T>(runs: number, work: (run: number) => Promise<T>): Promise<{ seconds: number[]; value: T }> {
  if (runs < 1) throw new RangeError('runs must be at least 1');
  const seconds: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = await work(i);
    seconds.push((performance.now() - t) / 1000);
  }
  return { seconds, value: value as T };
}

/** Median of some values (nearest rank), NaN when there are none. */
export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
