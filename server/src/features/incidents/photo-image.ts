import exifr from 'exifr';
import sharp from 'sharp';
import { AppError, badRequest } from '../../http/errors.ts';
import { formatVerdict, PHOTO_LIMITS } from './incident-photos.domain.ts';
import { EXIF_OPTIONS, photoFacts, type PhotoFacts } from './photo-exif.domain.ts';

/** Whether this process's libvips decodes HEIC (HEVC); sharp's prebuilt binaries decode AVIF only. */
export const HEIC_DECODABLE = (sharp.format.heif?.input.fileSuffix ?? []).includes('.heic');

/** A photo ready to store: re-encoded JPEG without any metadata, its thumbnail, and what its EXIF said. */
export interface PreparedPhoto {
  full: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
  facts: PhotoFacts | null;
}

const notAnImage = (index: number, why: string) =>
  badRequest('not_an_image', `photo ${index + 1}: ${why}`, { index, accepted: ['jpeg', 'png', 'webp', 'avif', ...(HEIC_DECODABLE ? ['heic'] : [])] });

/** The format from the file's own bytes (never its name or declared type); 400 when it is not an image we take. */
async function inspect(input: Buffer, index: number) {
  if (input.length === 0) throw notAnImage(index, 'is empty');
  // sharp's constructor throws at once on some input, its promise rejects on the rest
  const meta = await Promise.resolve().then(() => sharp(input, { limitInputPixels: false }).metadata()).catch(() => null);
  if (!meta) throw notAnImage(index, 'is not an image (its content is not JPEG, PNG, WebP or AVIF)');
  if (formatVerdict(meta.format, meta.compression, HEIC_DECODABLE) !== 'ok') {
    const what = meta.format === 'heif' ? `HEIF/${meta.compression ?? '?'}` : String(meta.format);
    throw badRequest('image_format_unsupported', `photo ${index + 1}: ${what} images are not taken; send JPEG, PNG, WebP or AVIF`, { index, format: what });
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > PHOTO_LIMITS.maxPixels) {
    throw new AppError(413, 'payload_too_large', `photo ${index + 1}: more than ${PHOTO_LIMITS.maxPixels / 1e6} megapixels`, { index, maxPixels: PHOTO_LIMITS.maxPixels });
  }
}

/**
 * Reads the EXIF place and time, then decodes the whole image (a truncated or damaged file is refused
 * here), turns it upright by its EXIF orientation, fits it into the stored size and re-encodes it as a
 * JPEG without metadata (sharp keeps none unless asked), plus a thumbnail. Trailing bytes of a
 * polyglot file do not survive: only decoded pixels are written.
 */
export async function preparePhoto(input: Buffer, index: number, now = Date.now()): Promise<PreparedPhoto> {
  await inspect(input, index);
  const facts = photoFacts(await exifr.parse(input, EXIF_OPTIONS).catch(() => null), now);
  const full = await sharp(input, { limitInputPixels: PHOTO_LIMITS.maxPixels, failOn: 'error' })
    .rotate()
    .resize({ width: PHOTO_LIMITS.longSide, height: PHOTO_LIMITS.longSide, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: PHOTO_LIMITS.quality })
    .toBuffer({ resolveWithObject: true })
    .catch(() => null);
  if (!full) throw notAnImage(index, 'could not be decoded (truncated or damaged)');
  const thumb = await sharp(full.data)
    .resize({ width: PHOTO_LIMITS.thumbSide, height: PHOTO_LIMITS.thumbSide, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: PHOTO_LIMITS.thumbQuality })
    .toBuffer();
  return { full: full.data, thumb, width: full.info.width, height: full.info.height, facts };
}
