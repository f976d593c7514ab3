import type { InferResponseType } from 'hono/client';
import { rpc, unwrap } from './client.ts';

type Photos = (typeof rpc.api.incidents)[':id']['photos'];
type Uploaded = InferResponseType<Photos['$post'], 201>;
/** A photo as the upload answers it: size, EXIF place and time (null when the photo had none), and where to load it. */
export type IncidentPhoto = Uploaded['photos'][number];

/** How many photos one upload and one case may hold, as the server counts them. */
export { PHOTO_LIMITS } from '../../../server/src/features/incidents/incident-photos.domain.ts';

/** Incident photos on the one typed client; every call resolves to data or throws ApiError. */
export const incidentPhotosApi = {
  /**
   * Uploads photos to a case the user may see, as multipart/form-data (field `photo`): all are stored or
   * none (400 not_an_image, image_format_unsupported, too_many_photos; 413 payload_too_large; 404 outside the scope).
   * Their lon/lat come from the files' EXIF, to suggest the case's place.
   */
  upload: (incidentId: number, files: File[]) =>
    unwrap<Uploaded>(rpc.api.incidents[':id'].photos.$post({ param: { id: String(incidentId) }, form: { photo: files } })),
  /** Where an <img> loads a photo or its thumbnail (a plain GET; the session cookie goes with it). */
  src: (incidentId: number, photoId: number, thumb = false) => {
    const param = { id: String(incidentId), photoId: String(photoId) };
    const photo = rpc.api.incidents[':id'].photos[':photoId'];
    return (thumb ? photo.thumb.$url({ param }) : photo.$url({ param })).pathname;
  },
};
