import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readPhotoExif } from './photo-exif.ts';

const NOW = Date.parse('2026-12-07T02:00:00Z');

/** Real JPEG bytes as a phone writes them: GPS 39°59'12.34" N 116°20'30" E, taken 09:15:30 Beijing time. */
async function phoneJpeg(exif: Record<string, Record<string, string>>) {
  const data = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#4080c0' } }).jpeg().withExif(exif).toBuffer();
  return new Uint8Array(data);
}
const GPS = { GPSLatitudeRef: 'N', GPSLatitude: '39/1 59/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '116/1 20/1 3000/100' };

describe('readPhotoExif', () => {
  it('reads GPS and the capture time from a JPEG, as bytes or as a File', async () => {
    const bytes = await phoneJpeg({ IFD2: { DateTimeOriginal: '2026:12:06 09:15:30', OffsetTimeOriginal: '+08:00' }, IFD3: GPS });
    for (const input of [bytes, new File([bytes], 'IMG_0001.jpg', { type: 'image/jpeg' })]) {
      const facts = await readPhotoExif(input, NOW);
      expect(facts?.takenAt).toBe('2026-12-06T01:15:30.000Z');
      expect(facts?.lon).toBeCloseTo(116.341667, 5);
      expect(facts?.lat).toBeCloseTo(39.986761, 5);
    }
  });

  it('gives the place without a time, the time without a place (Beijing time when no offset is written)', async () => {
    expect(await readPhotoExif(await phoneJpeg({ IFD3: GPS }), NOW)).toMatchObject({ takenAt: null });
    expect(await readPhotoExif(await phoneJpeg({ IFD2: { DateTimeOriginal: '2026:12:06 09:15:30' } }), NOW))
      .toEqual({ lon: null, lat: null, takenAt: '2026-12-06T01:15:30.000Z' });
  });

  it('is null for a photo with neither, for an image without EXIF, and for what is not an image', async () => {
    expect(await readPhotoExif(await phoneJpeg({ IFD0: { Make: 'Cam' } }), NOW)).toBeNull();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
    expect(await readPhotoExif(new Uint8Array(png), NOW)).toBeNull();
    expect(await readPhotoExif(new TextEncoder().encode('not a photo at all'), NOW)).toBeNull();
    expect(await readPhotoExif(new Uint8Array(0), NOW)).toBeNull();
  });
});
