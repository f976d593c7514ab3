import { describe, expect, it } from 'vitest';
import { distanceParts, distanceM, formatElapsed, fromPosition, sample, trackLength, type PatrolPoint } from './sampling.ts';

// ~1.11 m per 1e-5 degree of latitude
const at = (s: number, lat: number, accuracy: number | null = 10): PatrolPoint =>
  ({ at: s * 1000, lon: 116.35, lat, accuracy, speed: null, heading: null, altitude: null });

describe('distance', () => {
  it('measures metres on the ground (a degree of latitude is ~111 km; a degree of longitude shrinks with the latitude)', () => {
    expect(distanceM({ lon: 116, lat: 40 }, { lon: 116, lat: 41 })).toBeCloseTo(111_195, -1);
    expect(distanceM({ lon: 116, lat: 40 }, { lon: 117, lat: 40 })).toBeCloseTo(85_180, -2);
    expect(distanceM({ lon: 116.35, lat: 40 }, { lon: 116.35, lat: 40 })).toBe(0);
  });

  it('adds up a track leg by leg', () => {
    expect(trackLength([])).toBe(0);
    expect(trackLength([at(0, 40)])).toBe(0);
    expect(trackLength([at(0, 40), at(10, 40.0001), at(20, 40)])).toBeCloseTo(2 * 11.12, 1);
  });
});

describe('sampling the phone\'s positions', () => {
  it('keeps the first usable position, and drops what the phone itself is unsure of (> 100 m)', () => {
    expect(sample(null, at(0, 40))).toBe('keep');
    expect(sample(null, at(0, 40, 100))).toBe('keep');
    expect(sample(null, at(0, 40, 101))).toBe('inaccurate');
    expect(sample(null, at(0, 40, Number.NaN))).toBe('inaccurate');
    expect(sample(null, at(0, 40, null))).toBe('keep');
  });

  it('never keeps broken coordinates or times', () => {
    expect(sample(null, { ...at(0, 40), lon: 0, lat: 0 })).toBe('invalid');
    expect(sample(null, { ...at(0, 40), lat: Number.NaN })).toBe('invalid');
    expect(sample(null, { ...at(0, 40), lon: 181 })).toBe('invalid');
    expect(sample(null, { ...at(0, 40), at: Number.NaN })).toBe('invalid');
  });

  it('keeps a move of ≥ 5 m after ≥ 5 s, not sooner and not a shorter one', () => {
    const last = at(100, 40);
    expect(sample(last, at(104.9, 40.0001))).toBe('too_soon');
    expect(sample(last, at(105, 40.0001))).toBe('keep');
    expect(sample(last, at(105, 40.00004))).toBe('too_close'); // ~4.4 m
    expect(sample(last, at(129.9, 40.00004))).toBe('too_close');
  });

  it('keeps a position every 30 s anyway, so a worker standing still is still seen', () => {
    expect(sample(at(100, 40), at(130, 40))).toBe('keep');
  });

  it('ignores a position older than the last kept one (browsers replay cached fixes)', () => {
    expect(sample(at(100, 40), at(100, 40.001))).toBe('older');
    expect(sample(at(100, 40), at(90, 40.001))).toBe('older');
  });
});

describe('a browser position', () => {
  it('becomes a patrol point, with what the browser does not know as null', () => {
    const p = fromPosition({ timestamp: 1_700_000_000_000, coords: { longitude: 116.3, latitude: 39.98, accuracy: 12, speed: null, heading: Number.NaN, altitude: 55 } });
    expect(p).toEqual({ at: 1_700_000_000_000, lon: 116.3, lat: 39.98, accuracy: 12, speed: null, heading: null, altitude: 55 });
    expect(fromPosition({ timestamp: 1, coords: { longitude: 1, latitude: 1, accuracy: 5, speed: -1, heading: 90, altitude: null } }).speed).toBeNull();
    expect(fromPosition({ timestamp: 1, coords: { longitude: 1, latitude: 1, accuracy: 5, speed: 1.4, heading: 90, altitude: null } }).speed).toBe(1.4);
  });
});

describe('what the patrol shows', () => {
  it('elapsed time as m:ss, then h:mm:ss', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(-5000)).toBe('0:00');
    expect(formatElapsed(65_900)).toBe('1:05');
    expect(formatElapsed(3_600_000 + 62_000)).toBe('1:01:02');
  });

  it('distance in metres under a kilometre, else kilometres with two decimals', () => {
    expect(distanceParts(0, 'zh-CN')).toEqual({ value: '0', unit: 'm' });
    expect(distanceParts(999.4, 'zh-CN')).toEqual({ value: '999', unit: 'm' });
    expect(distanceParts(1234, 'en')).toEqual({ value: '1.23', unit: 'km' });
    expect(distanceParts(12_500, 'zh-CN')).toEqual({ value: '12.50', unit: 'km' });
  });
});
