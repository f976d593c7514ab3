import { rpc, unwrap, type Ok } from './client.ts';

export type ImportKind = 'jurisdictions' | 'buildings' | 'roads';
export type PlanFileFormat = 'geojson' | 'shapefile' | 'kml' | 'csv';
/** One located problem of a rejected import (400 import_invalid, details.problems), as the server defines it. */
export type { ImportProblem } from '../../../server/src/features/imports/geojson.domain.ts';

/** Base-data import and plan files, on the one typed client; every call resolves to data or throws ApiError. */
export const importsApi = {
  /** Uploads a GeoJSON file as the body of POST /api/imports/:kind. */
  importBaseData: (kind: ImportKind, file: Blob, q: { jurisdiction: string; mode: 'add' | 'replace'; crs: 'wgs84' | 'gcj02' | 'bd09'; dryRun: boolean }) =>
    unwrap<Ok<(typeof rpc.api.imports)[':kind']['$post']>>(rpc.api.imports[':kind'].$post(
      { param: { kind }, query: { jurisdiction: q.jurisdiction, mode: q.mode, crs: q.crs, dryRun: String(q.dryRun) as 'true' | 'false' } },
      { init: { body: file, headers: { 'Content-Type': 'application/octet-stream' } } },
    )),
  /** Where the browser downloads a plan in a format (a plain GET with the session cookie). */
  planExportUrl: (planId: number, format: PlanFileFormat) => {
    const u = rpc.api.plans[':id'].export.$url({ param: { id: String(planId) }, query: { format } });
    return u.pathname + u.search;
  },
  /** Uploads a plan file (CSV: building → grid, grids built from parcels); the draft's grids are replaced as one operation. */
  importPlan: (planId: number, format: PlanFileFormat, version: number, file: Blob) =>
    unwrap<Ok<(typeof rpc.api.plans)[':id']['import']['$post']>>(rpc.api.plans[':id'].import.$post(
      { param: { id: String(planId) }, query: { format, version: String(version) } },
      { init: { body: file, headers: { 'Content-Type': 'application/octet-stream' } } },
    )),
};
