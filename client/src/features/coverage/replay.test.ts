import { describe, expect, it } from 'vitest';
import type { Track, TrackFix } from '../../api/coverage.ts';
import { advance, clock, keptTimeline, kmh, positionAt, stoppedAt, trackBbox, trackFeatures } from './replay.ts';

const fix = (t: string, lon: number, lat: number, over: Partial<TrackFix> = {}): TrackFix => ({ t, lon, lat, accuracy: 5, speed: null, kept: true, ...over });
const FIXES = [
  fix('2025-03-03T01:00:10Z', 116.3010, 39.9900),
  fix('2025-03-03T01:00:00Z', 116.3000, 39.9900),
  fix('2025-03-03T01:00:05Z', 116.9000, 39.0000, { kept: false }),
  fix('2025-03-03T01:00:20Z', 116.3010, 39.9910, { speed: 1.5 }),
];

describe('the replay timeline', () => {
  it('moves along kept fixes only, in time order', () => {
    const line = keptTimeline(FIXES);
    expect(line.map((f) => f.lon)).toEqual([116.3, 116.301, 116.301]);
  });
  it('interpolates between the fixes around a moment, with the pace between them when the fix has no speed', () => {
    const line = keptTimeline(FIXES);
    const p = positionAt(line, Date.parse('2025-03-03T01:00:05Z'))!;
    expect(p.lon).toBeCloseTo(116.3005, 6);
    expect(p.lat).toBeCloseTo(39.99, 6);
    expect(p.index).toBe(0);
    // 0.001° of longitude at 40° N is ~85 m, walked in 10 s
    expect(p.speed!).toBeGreaterThan(8);
    expect(p.speed!).toBeLessThan(9);
  });
  it('clamps to the ends and uses the fix’s own speed there', () => {
    const line = keptTimeline(FIXES);
    expect(positionAt(line, 0)!.lon).toBe(116.3);
    const end = positionAt(line, Date.parse('2030-01-01T00:00:00Z'))!;
    expect(end).toMatchObject({ lon: 116.301, lat: 39.991, speed: 1.5, index: 2 });
  });
  it('has nothing to show without kept fixes', () => {
    expect(positionAt(keptTimeline([fix('2025-03-03T01:00:00Z', 1, 1, { kept: false })]), 0)).toBeNull();
    expect(positionAt([], 0)).toBeNull();
  });
  it('advances the clock at the rate and stops at the end', () => {
    expect(advance(1000, 500, 60, 1e9)).toBe(31_000);
    expect(advance(1000, 500, 60, 20_000)).toBe(20_000);
    expect(advance(1000, -5, 10, 20_000)).toBe(1000);
  });
});

describe('what the replay shows', () => {
  const track: Track = {
    patrol: { id: 1, userId: 2, userName: '王磊', source: 'web', startedAt: '', endedAt: null, lastFixAt: null, fixes: 4, keptFixes: 3, distanceM: 200 },
    fixes: FIXES, line: null, stops: [{ from: '2025-03-03T01:00:00Z', to: '2025-03-03T01:03:00Z', lon: 116.3, lat: 39.99 }],
  };
  it('draws the kept line, set-aside fixes apart and the stops with their minutes', () => {
    const fc = trackFeatures(track);
    const parts = fc.features.map((f) => f.properties!.part);
    expect(parts).toEqual(['line', 'aside', 'stop']);
    expect((fc.features[0]!.geometry as GeoJSON.LineString).coordinates).toHaveLength(3);
    expect(fc.features[2]!.properties!.minutes).toBe(3);
  });
  it('prefers the server’s simplified line', () => {
    const fc = trackFeatures({ ...track, line: { type: 'LineString', coordinates: [[1, 1], [2, 2]] } });
    expect((fc.features[0]!.geometry as GeoJSON.LineString).coordinates).toEqual([[1, 1], [2, 2]]);
  });
  it('frames every fix, set-aside ones too', () => {
    const [w, s, e, n] = trackBbox(FIXES)!;
    expect(w).toBeLessThan(116.3);
    expect(e).toBeGreaterThan(116.9);
    expect(s).toBeLessThan(39.0);
    expect(n).toBeGreaterThan(39.991);
    expect(trackBbox([])).toBeNull();
  });
  it('knows a stop when the clock is inside it', () => {
    expect(stoppedAt(track.stops, Date.parse('2025-03-03T01:01:00Z'))).toBe(true);
    expect(stoppedAt(track.stops, Date.parse('2025-03-03T01:04:00Z'))).toBe(false);
  });
  it('says speed in km/h and spans as a clock', () => {
    expect(kmh(1.5)).toBe(5.4);
    expect(kmh(null)).toBeNull();
    expect(clock(65_000)).toBe('1:05');
    expect(clock(3_725_000)).toBe('1:02:05');
  });
});
