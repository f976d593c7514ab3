// A recorded track made into a walk somewhere else, for the browser test that replays it through the Traccar
// endpoint: the Limerick 304 bus (server/test/fixtures/limerick-bus-304.gpx, licence in its NOTICE) moved and
// shrunk into a circle inside a demo grid, thinned to a walker's steps and re-timed to end just now.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGpx } from '../../server/src/features/patrols/gpx.ts';
import { haversineM } from '../../server/src/features/patrols/track-hygiene.domain.ts';

/** The recorded track every replay starts from. */
export const LIMERICK_GPX = join(import.meta.dirname, '..', '..', 'server', 'test', 'fixtures', 'limerick-bus-304.gpx');

/** A position in degrees (WGS 84). */
export interface LonLat {
  lon: number;
  lat: number;
}

/** A circle on the ground: its centre and its radius in metres. */
export interface Circle extends LonLat {
  radiusM: number;
}

/** One fix as a phone would report it: where, when, speed in knots and bearing in degrees from north. */
export interface ReplayFix extends LonLat {
  at: Date;
  speedKnots: number;
  bearing: number;
}

const M_PER_RAD = 6_371_008.8;
const RAD = Math.PI / 180;
const KNOT_MPS = 1852 / 3600;

/** The positions of the recorded track, in time order. */
export function limerickTrack(): LonLat[] {
  return parseGpx(readFileSync(LIMERICK_GPX, 'utf8')).fixes.map(({ lon, lat }) => ({ lon, lat }));
}

/** A position in local metres (x east, y north). */
export interface XY {
  x: number;
  y: number;
}

/** The points in local metres around the centre of their box, scaled so the farthest lies 1 from it (same shape). */
export function unitShape(points: readonly LonLat[]): XY[] {
  const lons = points.map((p) => p.lon);
  const lats = points.map((p) => p.lat);
  const lon0 = (Math.min(...lons) + Math.max(...lons)) / 2;
  const lat0 = (Math.min(...lats) + Math.max(...lats)) / 2;
  const local = points.map((p) => ({ x: (p.lon - lon0) * RAD * M_PER_RAD * Math.cos(lat0 * RAD), y: (p.lat - lat0) * RAD * M_PER_RAD }));
  const reach = Math.max(...local.map((p) => Math.hypot(p.x, p.y)));
  return local.map((p) => (reach > 0 ? { x: p.x / reach, y: p.y / reach } : { x: 0, y: 0 }));
}

/** A unit shape turned `rotationDeg` anticlockwise, scaled to the circle's radius and set on its centre. */
export function placeShape(shape: readonly XY[], circle: Circle, rotationDeg = 0): LonLat[] {
  const cos = Math.cos(rotationDeg * RAD);
  const sin = Math.sin(rotationDeg * RAD);
  return shape.map(({ x, y }) => ({
    lon: circle.lon + ((x * cos - y * sin) * circle.radiusM) / (RAD * M_PER_RAD * Math.cos(circle.lat * RAD)),
    lat: circle.lat + ((x * sin + y * cos) * circle.radiusM) / (RAD * M_PER_RAD),
  }));
}

/** The points moved, scaled and turned (same shape) so their box's centre lies on the circle's centre and the farthest at `fill` of its radius. */
export function fitInCircle(points: readonly LonLat[], circle: Circle, fill = 0.8, rotationDeg = 0): LonLat[] {
  return placeShape(unitShape(points), { ...circle, radiusM: fill * circle.radiusM }, rotationDeg);
}

/** The first point, then each point at least `minM` from the last one taken (a walker's steps, not a bus's jitter). */
export function thin(points: readonly LonLat[], minM: number): LonLat[] {
  const out: LonLat[] = [];
  for (const p of points) if (!out.length || haversineM(out[out.length - 1]!, p) >= minM) out.push(p);
  return out;
}

/** Bearing in whole degrees from north (0–359) from one point to the next. */
function bearing(a: LonLat, b: LonLat): number {
  const y = Math.sin((b.lon - a.lon) * RAD) * Math.cos(b.lat * RAD);
  const x = Math.cos(a.lat * RAD) * Math.sin(b.lat * RAD) - Math.sin(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.cos((b.lon - a.lon) * RAD);
  return Math.round((Math.atan2(y, x) / RAD + 360) % 360);
}

/** The points as fixes `stepS` seconds apart, the last at `end`, with the speed and bearing of the step that led there. */
export function retime(points: readonly LonLat[], end: Date, stepS: number): ReplayFix[] {
  return points.map((p, i) => {
    const prev = points[i - 1];
    const metres = prev ? haversineM(prev, p) : 0;
    return {
      ...p,
      at: new Date(end.getTime() - (points.length - 1 - i) * stepS * 1000),
      speedKnots: Math.round((metres / stepS / KNOT_MPS) * 10) / 10,
      bearing: prev ? bearing(prev, p) : 0,
    };
  });
}

/** The query string Traccar Client sends for a fix (OsmAnd protocol: epoch seconds, speed in knots). */
export function osmandQuery(deviceId: string, fix: ReplayFix): string {
  const q = new URLSearchParams({
    id: deviceId, timestamp: String(Math.floor(fix.at.getTime() / 1000)), lat: fix.lat.toFixed(7), lon: fix.lon.toFixed(7),
    speed: String(fix.speedKnots), bearing: String(fix.bearing), altitude: '52.0', accuracy: '6.0', batt: '87.0',
  });
  return q.toString();
}
