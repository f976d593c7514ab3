import type { DropReason, RawFix, RefusalReason } from './fix.ts';

/** The limits hygiene applies; each jurisdiction may one day set its own. */
export interface HygieneOptions {
  /** A fix further ahead of the server's clock than this is refused (phones with a wrong clock). */
  maxFutureMs: number;
  /** A fix older than this is refused (a replay of a long-lost buffer is not a patrol). */
  maxAgeDays: number;
  /** A fix whose horizontal accuracy is worse than this is stored but not counted. */
  maxAccuracyM: number;
  /** Workers walk, cycle or ride e-bikes: an implied speed above this is a GPS jump. */
  maxSpeedMps: number;
  /** Moves shorter than this from the last kept fix are jitter while standing still. */
  stationaryM: number;
}

export const HYGIENE_DEFAULTS: Readonly<HygieneOptions> = Object.freeze({
  maxFutureMs: 10 * 60_000,
  maxAgeDays: 30,
  maxAccuracyM: 100,
  maxSpeedMps: 40,
  stationaryM: 8,
});

/** The last fix hygiene kept for a device: what the next fix is compared with. */
export interface KeptFix {
  at: Date;
  lon: number;
  lat: number;
}

/** A fix after screening: kept (counted as walked) or set aside with its reason. */
export interface Screened {
  fix: RawFix;
  kept: boolean;
  reason: DropReason | null;
}

/** The screened fixes in time order, carrying the device's new last kept fix as `last`. */
export type ScreenResult = Screened[] & { last: KeptFix | null };

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;
const DAY_MS = 86_400_000;

/** Great-circle distance in metres (haversine); finite for any finite lon/lat, across the antimeridian too. */
export function haversineM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, h)));
}

const OPTIONAL_NUMBERS = ['accuracy', 'speed', 'heading', 'altitude', 'battery'] as const;

function outOfRange(fix: RawFix): boolean {
  if (fix.lat < -90 || fix.lat > 90 || fix.lon < -180 || fix.lon > 180) return true;
  const { accuracy, speed, heading, battery } = fix;
  return (accuracy !== null && accuracy < 0) || (speed !== null && speed < 0)
    || (heading !== null && (heading < 0 || heading > 360))
    || (battery !== null && (battery < 0 || battery > 100));
}

/** What is wrong with a fix's own values whatever the clock says (the parsers' check), or null. */
export function valueRefusal(fix: RawFix): 'invalid' | 'out_of_range' | 'zero' | null {
  const t = fix.at instanceof Date ? fix.at.getTime() : NaN;
  if (!Number.isFinite(t) || !Number.isFinite(fix.lon) || !Number.isFinite(fix.lat)) return 'invalid';
  for (const key of OPTIONAL_NUMBERS) {
    const v = fix[key];
    if (v !== null && !Number.isFinite(v)) return 'invalid';
  }
  if (outOfRange(fix)) return 'out_of_range';
  if (fix.lon === 0 && fix.lat === 0) return 'zero';
  return null;
}

/** Why a fix is refused at the door (nothing stored), or null when it may be stored. */
export function refusal(fix: RawFix, now: Date, opts: HygieneOptions = HYGIENE_DEFAULTS): RefusalReason | null {
  const wrong = valueRefusal(fix);
  if (wrong) return wrong;
  const t = fix.at.getTime();
  if (t - now.getTime() > opts.maxFutureMs) return 'future';
  if (now.getTime() - t > opts.maxAgeDays * DAY_MS) return 'too_old';
  return null;
}

function byTime<T extends { at: Date }>(items: readonly T[]): T[] {
  for (let i = 1; i < items.length; i++) {
    if (items[i]!.at.getTime() < items[i - 1]!.at.getTime()) {
      return [...items].sort((a, b) => a.at.getTime() - b.at.getTime());
    }
  }
  return [...items];
}

function dropReason(last: KeptFix | null, fix: RawFix, opts: HygieneOptions): DropReason | null {
  if (last && fix.at.getTime() === last.at.getTime()) return 'duplicate';
  if (fix.accuracy !== null && fix.accuracy > opts.maxAccuracyM) return 'accuracy';
  if (!last) return null;
  const d = haversineM(last, fix);
  // jitter first: two fixes a fraction of a second apart imply a high speed without anyone moving
  if (d <= Math.max(opts.stationaryM, (fix.accuracy ?? 0) / 2)) return 'stationary';
  const seconds = Math.abs(fix.at.getTime() - last.at.getTime()) / 1000;
  if (d / seconds > opts.maxSpeedMps) return 'speed_jump';
  return null;
}

/**
 * Screens a device's fixes against its last kept fix, in time order (the writer keeps `last` between
 * batches). Expects fixes that passed refusal(): a fix without a finite time or position throws.
 */
export function screen(previous: KeptFix | null, fixes: RawFix[], opts: HygieneOptions = HYGIENE_DEFAULTS): ScreenResult {
  let last = previous;
  const out: Screened[] = [];
  for (const fix of byTime(fixes)) {
    if (!Number.isFinite(fix.at.getTime()) || !Number.isFinite(fix.lon) || !Number.isFinite(fix.lat)) {
      throw new RangeError('screen() takes fixes that passed refusal(): this one has no finite time or position');
    }
    const reason = dropReason(last, fix, opts);
    out.push({ fix, kept: reason === null, reason });
    // a late fix (older than the last kept) is judged against it but does not move the device back in time
    if (reason === null && (!last || fix.at.getTime() > last.at.getTime())) last = { at: fix.at, lon: fix.lon, lat: fix.lat };
  }
  return Object.assign(out, { last });
}

/** The longitude of b seen from a, unwrapped across the antimeridian (may leave -180..180). */
function unwrapLon(a: number, b: number): number {
  const d = b - a;
  return d > 180 ? b - 360 : d < -180 ? b + 360 : b;
}

function normalLon(lon: number): number {
  return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
}

export interface Stop {
  from: Date;
  to: Date;
  lon: number;
  lat: number;
}

function centre(points: KeptFix[], from: number, to: number): { lon: number; lat: number } {
  const anchor = points[from]!.lon;
  let lon = 0;
  let lat = 0;
  for (let k = from; k <= to; k++) {
    lon += unwrapLon(anchor, points[k]!.lon);
    lat += points[k]!.lat;
  }
  const n = to - from + 1;
  return { lon: normalLon(lon / n), lat: lat / n };
}

/** Where a worker stayed: runs of fixes within radiusM of the run's first fix lasting at least minSeconds. */
export function stops(fixes: KeptFix[], { radiusM = 30, minSeconds = 120 }: { radiusM?: number; minSeconds?: number } = {}): Stop[] {
  const points = byTime(fixes);
  const found: Stop[] = [];
  let i = 0;
  while (i < points.length) {
    const first = points[i]!;
    let j = i + 1;
    while (j < points.length && haversineM(first, points[j]!) <= radiusM) j++;
    const end = points[j - 1]!;
    if ((end.at.getTime() - first.at.getTime()) / 1000 >= minSeconds) {
      found.push({ from: first.at, to: end.at, ...centre(points, i, j - 1) });
      i = j;
    } else {
      i++;
    }
  }
  return found;
}

/** Length of the track through the points in time order, in metres. */
export function trackDistanceM(points: KeptFix[]): number {
  const sorted = byTime(points);
  let total = 0;
  for (let i = 1; i < sorted.length; i++) total += haversineM(sorted[i - 1]!, sorted[i]!);
  return total;
}

/** Squared distance in the plane from p to the segment a–b. */
function segmentDistance2(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

/** Metres east and north of the first point (equirectangular: a patrol spans a few kilometres). */
function planar(points: KeptFix[]): [number, number][] {
  const origin = points[0]!;
  const k = EARTH_RADIUS_M * RAD;
  const cos = Math.cos(origin.lat * RAD);
  return points.map((p) => [(unwrapLon(origin.lon, p.lon) - origin.lon) * k * cos, (p.lat - origin.lat) * k]);
}

/** Douglas–Peucker in metres: drops points closer than toleranceM to the line kept; keeps both ends. */
export function simplifyTrack(points: KeptFix[], toleranceM = 5): KeptFix[] {
  const sorted = byTime(points);
  if (sorted.length <= 2) return sorted;
  const xy = planar(sorted);
  const keep = new Uint8Array(sorted.length);
  keep[0] = 1;
  keep[sorted.length - 1] = 1;
  const tol2 = toleranceM * toleranceM;
  // an explicit stack: a long straight walk would recurse as deep as it has points
  const stack: [number, number][] = [[0, sorted.length - 1]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    let worst = -1;
    let worstD2 = tol2;
    for (let k = from + 1; k < to; k++) {
      const d2 = segmentDistance2(xy[k]!, xy[from]!, xy[to]!);
      if (d2 > worstD2) { worst = k; worstD2 = d2; }
    }
    if (worst < 0) continue;
    keep[worst] = 1;
    stack.push([from, worst], [worst, to]);
  }
  return sorted.filter((_, k) => keep[k] === 1);
}
