/**
 * Synthetic walkers for the patrol benchmarks: a seeded random walk kept inside a box (a grid's, so a patrol stays
 * in its grid), turning a little at each step and now and then at a right angle as at a street corner, with the
 * fixes a phone would take along it. Pure: the same seed gives the same fixes.
 */
import type { Random } from '../../data/seed/random.ts';

/** [west, south, east, north] in degrees. */
export type Box = readonly [number, number, number, number];

/** One fix of a walk, in the units of RawFix (metres, m/s, degrees from north). */
export interface WalkFix {
  at: Date;
  lon: number;
  lat: number;
  accuracy: number;
  speed: number;
  heading: number;
}

export interface WalkOptions {
  box: Box;
  /** The first fix's time; then one fix every `intervalMs`. */
  startAt: Date;
  intervalMs: number;
  /** Mean speed in m/s (a walk ~1.3, a patrol on an e-bike ~5). */
  speedMps: number;
  /** How many fixes; unbounded when omitted (take what you need). */
  count?: number;
}

/** Metres in a degree of latitude on the mean sphere. */
export const M_PER_DEG = 111_195;

const reflect = (v: number, size: number) => {
  let x = v;
  if (x < 0) x = -x;
  if (x > size) x = 2 * size - x;
  return Math.min(size, Math.max(0, x));
};

/** The fixes of one walker, starting at a random point of the box. */
export function* walk(rng: Random, o: WalkOptions): Generator<WalkFix> {
  const [west, south, east, north] = o.box;
  const cos = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const width = (east - west) * M_PER_DEG * cos;
  const height = (north - south) * M_PER_DEG;
  let x = rng.next() * width;
  let y = rng.next() * height;
  let heading = rng.next() * 2 * Math.PI;
  for (let i = 0; o.count === undefined || i < o.count; i++) {
    if (i > 0) {
      heading += rng.chance(0.04) ? (rng.chance(0.5) ? 1 : -1) * (Math.PI / 2) : (rng.next() - 0.5) * 0.5;
      const step = o.speedMps * (o.intervalMs / 1000) * (0.7 + 0.6 * rng.next());
      const nx = x + step * Math.sin(heading);
      const ny = y + step * Math.cos(heading);
      // bouncing off the box's edge turns the walker back inside
      if (nx < 0 || nx > width) heading = -heading;
      if (ny < 0 || ny > height) heading = Math.PI - heading;
      x = reflect(nx, width);
      y = reflect(ny, height);
    }
    const deg = ((((heading * 180) / Math.PI) % 360) + 360) % 360;
    yield {
      at: new Date(o.startAt.getTime() + i * o.intervalMs),
      lon: round7(west + x / (M_PER_DEG * cos)),
      lat: round7(south + y / M_PER_DEG),
      accuracy: Math.round(3 + rng.next() * 12),
      speed: Math.round(o.speedMps * (0.7 + 0.6 * rng.next()) * 10) / 10,
      heading: Math.round(deg),
    };
  }
}

/** Seven decimals: ~1 cm, what phones send. */
export const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
