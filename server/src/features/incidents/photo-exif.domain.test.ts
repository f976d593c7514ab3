import { describe, expect, it } from 'vitest';
import { exifTime, photoFacts } from './photo-exif.domain.ts';

const NOW = Date.parse('2026-12-07T02:00:00Z');
const gps = { GPSLatitude: [39, 59, 12.34], GPSLatitudeRef: 'N', GPSLongitude: [116, 20, 30], GPSLongitudeRef: 'E' };

describe('photoFacts', () => {
  it('turns degrees, minutes and seconds with their hemispheres into lon/lat', () => {
    const f = photoFacts(gps, NOW)!;
    expect(f.lon).toBeCloseTo(116.341667, 6);
    expect(f.lat).toBeCloseTo(39.986761, 6);
    expect(f.takenAt).toBeNull();
    const south = photoFacts({ ...gps, GPSLatitudeRef: 'S', GPSLongitudeRef: 'W' }, NOW)!;
    expect([Math.sign(south.lon!), Math.sign(south.lat!)]).toEqual([-1, -1]);
  });

  it('ignores a fix at 0,0, out-of-range or malformed coordinates, but keeps the time', () => {
    const time = { DateTimeOriginal: '2026:12:06 09:15:30' };
    for (const bad of [
      { GPSLatitude: [0, 0, 0], GPSLongitude: [0, 0, 0] }, { ...gps, GPSLatitude: [95, 0, 0] }, { ...gps, GPSLongitude: [116, 75, 0] },
      { ...gps, GPSLatitude: [39, 59] }, { ...gps, GPSLatitude: ['39', 59, 1] }, { ...gps, GPSLongitude: [Number.NaN, 0, 0] }, { GPSLatitude: gps.GPSLatitude },
    ]) expect(photoFacts({ ...bad, ...time }, NOW)).toEqual({ lon: null, lat: null, takenAt: '2026-12-06T01:15:30.000Z' });
  });

  it('prefers the original capture time, then the digitised one, then the file time', () => {
    expect(photoFacts({ CreateDate: '2026:12:01 08:00:00', ModifyDate: '2026:12:02 08:00:00' }, NOW)?.takenAt).toBe('2026-12-01T00:00:00.000Z');
    expect(photoFacts({ ModifyDate: '2026:12:02 08:00:00', OffsetTime: '+01:00' }, NOW)?.takenAt).toBe('2026-12-02T07:00:00.000Z');
    expect(photoFacts({ DateTimeOriginal: 'garbage', CreateDate: '2026:12:01 08:00:00' }, NOW)?.takenAt).toBe('2026-12-01T00:00:00.000Z');
  });

  it('says nothing when there is neither place nor time', () => {
    for (const raw of [undefined, null, 'x', {}, { Make: 'Cam' }, { DateTimeOriginal: '0000:00:00 00:00:00' }]) expect(photoFacts(raw, NOW)).toBeNull();
  });
});

describe('exifTime', () => {
  it('reads the EXIF form with its offset, Beijing time without one', () => {
    expect(exifTime('2026:12:06 09:15:30', '+08:00', NOW)).toBe('2026-12-06T01:15:30.000Z');
    expect(exifTime('2026:12:06 09:15:30', '-05:00', NOW)).toBe('2026-12-06T14:15:30.000Z');
    expect(exifTime('2026:12:06 09:15:30', undefined, NOW)).toBe('2026-12-06T01:15:30.000Z');
    expect(exifTime('2026:12:06 09:15:30', 'Z+99', NOW)).toBe('2026-12-06T01:15:30.000Z');
  });

  it('refuses impossible dates, dead clocks and times in the future', () => {
    for (const v of ['2026:02:31 10:00:00', '2026:12:06 24:00:00', '2026:12:06 10:61:00', '1970:01:01 00:00:00', '2027:06:01 10:00:00', '', 42, null]) {
      expect(exifTime(v, undefined, NOW), String(v)).toBeNull();
    }
  });
});
