import type { Sql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import { DEFAULT_PHOTO_DIR } from '../../config.ts';
import { batchProblem, PHOTO_LIMITS, roomFor, type BatchProblem } from './incident-photos.domain.ts';
import { createIncidentPhotosRepo, type PhotoRow } from './incident-photos.repo.ts';
import type { IncidentsService } from './incidents.service.ts';
import { preparePhoto } from './photo-image.ts';
import { createPhotoStore } from './photo-store.ts';

/** Where photos are stored and how large a file may be (AppConfig's photoDir and photoMaxBytes). */
export interface PhotoSettings {
  dir?: string;
  maxBytes?: number;
}

/** A photo as the API shows it: its place and time from EXIF (for suggesting the case's location) and where to fetch it. */
export function presentPhoto(p: PhotoRow) {
  const url = `/api/incidents/${p.incidentId}/photos/${p.id}`;
  return {
    id: p.id, width: p.width, height: p.height, takenAt: p.takenAt?.toISOString() ?? null, lon: p.lon, lat: p.lat, url, thumbUrl: `${url}/thumb`,
    uploadedAt: p.uploadedAt.toISOString(), uploadedBy: p.uploadedBy, eventId: p.eventId,
  };
}

/** The refusal of a batch as the API's error. */
function batchError(p: BatchProblem): AppError {
  switch (p.kind) {
    case 'no_files':
      return badRequest('invalid_request', 'photo: send at least one image file in the field "photo"', [{ field: 'photo', message: 'at least one image file is required', reason: 'required' }]);
    case 'too_many_in_request':
      return badRequest('too_many_photos', `At most ${p.max} photos per upload`, { perRequest: p.max });
    case 'too_many_for_incident':
      return badRequest('too_many_photos', `An incident holds at most ${p.max} photos; it has ${p.existing}`, { perIncident: p.max, existing: p.existing });
    case 'too_large':
      return new AppError(413, 'payload_too_large', `photo ${p.index + 1}: larger than ${(p.maxBytes / 1024 / 1024).toFixed(1)} MB`, { index: p.index, maxBytes: p.maxBytes });
  }
}

/** Incident photos: checked, re-encoded without metadata, stored on disk, recorded, and served inside the case's scope. */
export function createIncidentPhotosService(sql: Sql, deps: { incidents: IncidentsService; clock: () => Date; settings?: PhotoSettings }) {
  const repo = createIncidentPhotosRepo(sql);
  const store = createPhotoStore(deps.settings?.dir ?? DEFAULT_PHOTO_DIR);
  const maxBytes = deps.settings?.maxBytes ?? PHOTO_LIMITS.defaultMaxBytes;

  return {
    maxBytes,
    store,

    /** 404 unless the caller may see the case (checked before a body is read). */
    visible: (caller: Caller, id: number) => deps.incidents.visible(caller, id),

    /**
     * Adds photos to a case the caller may see: all of them or none. Files are written first, then
     * recorded in one transaction under the case's photo cap; if that fails, the files are removed.
     */
    async upload(caller: Caller, incidentId: number, files: File[]) {
      const incident = await deps.incidents.visible(caller, incidentId);
      const early = batchProblem(files.map((f) => f.size), await repo.count(incidentId), maxBytes);
      if (early) throw batchError(early);
      const prepared = [];
      // one at a time: a request holds at most six decoded images' worth of memory, never all at once
      for (const [i, f] of files.entries()) prepared.push(await preparePhoto(Buffer.from(await f.arrayBuffer()), i, deps.clock().getTime()));
      const written: string[] = [];
      try {
        for (const p of prepared) written.push(await store.write(incidentId, p.full, p.thumb));
        const result = await repo.insertAll(incidentId, incident.regionCode, prepared.map((p, i) => ({
          file: written[i]!, width: p.width, height: p.height, bytes: p.full.length, takenAt: p.facts?.takenAt ?? null,
          lon: p.facts?.lon ?? null, lat: p.facts?.lat ?? null, uploadedBy: caller.userId,
        })), PHOTO_LIMITS.perIncident);
        if ('existing' in result) throw batchError(roomFor(prepared.length, result.existing)!);
        return await repo.list(incidentId, result.ids);
      } catch (err) {
        await Promise.allSettled(written.map((f) => store.remove(f)));
        throw err;
      }
    },

    /** The JPEG bytes of a photo or its thumbnail, to a caller who may see the case; 404 otherwise. */
    async file(caller: Caller, incidentId: number, photoId: number, thumb: boolean): Promise<Buffer> {
      await deps.incidents.visible(caller, incidentId);
      const photo = await repo.byId(incidentId, photoId);
      const data = photo ? await store.read(photo.file, thumb) : null;
      if (!data) {
        if (photo) console.warn(`[photos] the file of photo ${photoId} of incident ${incidentId} is missing under ${store.root}`);
        throw notFound('photo_not_found', `No photo ${photoId} of incident ${incidentId}`);
      }
      return data;
    },
  };
}
