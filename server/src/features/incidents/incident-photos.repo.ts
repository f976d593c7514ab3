import type { Sql } from 'postgres';

/** A photo to record: its stored file and what was read from it before its metadata went. */
export interface NewPhoto {
  file: string;
  width: number;
  height: number;
  bytes: number;
  takenAt: string | null;
  lon: number | null;
  lat: number | null;
  uploadedBy: number;
}

/** A stored photo as the API shows it, with the timeline event it is attached to (if any). */
export interface PhotoRow {
  id: number;
  incidentId: number;
  file: string;
  width: number;
  height: number;
  takenAt: Date | null;
  lon: number | null;
  lat: number | null;
  uploadedBy: { id: number; name: string } | null;
  uploadedAt: Date;
  eventId: number | null;
}

const toRow = (r: Record<string, unknown>): PhotoRow => ({
  id: Number(r.id), incidentId: Number(r.incident_id), file: String(r.file), width: Number(r.width), height: Number(r.height),
  takenAt: (r.taken_at as Date | null) ?? null, lon: r.lon === null ? null : Number(r.lon), lat: r.lat === null ? null : Number(r.lat),
  uploadedBy: r.uploaded_by === null ? null : { id: Number(r.uploaded_by), name: String(r.display_name) }, uploadedAt: r.created_at as Date,
  eventId: r.event_id === null ? null : Number(r.event_id),
});

/** Every query of incident photos. */
export function createIncidentPhotosRepo(sql: Sql) {
  const select = () => sql`select p.id, p.incident_id, p.file, p.width, p.height, p.taken_at, ST_X(p.geom) as lon, ST_Y(p.geom) as lat,
      p.uploaded_by, u.display_name, p.created_at,
      (select e.id from incident_event e where e.incident_id = p.incident_id and e.attachments @> array[p.id::text] order by e.at, e.id limit 1) as event_id
    from incident_photo p left join app_user u on u.id = p.uploaded_by`;

  return {
    /** How many photos a case has. */
    async count(incidentId: number): Promise<number> {
      const [r] = await sql`select count(*)::int as n from incident_photo where incident_id = ${incidentId}`;
      return Number(r!.n);
    },

    /**
     * Records photos if they fit beside the case's others under `cap`, in one transaction that holds
     * the case's photo lock, so simultaneous uploads cannot pass the cap together. Returns the new
     * ids, or the count already there when they do not fit (nothing is written then).
     */
    async insertAll(incidentId: number, regionCode: string, photos: NewPhoto[], cap: number): Promise<{ ids: number[] } | { existing: number }> {
      return sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext('wangge.incident_photo'), (${incidentId}::bigint % 2147483647)::int)`;
        const [c] = await tx`select count(*)::int as n from incident_photo where incident_id = ${incidentId}`;
        const existing = Number(c!.n);
        if (existing + photos.length > cap) return { existing };
        const ids: number[] = [];
        for (const p of photos) {
          const geom = p.lon === null || p.lat === null ? null : tx`ST_SetSRID(ST_MakePoint(${p.lon}, ${p.lat}), 4326)`;
          const [r] = await tx`insert into incident_photo (incident_id, region_code, file, mime, width, height, bytes, taken_at, geom, uploaded_by)
            values (${incidentId}, ${regionCode}, ${p.file}, 'image/jpeg', ${p.width}, ${p.height}, ${p.bytes}, ${p.takenAt}, ${geom}, ${p.uploadedBy})
            returning id`;
          ids.push(Number(r!.id));
        }
        return { ids };
      });
    },

    /** One photo of a case, or undefined (a photo of another case is not found here). */
    async byId(incidentId: number, photoId: number): Promise<PhotoRow | undefined> {
      const [r] = await sql`${select()} where p.id = ${photoId} and p.incident_id = ${incidentId}`;
      return r ? toRow(r) : undefined;
    },

    /** The photos of a case, oldest first. */
    async list(incidentId: number, ids?: number[]): Promise<PhotoRow[]> {
      const only = ids ? sql`and p.id = any(${ids}::bigint[])` : sql``;
      const rows = await sql`${select()} where p.incident_id = ${incidentId} ${only} order by p.created_at, p.id`;
      return rows.map(toRow);
    },
  };
}

export type IncidentPhotosRepo = ReturnType<typeof createIncidentPhotosRepo>;
