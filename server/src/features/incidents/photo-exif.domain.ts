/**
 * What a photo's EXIF says about where and when it was taken, from exifr's parse output. Pure and
 * shared: the server reads it before stripping the metadata, the client reads it in the browser
 * before reporting (client/src/features/incidents/photo-exif.ts), so both suggest the same place.
 */

/** Where and when a photo was taken; either half may be missing. */
export interface PhotoFacts {
  lon: number | null;
  lat: number | null;
  /** ISO 8601 instant, or null. */
  takenAt: string | null;
}

/**
 * The offset assumed for a capture time that carries none (EXIF 2.31's OffsetTime* tags are often
 * absent): phones in China record Beijing time.
 */
export const DEFAULT_EXIF_OFFSET = '+08:00';

/** exifr's options that give what photoFacts reads, raw strings kept (no time zone guessing by the library). */
export const EXIF_OPTIONS = {
  tiff: true, exif: true, gps: true, ifd1: false, interop: false, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false,
  reviveValues: false, translateValues: false,
  pick: ['DateTimeOriginal', 'CreateDate', 'ModifyDate', 'OffsetTimeOriginal', 'OffsetTimeDigitized', 'OffsetTime', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'],
};

const EXIF_TIME = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;
const EARLIEST = Date.UTC(1990, 0, 1);

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : null);

/** An EXIF "YYYY:MM:DD HH:MM:SS" with its offset as an ISO instant; null when malformed or implausible. */
export function exifTime(value: unknown, offset: unknown, now = Date.now()): string | null {
  const m = EXIF_TIME.exec(str(value) ?? '');
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  // Date.parse would roll 31 February over into March
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const off = str(offset);
  const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${off && OFFSET.test(off) ? off : DEFAULT_EXIF_OFFSET}`);
  // a camera with a dead clock says 1970 or 2000-01-01 at best; a day ahead of now is a wrong clock
  if (Number.isNaN(t) || t < EARLIEST || t > now + 86_400_000) return null;
  return new Date(t).toISOString();
}

/** Degrees from exifr's [degrees, minutes, seconds] and a hemisphere reference. */
function degrees(dms: unknown, ref: unknown, negative: 'S' | 'W'): number | null {
  if (!Array.isArray(dms) || dms.length !== 3) return null;
  const parts = dms.map(num);
  if (parts.some((p) => p === null || p < 0)) return null;
  const [d, m, s] = parts as [number, number, number];
  if (m >= 60 || s >= 60) return null;
  const v = d + m / 60 + s / 3600;
  return str(ref)?.toUpperCase() === negative ? -v : v;
}

/** Where and when the photo was taken, from exifr.parse(…, EXIF_OPTIONS); null when it says neither. */
export function photoFacts(raw: unknown, now = Date.now()): PhotoFacts | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  let lon = degrees(r.GPSLongitude, r.GPSLongitudeRef, 'W');
  let lat = degrees(r.GPSLatitude, r.GPSLatitudeRef, 'S');
  // 0,0 is a receiver without a fix, not a place in the Gulf of Guinea
  if (lon === null || lat === null || Math.abs(lon) > 180 || Math.abs(lat) > 90 || (lon === 0 && lat === 0)) lon = lat = null;
  const takenAt = exifTime(r.DateTimeOriginal, r.OffsetTimeOriginal ?? r.OffsetTime, now)
    ?? exifTime(r.CreateDate, r.OffsetTimeDigitized ?? r.OffsetTime, now) ?? exifTime(r.ModifyDate, r.OffsetTime, now);
  if (lon === null && takenAt === null) return null;
  return { lon, lat, takenAt };
}
