/**
 * Who of the demo's staff walked which grid when, over the month before the history is loaded (pure, seeded): grid
 * leaders every morning and assistants every afternoon (each skipping a day now and then, the assistants none for
 * the last three days), supervisors and community managers once a week, each in turn through their grids but the
 * first, which nobody walks. The walks themselves follow the grid's streets (patrol-history.ts).
 */
import { addDays, dayBounds, dayOf } from '../../server/src/features/coverage/coverage.domain.ts';
import { createRandom, type Random } from './random.ts';

/** A demo worker and the grids they answer for (sorted codes). */
export interface HistoryWorker {
  userId: number;
  username: string;
  role: 'grid_leader' | 'grid_assistant' | 'supervisor' | 'community_manager';
  gridCodes: string[];
}

/** One walk: who, where, from when, how fast and how far, and the seed that orders the grid's streets. */
export interface PlannedWalk {
  userId: number;
  gridCode: string;
  startAt: Date;
  /** Walking speed, metres per second. */
  speed: number;
  /** The walk ends after this many metres (or with the grid's streets). */
  maxM: number;
  seed: number;
  protocol: 'web' | 'gpx';
}

/** Days the assistants have not patrolled lately (the workers the gaps view flags). */
export const ASSISTANT_IDLE_DAYS = 3;
const SAMPLE_S = 10;

/** A time of a Beijing day, `minutes` after midnight. */
const at = (day: string, minutes: number) => new Date(dayBounds(day).from.getTime() + minutes * 60_000);

function walk(rng: Random, w: HistoryWorker, gridCode: string, startAt: Date, metres: [number, number]): PlannedWalk {
  return {
    userId: w.userId, gridCode, startAt, speed: 1.1 + rng.next() * 0.5, maxM: rng.int(metres[0], metres[1]),
    seed: rng.int(1, 1_000_000), protocol: w.role === 'grid_assistant' || w.role === 'community_manager' ? 'gpx' : 'web',
  };
}

/** The walks of one worker on one day (none, or one). */
function walksOn(rng: Random, w: HistoryWorker, day: string, daysAgo: number, weekday: number): PlannedWalk[] {
  if (!w.gridCodes.length) return [];
  if (w.role === 'grid_leader') {
    return rng.chance(0.1) ? [] : [walk(rng, w, rng.pick(w.gridCodes), at(day, 8 * 60 + 30 + rng.int(0, 60)), [1200, 2500])];
  }
  if (w.role === 'grid_assistant') {
    if (daysAgo <= ASSISTANT_IDLE_DAYS || rng.chance(0.1)) return [];
    return [walk(rng, w, rng.pick(w.gridCodes), at(day, 14 * 60 + 30 + rng.int(0, 90)), [800, 1800])];
  }
  // weekly: one weekday (their own), each week the next of their grids, the first of them never
  if (weekday !== w.userId % 5 + 1) return [];
  const walked = w.gridCodes.length > 1 ? w.gridCodes.slice(1) : w.gridCodes;
  const week = Math.floor(daysAgo / 7);
  return [walk(rng, w, walked[week % walked.length]!, at(day, 9 * 60 + rng.int(0, 240)), [1500, 3000])];
}

/** Every walk of the `days` days up to `now` (those begun by then), oldest first. */
export function planWalks(opts: { workers: readonly HistoryWorker[]; now: Date; days: number; seed: string }): PlannedWalk[] {
  const today = dayOf(opts.now);
  const out: PlannedWalk[] = [];
  for (let ago = opts.days - 1; ago >= 0; ago--) {
    const day = addDays(today, -ago);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    for (const w of opts.workers) {
      const rng = createRandom(`${opts.seed}:${w.username}:${day}`);
      for (const p of walksOn(rng, w, day, ago, weekday)) {
        // a walk still under way at `now` is not in the history
        if (p.startAt.getTime() + (p.maxM / p.speed + SAMPLE_S) * 1000 <= opts.now.getTime()) out.push(p);
      }
    }
  }
  return out;
}

export { SAMPLE_S };
