/**
 * Export of a plan's grids (GeoJSON, zipped Shapefile, KML, building → grid CSV) and import of
 * grids from such files into a draft, through the plans service's one logged replaceGrids operation.
 */
import type { Sql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { MAX_FEATURES_PER_FILE } from '../imports/geojson.domain.ts';
import { importInvalid, tooManyFeatures } from '../imports/imports.service.ts';
import {
  assignmentCsv, contentDisposition, gridsFromFeatures, gridsGeoJson, gridsKml, gridsShapefile, type ExchangeFormat,
} from './plan-exchange.domain.ts';
import { readAssignments } from './assignment-csv.domain.ts';
import { gridsFromAssignments } from './plan-exchange-csv.repo.ts';
import { readPlanFile } from './plan-exchange.readers.ts';
import { createPlanExchangeRepo } from './plan-exchange.repo.ts';

/** What this feature needs from the plans service (createPlansService). */
export interface PlansPort {
  assertPlanAccess(caller: Caller, planId: number, what: 'view' | 'edit'): Promise<{ id: number; name: string; version: number; jurisdiction: { code: string }; scope: { code: string } }>;
  replaceGrids(caller: Caller, planId: number, input: {
    version: number; kind: 'import'; summary: Record<string, unknown>;
    grids: { geom: { type: 'Polygon' | 'MultiPolygon'; coordinates: never }; name?: string; justification?: string | null }[];
  }): Promise<{ version: number; operationId: number; codes: string[] }>;
}

/** A file to send. */
export interface ExportFile {
  body: string | Uint8Array;
  contentType: string;
  disposition: string;
}

const TYPES: Record<ExchangeFormat, string> = {
  geojson: 'application/geo+json; charset=utf-8', shapefile: 'application/zip',
  kml: 'application/vnd.google-earth.kml+xml; charset=utf-8', csv: 'text/csv; charset=utf-8',
};

const codeOf = (f: unknown): string | undefined => {
  const code = (f as { properties?: { code?: unknown } } | null)?.properties?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
};

/** Creates the plan exchange service. */
export function createPlanExchangeService(sql: Sql, plans: PlansPort, clock: () => Date) {
  const repo = createPlanExchangeRepo(sql);

  /** building → grid: each grid the union of its buildings' parcels. */
  async function importCsv(caller: Caller, plan: { id: number; scope: { code: string } }, version: number, text: string) {
    const read = readAssignments(text);
    if (read.rows.length > MAX_FEATURES_PER_FILE) throw tooManyFeatures('grids', read.rows.length);
    const built = read.problems.some((p) => p.index === null) ? { grids: [], problems: [] } : await gridsFromAssignments(sql, plan.scope.code, read.rows);
    const problems = [...read.problems, ...built.problems];
    if (problems.length) throw importInvalid('grids', problems.sort((a, b) => (a.index ?? -1) - (b.index ?? -1)));
    if (!built.grids.length) throw importInvalid('grids', [{ index: null, code: 'no_grid_given', message: 'No building of the draft\'s scope is given a grid' }]);
    const result = await plans.replaceGrids(caller, plan.id, {
      version, kind: 'import', summary: { format: 'csv', grids: built.grids.length, buildings: read.rows.length },
      grids: built.grids.map((g) => ({ geom: g.geom as never, ...(g.name ? { name: g.name } : {}) })),
    });
    return { ...result, skipped: [] as (string | undefined)[] };
  }

  return {
    /** The plan in `format` (any plan the caller may view). */
    async exportPlan(caller: Caller, planId: number, format: ExchangeFormat): Promise<ExportFile> {
      const plan = await plans.assertPlanAccess(caller, planId, 'view');
      const file = { contentType: TYPES[format], disposition: contentDisposition(plan, format) };
      if (format === 'csv') return { ...file, body: assignmentCsv(await repo.assignments(planId, plan.jurisdiction.code)) };
      const grids = await repo.grids(planId);
      if (format === 'shapefile') return { ...file, body: gridsShapefile(plan, grids, clock()) };
      if (format === 'kml') return { ...file, body: gridsKml(plan, grids) };
      return { ...file, body: JSON.stringify(gridsGeoJson(plan, grids)) };
    },

    /** Replaces the draft's grids by those of the file, as one logged operation; 400 import_invalid lists every problem. */
    async importPlan(caller: Caller, planId: number, input: { format: ExchangeFormat; version: number; bytes: Uint8Array }) {
      const plan = await plans.assertPlanAccess(caller, planId, 'edit');
      if (input.format === 'csv') return importCsv(caller, plan, input.version, new TextDecoder().decode(input.bytes));
      const read = await readPlanFile(input.format, input.bytes);
      if (read.features.length > MAX_FEATURES_PER_FILE) throw tooManyFeatures('grids', read.features.length);
      // a whole-plan export carries the grids outside this draft's scope too: they stay as they are
      const outside = await repo.codesOutside(planId, plan.scope.code);
      const skip = (f: unknown) => outside.has(codeOf(f) ?? '');
      const skipped = read.features.filter(skip);
      const { grids, problems } = gridsFromFeatures(read.features, skip);
      problems.unshift(...read.problems);
      const invalid = await repo.invalidGeometries(grids.map((g) => ({ index: g.index, geom: g.geom })));
      const bad = new Set(invalid.map((p) => p.index));
      const valid = grids.filter((g) => !bad.has(g.index)).map((g) => ({ index: g.index, geom: g.geom }));
      problems.push(...invalid, ...(await repo.outsideScope(valid, plan.scope.code)));
      if (problems.length) throw importInvalid('grids', problems.sort((a, b) => (a.index ?? -1) - (b.index ?? -1)));
      const result = await plans.replaceGrids(caller, planId, {
        version: input.version, kind: 'import', summary: { format: input.format, grids: grids.length, skipped: skipped.length },
        grids: grids.map((g) => ({ geom: g.geom as never, ...(g.name ? { name: g.name } : {}), justification: g.justification })),
      });
      return { ...result, skipped: skipped.map(codeOf) };
    },
  };
}
