// Where and when a photo was taken, read in the browser before reporting: the server strips every
// photo's metadata on upload, so the report form suggests the place from here. The rules are the
// server's (photo-exif.domain.ts), so both sides read the same place and time from the same file.
import exifr from 'exifr';
import { EXIF_OPTIONS, photoFacts, type PhotoFacts } from '../../../../server/src/features/incidents/photo-exif.domain.ts';

export type { PhotoFacts } from '../../../../server/src/features/incidents/photo-exif.domain.ts';

/** The photo's EXIF GPS (WGS-84, as phones record it) and capture time; null when it has neither or is not a readable image. */
export async function readPhotoExif(file: Blob | ArrayBuffer | Uint8Array, now = Date.now()): Promise<PhotoFacts | null> {
  try {
    const bytes = file instanceof Blob ? await file.arrayBuffer() : file;
    return photoFacts(await exifr.parse(bytes, EXIF_OPTIONS), now);
  } catch {
    // not an image exifr knows, or a damaged one: no suggestion, the server decides whether to take it
    return null;
  }
}
