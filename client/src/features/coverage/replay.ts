// Pure rules of the track replay: where the worker was at a moment of the patrol, how fast, how the
// clock moves at 1×/10×/60×, and the track as GeoJSON (kept fixes as the line, set-aside ones apart).
import type { Track, TrackFix } from '../../api/coverage.ts';
import { haversineM } from '../../../../server/src/features/patrols/track-hygiene.domain.ts';
import { coordsBbox } from './coverage.ts';

export const RATES = [1, 10, 60] as const;
export type Rate = (typeof RATES)[number];

/** A kept fix with its time in milliseconds. */
interface Timed {
  at: number;
  lon: number;
  lat: number;
  speed: number | null;
}

/** Where the marker stands at a moment: interpolated between the kept fixes around it. */
export interface ReplayPoint {
  at: number;
  lon: number;
  lat: number;
  /** Metres per second: the fix's own speed, else the pace between the fixes around it; null when unknown. */
  speed: number | null;
  /** Index of the kept fix at or before the moment. */
  index: number;
}

/** The kept fixes with a valid time, in time order: what the replay moves along. */
export function keptTimeline(fixes: readonly TrackFix[]): Timed[] {
  return fixes
    .filter((f) => f.kept && Number.isFinite(f.lon) && Number.isFinite(f.lat) && !Number.isNaN(Date.parse(f.t)))
    .map((f) => ({ at: Date.parse(f.t), lon: f.lon, lat: f.lat, speed: f.speed }))
    .sort((a, b) => a.at - b.at);
}

/** Index of the last entry at or before `t` (binary search), -1 before the first. */
function lastAtOrBefore(line: readonly Timed[], t: number): number {
  let lo = 0;
  let hi = line.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (line[mid]!.at <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The marker at moment `t` (clamped to the track's span), or null for a track without kept fixes. */
export function positionAt(line: readonly Timed[], t: number): ReplayPoint | null {
  const first = line[0];
  const last = line.at(-1);
  if (!first || !last) return null;
  if (t <= first.at) return { at: first.at, lon: first.lon, lat: first.lat, speed: first.speed, index: 0 };
  if (t >= last.at) return { at: last.at, lon: last.lon, lat: last.lat, speed: last.speed, index: line.length - 1 };
  const i = lastAtOrBefore(line, t);
  const a = line[i]!;
  const b = line[i + 1]!;
  const span = b.at - a.at;
  const f = span > 0 ? (t - a.at) / span : 0;
  const pace = span > 0 ? haversineM(a, b) / (span / 1000) : null;
  return { at: t, lon: a.lon + (b.lon - a.lon) * f, lat: a.lat + (b.lat - a.lat) * f, speed: a.speed ?? pace, index: i };
}

/** The replay clock after `elapsedMs` of real time at `rate`, stopping at `end`. */
export function advance(t: number, elapsedMs: number, rate: number, end: number): number {
  return Math.min(end, t + Math.max(0, elapsedMs) * rate);
}

/** Speed in km/h with one decimal, or null. */
export function kmh(mps: number | null): number | null {
  return mps === null || !Number.isFinite(mps) ? null : Math.round(mps * 36) / 10;
}

/** h:mm:ss (or m:ss under an hour) of a span in milliseconds. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

type Feature = GeoJSON.Feature<GeoJSON.Geometry, Record<string, unknown>>;

/**
 * The track as one collection: the line of kept fixes (the server's simplified line when it sent one),
 * set-aside fixes as faint points (`part: 'aside'`), stops (`part: 'stop'`, with their minutes).
 */
export function trackFeatures(track: Track): GeoJSON.FeatureCollection {
  const kept = keptTimeline(track.fixes);
  const coords = track.line?.coordinates ?? kept.map((f) => [f.lon, f.lat]);
  const features: Feature[] = [];
  if (coords.length >= 2) features.push({ type: 'Feature', properties: { part: 'line' }, geometry: { type: 'LineString', coordinates: coords } });
  for (const f of track.fixes) {
    if (!f.kept) features.push({ type: 'Feature', properties: { part: 'aside' }, geometry: { type: 'Point', coordinates: [f.lon, f.lat] } });
  }
  for (const s of track.stops) {
    const minutes = Math.max(0, Math.round((Date.parse(s.to) - Date.parse(s.from)) / 60_000));
    features.push({ type: 'Feature', properties: { part: 'stop', minutes }, geometry: { type: 'Point', coordinates: [s.lon, s.lat] } });
  }
  return { type: 'FeatureCollection', features };
}

/** The box around every fix of a track (set-aside ones too), or null for none. */
export function trackBbox(fixes: readonly TrackFix[]): [number, number, number, number] | null {
  return coordsBbox(fixes.map((f) => [f.lon, f.lat]));
}

/** Whether a moment falls inside one of the stops. */
export function stoppedAt(stops: Track['stops'], t: number): boolean {
  return stops.some((s) => Date.parse(s.from) <= t && t <= Date.parse(s.to));
}
