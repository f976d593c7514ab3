import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { isPhotoFile, photoFile, thumbFile } from './incident-photos.domain.ts';

/** The default photo folder, under the project (git-ignored with the rest of .wangge/). */
export const DEFAULT_PHOTO_DIR = '.wangge/photos';

/** Incident photos on disk under one folder; paths come from photoFile, never from a request. */
export function createPhotoStore(dir: string = DEFAULT_PHOTO_DIR) {
  const root = resolve(dir);
  /** The absolute path of a stored file, refusing anything that is not photoFile's shape or leaves the folder. */
  const at = (file: string) => {
    const path = resolve(root, file);
    const rel = relative(root, path);
    if (!isPhotoFile(file) || rel.startsWith('..') || rel.split(sep).includes('..')) {
      throw new RangeError(`not a photo file: ${file}`);
    }
    return path;
  };

  return {
    root,

    /** Writes a photo and its thumbnail under a new random name; returns the photo's relative path. */
    async write(incidentId: number, full: Buffer, thumb: Buffer): Promise<string> {
      const file = photoFile(incidentId, randomBytes(16).toString('hex'));
      await mkdir(dirname(at(file)), { recursive: true });
      // wx: never overwrite (a random name that collides is refused, not replaced)
      await writeFile(at(file), full, { flag: 'wx' });
      try {
        await writeFile(at(thumbFile(file)), thumb, { flag: 'wx' });
      } catch (err) {
        await rm(at(file), { force: true });
        throw err;
      }
      return file;
    },

    /** Removes a photo and its thumbnail (missing files are fine: the goal is that none is left). */
    async remove(file: string) {
      await Promise.all([rm(at(file), { force: true }), rm(at(thumbFile(file)), { force: true })]);
    },

    /** The bytes of a stored photo or its thumbnail; null when the file is gone. */
    async read(file: string, thumb: boolean): Promise<Buffer | null> {
      try {
        return await readFile(at(thumb ? thumbFile(file) : file));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}

export type PhotoStore = ReturnType<typeof createPhotoStore>;
