/**
 * The rules of incident photos: how many, how large, which formats, how they are resized, where
 * their files go. Pure: the service applies them around sharp, the disk and the database.
 */

/** Limits of incident photos (the per-file size is configuration: WANGGE_PHOTO_MAX_MB). */
export const PHOTO_LIMITS = {
  perRequest: 6,
  perIncident: 20,
  /** The stored photo's long side, in pixels (never enlarged). */
  longSide: 2048,
  /** The thumbnail's long side. */
  thumbSide: 320,
  quality: 82,
  thumbQuality: 75,
  defaultMaxBytes: 10 * 1024 * 1024,
  /** Decoding refuses larger images: 200 megapixels covers every phone camera, not a decompression bomb. */
  maxPixels: 200_000_000,
} as const;

/** Room for the multipart boundaries and headers around the files of one request. */
export const MULTIPART_OVERHEAD = 64 * 1024;

/** The most one upload request may carry: as many files as allowed, each at the limit. */
export const requestLimit = (maxBytes: number) => PHOTO_LIMITS.perRequest * maxBytes + MULTIPART_OVERHEAD;

/**
 * Whether a decoded header's format is taken: JPEG, PNG, WebP and AVIF always; HEIC (HEIF with
 * HEVC) only where the image library can decode it (sharp's prebuilt libvips cannot, for patent
 * reasons). GIF, TIFF, SVG and the rest are images we do not take.
 */
export function formatVerdict(format: string | undefined, compression: string | undefined, heicDecodable: boolean): 'ok' | 'unsupported' {
  if (format === 'jpeg' || format === 'png' || format === 'webp') return 'ok';
  if (format === 'heif') return compression === 'av1' || (compression === 'hevc' && heicDecodable) ? 'ok' : 'unsupported';
  return 'unsupported';
}

/** Why a batch of uploaded files is refused before any is decoded, or null. */
export type BatchProblem =
  | { kind: 'no_files' }
  | { kind: 'too_many_in_request'; max: number }
  | { kind: 'too_many_for_incident'; max: number; existing: number }
  | { kind: 'too_large'; index: number; maxBytes: number };

/** Checks the count and sizes of a request's files against the limits; `existing` photos are already stored. */
export function batchProblem(sizes: number[], existing: number, maxBytes: number): BatchProblem | null {
  if (sizes.length === 0) return { kind: 'no_files' };
  if (sizes.length > PHOTO_LIMITS.perRequest) return { kind: 'too_many_in_request', max: PHOTO_LIMITS.perRequest };
  const index = sizes.findIndex((s) => s > maxBytes);
  if (index >= 0) return { kind: 'too_large', index, maxBytes };
  return roomFor(sizes.length, existing);
}

/** Whether `adding` more photos fit beside `existing` ones (checked again under the incident's lock). */
export function roomFor(adding: number, existing: number): BatchProblem | null {
  return existing + adding > PHOTO_LIMITS.perIncident ? { kind: 'too_many_for_incident', max: PHOTO_LIMITS.perIncident, existing } : null;
}

const NAME = /^[0-9a-f]{32}$/;

/**
 * The stored file's path under the photo folder: sharded by incident (a folder per thousand cases,
 * then the case), named by a random hex name and never by anything the uploader sent.
 */
export function photoFile(incidentId: number, name: string): string {
  if (!Number.isSafeInteger(incidentId) || incidentId <= 0 || !NAME.test(name)) throw new RangeError('photoFile: a positive incident id and a 32-hex name');
  return `${String(Math.floor(incidentId / 1000)).padStart(3, '0')}/${incidentId}/${name}.jpg`;
}

/** The thumbnail's path beside its photo's. */
export function thumbFile(file: string): string {
  return file.replace(/\.jpg$/, '.thumb.jpg');
}

/** Whether a path has the shape photoFile or thumbFile gives (so nothing else is ever opened). */
export function isPhotoFile(file: string): boolean {
  return /^\d{3,}\/[1-9]\d*\/[0-9a-f]{32}(\.thumb)?\.jpg$/.test(file);
}
