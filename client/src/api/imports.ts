import { rpc, unwrap, type Ok } from './client.ts';

export type ImportKind = 'jurisdictions' | 'buildings' | 'roads' | 'water' | 'green';
/** Query options of a base-data import besides the kind: target, mode, crs (absent = detect a shift), dry run, household options. */
export interface ImportQuery {
  jurisdiction: string;
  mode: 'add' | 'replace';
  crs?: 'wgs84' | 'gcj02' | 'bd09';
  dryRun: 'true' | 'false';
  households?: 'property' | 'footprint' | 'population';
  floorsProperty?: string;
  defaultFloors?: string;
  m2PerHousehold?: string;
  populationProperty?: string;
  householdSize?: string;
}
export type PlanFileFormat = 'geojson' | 'shapefile' | 'kml' | 'csv';
/** One located problem of a rejected import (400 import_invalid, details.problems), as the server defines it. */
export type { ImportProblem } from '../../../server/src/features/imports/geojson.domain.ts';
/** Every code an import or plan file problem can carry and the words in their params: the client has a text for each. */
export { IMPORT_PROBLEM_CODES, PLAN_FILE_PROBLEM_CODES, PROBLEM_WORDS } from '../../../server/src/features/imports/imports.problems.ts';

/** Base-data import and plan files, on the one typed client; every call resolves to data or throws ApiError. */
export const importsApi = {
  /** Uploads a GeoJSON file as the body of POST /api/imports/:kind. */
  importBaseData: (kind: ImportKind, file: Blob, query: ImportQuery) =>
    unwrap<Ok<(typeof rpc.api.imports)[':kind']['$post']>>(rpc.api.imports[':kind'].$post(
      { param: { kind }, query },
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
