// Which of the phone's positions a patrol keeps, how far it walked and how long it has run: pure rules,
// tested without a browser. Browsers report positions as often as they like (several a second while
// moving, some with an accuracy of kilometres from Wi-Fi or cell towers); the patrol keeps a position
// when it has moved and some time has passed, or every half minute anyway so a worker standing still is
// still seen, and never a position the phone itself is unsure of.

/** A position as the patrol keeps it: WGS-84 as the browser gives it, time in epoch milliseconds. */
export interface PatrolPoint {
  at: number;
  lon: number;
  lat: number;
  /** Horizontal accuracy in metres, null when the browser does not say. */
  accuracy: number | null;
  /** Metres per second, null when unknown. */
  speed: number | null;
  /** Degrees from north, null when unknown (or standing still). */
  heading: number | null;
  altitude: number | null;
}

/** The sampling rule's numbers. */
export interface Sampling {
  /** A move is kept only this long after the last kept position (ms)… */
  minIntervalMs: number;
  /** …and this far from it (metres). */
  minDistanceM: number;
  /** A position is kept this long after the last kept one whatever the distance (ms). */
  maxIntervalMs: number;
  /** Positions less sure than this (metres) are dropped on the phone already. */
  maxAccuracyM: number;
}

export const SAMPLING: Sampling = { minIntervalMs: 5_000, minDistanceM: 5, maxIntervalMs: 30_000, maxAccuracyM: 100 };

/** What the rule says of a new position: keep it, or why not. */
export type SampleVerdict = 'keep' | 'inaccurate' | 'invalid' | 'too_soon' | 'too_close' | 'older';

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres between two lon/lat positions (haversine; ample for a walk). */
export function distanceM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whether a position has usable coordinates and time (browsers have been seen giving NaN and 0,0). */
export function isUsable(p: PatrolPoint): boolean {
  return Number.isFinite(p.at) && Number.isFinite(p.lon) && Number.isFinite(p.lat) &&
    Math.abs(p.lon) <= 180 && Math.abs(p.lat) <= 90 && !(p.lon === 0 && p.lat === 0);
}

/** Whether to keep `next`, given the last position kept (null: none yet). */
export function sample(last: PatrolPoint | null, next: PatrolPoint, rule: Sampling = SAMPLING): SampleVerdict {
  if (!isUsable(next)) return 'invalid';
  if (next.accuracy !== null && !(next.accuracy <= rule.maxAccuracyM)) return 'inaccurate';
  if (!last) return 'keep';
  const dt = next.at - last.at;
  if (dt <= 0) return 'older';
  if (dt >= rule.maxIntervalMs) return 'keep';
  if (dt < rule.minIntervalMs) return 'too_soon';
  return distanceM(last, next) >= rule.minDistanceM ? 'keep' : 'too_close';
}

/** The length in metres of a track walked through the given positions in order. */
export function trackLength(points: readonly { lon: number; lat: number }[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += distanceM(points[i - 1]!, points[i]!);
  return total;
}

/** A browser's GeolocationPosition as a patrol point (null fields where the browser does not know). */
export function fromPosition(p: { timestamp: number; coords: { longitude: number; latitude: number; accuracy: number | null; speed: number | null; heading: number | null; altitude: number | null } }): PatrolPoint {
  const known = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);
  return {
    at: p.timestamp, lon: p.coords.longitude, lat: p.coords.latitude, accuracy: known(p.coords.accuracy),
    // standing still, browsers give a heading of NaN; negative speeds mean unknown on some phones
    speed: known(p.coords.speed) !== null && p.coords.speed! >= 0 ? p.coords.speed : null,
    heading: known(p.coords.heading), altitude: known(p.coords.altitude),
  };
}

/** Elapsed time as h:mm:ss (or m:ss under an hour), never negative. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** A walked distance as the number and unit to show: metres under a kilometre, else km with two decimals. */
export function distanceParts(m: number, locale: string): { value: string; unit: 'm' | 'km' } {
  if (m < 1000) return { value: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.round(m)), unit: 'm' };
  return { value: new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(m / 1000), unit: 'km' };
}
