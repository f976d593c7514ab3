import { describe, expect, it } from 'vitest';
import { parseOsmandParams } from '../../server/src/features/patrols/osmand.domain.ts';
import { haversineM } from '../../server/src/features/patrols/track-hygiene.domain.ts';
import { fitInCircle, limerickTrack, osmandQuery, retime, thin } from './replayed-track.ts';

// The recorded track moved into a demo grid: inside the circle, the same shape, a walker's steps, just now.
const CIRCLE = { lon: 116.3235, lat: 39.9838, radiusM: 150 };

describe('the Limerick track replayed in a grid', () => {
  const track = limerickTrack();

  it('reads the whole recorded track', () => {
    expect(track).toHaveLength(2144);
    expect(track[0]).toEqual({ lon: -8.661746, lat: 52.629151 });
  });

  it('fits inside the circle, its farthest point at 80 % of the radius, the shape kept', () => {
    const moved = fitInCircle(track, CIRCLE);
    const reach = Math.max(...moved.map((p) => haversineM(CIRCLE, p)));
    expect(reach).toBeGreaterThan(0.79 * CIRCLE.radiusM);
    expect(reach).toBeLessThan(0.81 * CIRCLE.radiusM);
    // same shape: the ratio of two distances between points is kept (to within the projection's 1 %)
    const ratio = (pts: typeof track) => haversineM(pts[0]!, pts[1000]!) / haversineM(pts[1000]!, pts[2143]!);
    expect(ratio(moved) / ratio(track)).toBeCloseTo(1, 1);
    // not squashed east-west: Limerick's and Beijing's degrees of longitude differ in metres
    const span = (pts: typeof track, k: 'lon' | 'lat') => Math.max(...pts.map((p) => p[k])) - Math.min(...pts.map((p) => p[k]));
    const aspect = (pts: typeof track, lat: number) => (span(pts, 'lon') * Math.cos((lat * Math.PI) / 180)) / span(pts, 'lat');
    expect(aspect(moved, CIRCLE.lat) / aspect(track, 52.65)).toBeCloseTo(1, 2);
  });

  it('turns the shape anticlockwise about the centre, as PostGIS ST_Rotate does', () => {
    const east = fitInCircle([{ lon: 0, lat: 0 }, { lon: 0.001, lat: 0 }], CIRCLE, 1, 90);
    // the point east of the box's centre ends north of the circle's, at the radius
    expect(haversineM(CIRCLE, east[1]!)).toBeCloseTo(CIRCLE.radiusM, 0);
    expect(east[1]!.lat).toBeGreaterThan(CIRCLE.lat);
    expect(east[1]!.lon).toBeCloseTo(CIRCLE.lon, 9);
    expect(east[0]!.lat).toBeLessThan(CIRCLE.lat);
  });

  it('thins to steps of at least the distance asked', () => {
    const steps = thin(fitInCircle(track, CIRCLE), 12);
    expect(steps.length).toBeGreaterThan(20);
    expect(steps.length).toBeLessThan(200);
    for (let i = 1; i < steps.length; i++) expect(haversineM(steps[i - 1]!, steps[i]!)).toBeGreaterThanOrEqual(12);
  });

  it('re-times the steps to end at the moment given, with the speed and bearing Traccar Client would send', () => {
    const end = new Date('2026-12-07T12:00:00Z');
    const fixes = retime([{ lon: 116.3, lat: 39.98 }, { lon: 116.3, lat: 39.9801 }, { lon: 116.3001, lat: 39.9801 }], end, 3);
    expect(fixes.map((f) => f.at.toISOString())).toEqual(['2026-12-07T11:59:54.000Z', '2026-12-07T11:59:57.000Z', '2026-12-07T12:00:00.000Z']);
    expect(fixes.map((f) => f.bearing)).toEqual([0, 0, 90]);
    // 11.1 m north in 3 s is 3.7 m/s, 7.2 knots
    expect(fixes[1]!.speedKnots).toBeCloseTo(7.2, 1);
    const parsed = parseOsmandParams(Object.fromEntries(new URLSearchParams(osmandQuery('861234', fixes[1]!))), end);
    expect(parsed).toMatchObject({ ok: true, deviceId: '861234', fix: { lon: 116.3, lat: 39.9801, at: fixes[1]!.at } });
    expect(parsed.ok && parsed.fix.speed).toBeCloseTo(3.7, 1);
  });
});
