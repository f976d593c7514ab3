import { describe, expect, it } from 'vitest';
import type { RawFix } from './fix.ts';
import {
  HYGIENE_DEFAULTS, haversineM, refusal, screen, simplifyTrack, stops, trackDistanceM, valueRefusal, type KeptFix,
} from './track-hygiene.domain.ts';

const NOW = new Date('2025-06-01T08:00:00Z');
// Haidian, Beijing; one metre north is 1/111,195 of a degree
const HOME = { lon: 116.31, lat: 39.98 };
const M_LAT = 1 / 111_195;
const M_LON = M_LAT / Math.cos(HOME.lat * Math.PI / 180);

/** A fix `north`/`east` metres from HOME, `s` seconds after NOW. */
function fix(s: number, north = 0, east = 0, extra: Partial<RawFix> = {}): RawFix {
  return {
    at: new Date(NOW.getTime() + s * 1000), lon: HOME.lon + east * M_LON, lat: HOME.lat + north * M_LAT,
    accuracy: 5, speed: null, heading: null, altitude: null, battery: null, attributes: {}, ...extra,
  };
}
const kept = (f: RawFix): KeptFix => ({ at: f.at, lon: f.lon, lat: f.lat });

describe('haversineM', () => {
  it('measures metres on the sphere', () => {
    expect(haversineM(HOME, { lon: HOME.lon, lat: HOME.lat + 100 * M_LAT })).toBeCloseTo(100, 1);
    expect(haversineM(HOME, { lon: HOME.lon + 100 * M_LON, lat: HOME.lat })).toBeCloseTo(100, 0);
    // Beijing to Shanghai, about 1,067 km
    expect(haversineM({ lon: 116.4074, lat: 39.9042 }, { lon: 121.4737, lat: 31.2304 }) / 1000).toBeCloseTo(1067, -1);
  });

  it('goes the short way across the antimeridian', () => {
    expect(haversineM({ lon: 179.9999, lat: 0 }, { lon: -179.9999, lat: 0 })).toBeCloseTo(22.2, 0);
  });
});

describe('refusal', () => {
  it('lets an ordinary fix through', () => {
    expect(refusal(fix(0), NOW)).toBeNull();
    expect(refusal(fix(-3600, 0, 0, { accuracy: null, speed: 1.2, heading: 360, altitude: -10, battery: 100 }), NOW)).toBeNull();
  });

  it('refuses non-finite numbers and invalid dates as invalid', () => {
    expect(refusal(fix(0, 0, 0, { lat: NaN }), NOW)).toBe('invalid');
    expect(refusal(fix(0, 0, 0, { lon: Infinity }), NOW)).toBe('invalid');
    expect(refusal(fix(0, 0, 0, { at: new Date('nonsense') }), NOW)).toBe('invalid');
    expect(refusal(fix(0, 0, 0, { accuracy: NaN }), NOW)).toBe('invalid');
    expect(refusal(fix(0, 0, 0, { speed: -Infinity }), NOW)).toBe('invalid');
    expect(refusal(fix(0, 0, 0, { battery: NaN }), NOW)).toBe('invalid');
  });

  it('refuses coordinates and measures out of their range', () => {
    expect(refusal(fix(0, 0, 0, { lat: 90.0001 }), NOW)).toBe('out_of_range');
    expect(refusal(fix(0, 0, 0, { lat: -91 }), NOW)).toBe('out_of_range');
    expect(refusal(fix(0, 0, 0, { lon: 180.5 }), NOW)).toBe('out_of_range');
    expect(refusal(fix(0, 0, 0, { accuracy: -1 }), NOW)).toBe('out_of_range');
    expect(refusal(fix(0, 0, 0, { speed: -0.5 }), NOW)).toBe('out_of_range');
    expect(refusal(fix(0, 0, 0, { heading: 361 }), NOW)).toBe('out_of_range');
    expect(refusal(fix(0, 0, 0, { battery: 101 }), NOW)).toBe('out_of_range');
    expect(refusal(fix(0, 0, 0, { lat: 90, lon: -180 }), NOW)).toBeNull();
  });

  it('refuses the null island of a phone without a fix', () => {
    expect(refusal(fix(0, 0, 0, { lat: 0, lon: 0 }), NOW)).toBe('zero');
    expect(refusal(fix(0, 0, 0, { lat: 0, lon: 0.0001 }), NOW)).toBeNull();
  });

  it('refuses fixes too far ahead of the clock or too old, at the limits given', () => {
    expect(refusal(fix(10 * 60), NOW)).toBeNull();
    expect(refusal(fix(10 * 60 + 1), NOW)).toBe('future');
    expect(refusal(fix(-30 * 86_400), NOW)).toBeNull();
    expect(refusal(fix(-30 * 86_400 - 1), NOW)).toBe('too_old');
    const strict = { ...HYGIENE_DEFAULTS, maxFutureMs: 0, maxAgeDays: 1 };
    expect(refusal(fix(1), NOW, strict)).toBe('future');
    expect(refusal(fix(-86_401), NOW, strict)).toBe('too_old');
  });

  it('has a part that judges values alone, for the parsers that do not know the writer\'s limits', () => {
    expect(valueRefusal(fix(-400 * 86_400))).toBeNull();
    expect(valueRefusal(fix(0, 0, 0, { lat: 0, lon: 0 }))).toBe('zero');
    expect(valueRefusal(fix(0, 0, 0, { lat: NaN }))).toBe('invalid');
  });
});

describe('screen', () => {
  it('keeps a walk and returns its last kept fix', () => {
    const walk = [fix(0), fix(10, 14), fix(20, 28), fix(30, 42)];
    const out = screen(null, walk);
    expect(out.map((s) => s.kept)).toEqual([true, true, true, true]);
    expect(out.every((s) => s.reason === null)).toBe(true);
    expect(out.last).toEqual(kept(walk[3]!));
  });

  it('does nothing with no fixes and keeps the previous last', () => {
    const prev = kept(fix(0));
    const out = screen(prev, []);
    expect(out).toHaveLength(0);
    expect(out.last).toBe(prev);
    expect(screen(null, []).last).toBeNull();
  });

  it('keeps a single first fix and judges a single next one against the previous', () => {
    expect(screen(null, [fix(0)])[0]).toMatchObject({ kept: true, reason: null });
    expect(screen(kept(fix(0)), [fix(5, 3)])[0]).toMatchObject({ kept: false, reason: 'stationary' });
  });

  it('sorts by time before judging', () => {
    const out = screen(null, [fix(20, 28), fix(0), fix(10, 14)]);
    expect(out.map((s) => s.fix.at.getTime() - NOW.getTime())).toEqual([0, 10_000, 20_000]);
    expect(out.every((s) => s.kept)).toBe(true);
    expect(out.last?.at.getTime()).toBe(NOW.getTime() + 20_000);
  });

  it('marks a second fix at the time of the last kept as duplicate, within a batch and across batches', () => {
    const out = screen(null, [fix(0), fix(0, 50)]);
    expect(out[1]).toMatchObject({ kept: false, reason: 'duplicate' });
    expect(screen(kept(fix(0)), [fix(0, 50)])[0]!.reason).toBe('duplicate');
  });

  it('sets aside poor accuracy, and an inaccurate first fix is not the anchor', () => {
    const out = screen(null, [fix(0, 0, 0, { accuracy: 101 }), fix(10, 20, 0, { accuracy: 100 }), fix(20, 40, 0, { accuracy: null })]);
    expect(out.map((s) => s.reason)).toEqual(['accuracy', null, null]);
    expect(out.last?.lat).toBeCloseTo(HOME.lat + 40 * M_LAT, 9);
    expect(screen(null, [fix(0, 0, 0, { accuracy: 60 })], { ...HYGIENE_DEFAULTS, maxAccuracyM: 50 })[0]!.reason).toBe('accuracy');
  });

  it('sets aside a jump faster than the maximum speed and keeps judging against the last good fix', () => {
    // 1 km in 10 s is 100 m/s; back home 10 s later is 20 m from the last kept: a cyclist
    const out = screen(null, [fix(0), fix(10, 1000), fix(20, 20)]);
    expect(out.map((s) => s.reason)).toEqual([null, 'speed_jump', null]);
    // just under 40 m/s is still possible, above it is not
    expect(screen(kept(fix(0)), [fix(10, 399)])[0]!.kept).toBe(true);
    expect(screen(kept(fix(0)), [fix(10, 401)])[0]!.reason).toBe('speed_jump');
  });

  it('heals after a wrong anchor once enough time has passed', () => {
    const wrong = kept(fix(0, 2000));
    expect(screen(wrong, [fix(10)])[0]!.reason).toBe('speed_jump');
    expect(screen(wrong, [fix(60)])[0]!.kept).toBe(true);
  });

  it('sets aside jitter within max(stationaryM, accuracy/2) of the last kept fix', () => {
    const out = screen(null, [fix(0), fix(10, 7.9), fix(20, 0, 7), fix(30, 8.5)]);
    expect(out.map((s) => s.reason)).toEqual([null, 'stationary', 'stationary', null]);
    // with 40 m accuracy, 15 m is inside the error circle's half
    expect(screen(kept(fix(0)), [fix(10, 15, 0, { accuracy: 40 })])[0]!.reason).toBe('stationary');
    expect(screen(kept(fix(0)), [fix(10, 21, 0, { accuracy: 40 })])[0]!.reason).toBeNull();
    // sub-second jitter is stationary, not a jump
    expect(screen(kept(fix(0)), [fix(0.1, 3)])[0]!.reason).toBe('stationary');
  });

  it('judges a late fix against the last kept without moving the device back in time', () => {
    const last = kept(fix(100, 0));
    const out = screen(last, [fix(50, 100)]);
    expect(out[0]).toMatchObject({ kept: true, reason: null });
    expect(out.last).toBe(last);
  });

  it('does not crash across the antimeridian', () => {
    const east = { ...fix(0), lon: 179.99995, lat: -16.5 };
    const west = { ...fix(10), lon: -179.99995, lat: -16.5 };
    // 10.7 m apart the short way round, in 10 s: an ordinary step, not a 40,000 km jump
    const out = screen(null, [east, west]);
    expect(out[1]!.reason).toBeNull();
    expect(trackDistanceM([kept(east), kept(west)])).toBeCloseTo(10.7, 0);
  });

  it('throws on a fix that refusal() would have refused as invalid, instead of anchoring on NaN', () => {
    expect(() => screen(null, [fix(0, 0, 0, { lat: NaN })])).toThrow(RangeError);
    expect(() => screen(null, [fix(0, 0, 0, { at: new Date(NaN) })])).toThrow(/refusal/);
  });

  it('screens 100,000 fixes of a long walk with jitter and jumps', () => {
    const fixes: RawFix[] = [];
    for (let i = 0; i < 100_000; i++) {
      const jump = i % 1000 === 500 ? 5000 : 0;
      fixes.push(fix(i * 5, i * 0.4 * 5 + jump + (i % 3), 0, { accuracy: i % 777 === 0 ? 150 : 8 }));
    }
    const out = screen(null, fixes.reverse());
    expect(out).toHaveLength(100_000);
    const count = (r: string | null) => out.filter((s) => s.reason === r).length;
    expect(count('speed_jump')).toBe(100);
    expect(count('accuracy')).toBe(129);
    expect(count('stationary')).toBeGreaterThan(0);
    expect(count(null)).toBeGreaterThan(10_000);
    expect(out.last!.at.getTime()).toBeGreaterThan(NOW.getTime() + 499_000 * 1000);
  });
});

describe('stops', () => {
  it('finds a stay of at least minSeconds within radiusM, and its centre', () => {
    const track = [
      fix(0, -200), fix(60, -100), fix(120), fix(180, 5), fix(240, -5, 5), fix(300, 0, -5), fix(360, 150), fix(420, 300),
    ].map(kept);
    const found = stops(track);
    expect(found).toHaveLength(1);
    expect(found[0]!.from).toEqual(track[2]!.at);
    expect(found[0]!.to).toEqual(track[5]!.at);
    expect(haversineM(found[0]!, HOME)).toBeLessThan(2);
  });

  it('ignores a stay shorter than minSeconds, and honours the options', () => {
    const track = [fix(0), fix(60, 5), fix(119, 3), fix(180, 300)].map(kept);
    expect(stops(track)).toEqual([]);
    expect(stops(track, { minSeconds: 100 })).toHaveLength(1);
    expect(stops([fix(0), fix(200, 50)].map(kept))).toEqual([]);
    expect(stops([fix(0), fix(200, 50)].map(kept), { radiusM: 60 })).toHaveLength(1);
  });

  it('finds two stops, from unsorted input, and nothing in empty or single input', () => {
    const track = [fix(0), fix(150, 3), fix(300, 500), fix(400, 503), fix(500, 498)].map(kept).reverse();
    expect(stops(track).map((s) => s.from.getTime() - NOW.getTime())).toEqual([0, 300_000]);
    expect(stops([])).toEqual([]);
    expect(stops([kept(fix(0))])).toEqual([]);
  });

  it('puts the centre of a stop on the antimeridian within range', () => {
    const a = { at: new Date(NOW), lon: 179.99995, lat: 0 };
    const b = { at: new Date(NOW.getTime() + 300_000), lon: -179.99995, lat: 0 };
    const [s] = stops([a, b]);
    expect(Math.abs(s!.lon)).toBeCloseTo(180, 3);
    expect(Math.abs(s!.lon)).toBeLessThanOrEqual(180);
  });
});

describe('trackDistanceM', () => {
  it('sums the legs in time order', () => {
    expect(trackDistanceM([])).toBe(0);
    expect(trackDistanceM([kept(fix(0))])).toBe(0);
    expect(trackDistanceM([fix(0), fix(10, 100), fix(20, 100, 100)].map(kept))).toBeCloseTo(200, 0);
    expect(trackDistanceM([fix(20, 100, 100), fix(0), fix(10, 100)].map(kept))).toBeCloseTo(200, 0);
  });
});

describe('simplifyTrack', () => {
  it('keeps the ends and the corners, drops points within the tolerance of the line', () => {
    const track = [fix(0), fix(10, 50, 2), fix(20, 100), fix(30, 100, 50), fix(40, 100, 100)].map(kept);
    const simple = simplifyTrack(track);
    expect(simple).toEqual([track[0], track[2], track[4]]);
    expect(simplifyTrack(track, 1)).toEqual([track[0], track[1], track[2], track[4]]);
  });

  it('returns short input as it is, sorted', () => {
    expect(simplifyTrack([])).toEqual([]);
    const two = [fix(10, 5), fix(0)].map(kept);
    expect(simplifyTrack(two)).toEqual([two[1], two[0]]);
  });

  it('keeps a loop that comes back to its start', () => {
    const loop = [fix(0), fix(10, 100), fix(20, 100, 100), fix(30, 0, 100), fix(40, 1)].map(kept);
    expect(simplifyTrack(loop)).toHaveLength(5);
  });

  it('simplifies 100,000 points of a straight walk to its ends', () => {
    const line = Array.from({ length: 100_000 }, (_, i) => kept(fix(i, i * 0.5, (i % 2) * 0.5)));
    expect(simplifyTrack(line)).toEqual([line[0], line[99_999]]);
  });
});
