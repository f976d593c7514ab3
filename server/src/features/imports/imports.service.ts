/**
 * Base-data import (jurisdictions, buildings, roads) for the HTTP route and the CLI alike:
 * read and check the file, check it against the database, and write it in one transaction
 * only when no problem was found. A dry run does the whole import and rolls it back.
 */
import type { Sql, TransactionSql } from 'postgres';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import { distanceM, firstPosition, MAX_FEATURES_PER_FILE, toWgs84, type ImportProblem, type SourceCrs } from './geojson.domain.ts';
import {
  parseImport, sampleRows, shiftProblem, type ImportRow, type ParsedBuilding, type ParsedImport, type ParsedJurisdiction, type ParsedRoad,
} from './imports.domain.ts';
import { createImportsRepo, type TargetJurisdiction } from './imports.repo.ts';
import { writeBuildings, writeJurisdictions, writeRoads, type ImportCounts } from './imports-write.repo.ts';
import type { ImportKind } from './imports.schema.ts';
import { checkBuildings, checkJurisdictions, checkRoads } from './imports.checks.ts';

/** One import request. `scope` limits the jurisdictions the caller may import into (null = any, for the CLI). */
export interface ImportInput {
  kind: ImportKind;
  text: string;
  jurisdiction: string;
  mode: 'add' | 'replace';
  crs: SourceCrs;
  dryRun: boolean;
  scope: string[] | null;
}

/** What an accepted import did (or, for a dry run, would do). */
export interface ImportReport {
  kind: ImportKind;
  jurisdiction: string;
  mode: 'add' | 'replace';
  crs: SourceCrs;
  dryRun: boolean;
  features: number;
  counts: ImportCounts;
}

const SHIFT_SAMPLE = 200;

class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run');
  }
}

/** The 400 every rejected import answers with: every problem, located. */
export function importInvalid(kind: ImportKind | 'grids', problems: ImportProblem[]) {
  const n = problems.length;
  return badRequest('import_invalid', `${n} problem${n === 1 ? '' : 's'} in the ${kind} file; nothing was imported`, { problems });
}

/** The 413 a file with more than MAX_FEATURES_PER_FILE features answers with (nothing of it is checked or written). */
export function tooManyFeatures(kind: ImportKind | 'grids', count: number) {
  return new AppError(413, 'too_many_features', `The ${kind} file holds ${count.toLocaleString('en')} features; ` +
    `one import takes at most ${MAX_FEATURES_PER_FILE.toLocaleString('en')}: split it into several files`, { features: count, max: MAX_FEATURES_PER_FILE });
}

/** Creates the import service over a database. */
export function createImportsService(sql: Sql) {
  return {
    /** Checks and (unless rejected or a dry run) writes one import; throws 400 import_invalid with every problem. */
    async run(input: ImportInput): Promise<ImportReport> {
      if (input.scope && !input.scope.some((p) => input.jurisdiction.startsWith(p))) {
        throw notFound('jurisdiction_not_found', `No jurisdiction ${input.jurisdiction} in your scope`);
      }
      const parsed = parseImport(input.kind, input.text, { jurisdiction: input.jurisdiction, crs: input.crs });
      if (parsed.total > MAX_FEATURES_PER_FILE) throw tooManyFeatures(input.kind, parsed.total);
      try {
        return await sql.begin((tx) => runInTx(tx, input, parsed));
      } catch (err) {
        if (err instanceof DryRunRollback) return err.report;
        throw err;
      }
    },
  };
}

async function runInTx(tx: TransactionSql, input: ImportInput, parsed: ParsedImport): Promise<ImportReport> {
  const repo = createImportsRepo(tx);
  await repo.lock();
  const target = await repo.target(input.jurisdiction);
  const inFile = input.kind === 'jurisdictions' && parsed.rows.some((r) => (r.props as ParsedJurisdiction).code === input.jurisdiction);
  if (!target && !inFile) throw notFound('jurisdiction_not_found', `No jurisdiction ${input.jurisdiction}: import it first (kind jurisdictions)`);
  await repo.stage(parsed.rows);
  const ids = new Map(parsed.rows.map((r) => [r.index, r.id]));
  const invalid = (await repo.invalidGeometry()).map((p) => (ids.get(p.index!) ? { ...p, id: ids.get(p.index!)! } : p));
  const problems = [...parsed.problems, ...invalid];
  const broken = new Set(problems.map((p) => p.index));
  const rows = parsed.rows.filter((r) => !broken.has(r.index));
  if (input.crs === 'wgs84') {
    const shift = await shiftCheck(repo, input, rows);
    if (shift) problems.unshift(shift);
  }
  const write = await kindChecks(tx, repo, input, target, rows, problems);
  if (problems.length) throw importInvalid(input.kind, problems.sort((a, b) => (a.index ?? -1) - (b.index ?? -1)));
  const counts = await write();
  const report: ImportReport = {
    kind: input.kind, jurisdiction: input.jurisdiction, mode: input.mode, crs: input.crs, dryRun: input.dryRun, features: parsed.total, counts,
  };
  if (input.dryRun) throw new DryRunRollback(report);
  return report;
}

/** Adds the kind's database problems to `problems` and returns the writer to run when there are none. */
async function kindChecks(
  tx: TransactionSql, repo: ReturnType<typeof createImportsRepo>, input: ImportInput, target: TargetJurisdiction | undefined,
  rows: ImportRow<unknown>[], problems: ImportProblem[],
): Promise<() => Promise<ImportCounts>> {
  const replace = input.mode === 'replace';
  if (input.kind === 'buildings') {
    const b = rows as ImportRow<ParsedBuilding>[];
    const community = await checkBuildings(repo, target!, b, replace, problems);
    return () => writeBuildings(tx, target!, b, community, replace);
  }
  if (input.kind === 'roads') {
    const r = rows as ImportRow<ParsedRoad>[];
    await checkRoads(repo, target!, r, problems);
    return () => writeRoads(tx, target!, r, replace);
  }
  const j = rows as ImportRow<ParsedJurisdiction>[];
  const drop = await checkJurisdictions(repo, input.jurisdiction, j, replace, problems);
  return () => writeJurisdictions(tx, j, drop);
}

/** Compares a sample with the stored data as given and with GCJ-02/BD-09 undone. */
async function shiftCheck(repo: ReturnType<typeof createImportsRepo>, input: ImportInput, rows: ImportRow<unknown>[]) {
  const sample = sampleRows(rows, SHIFT_SAMPLE).map((r) => ({ asIs: r.geometry, gcj02: toWgs84(r.geometry, 'gcj02'), bd09: toWgs84(r.geometry, 'bd09') }));
  if (sample.length < 3) return null;
  const scores = await repo.shiftScores(input.kind, input.jurisdiction, sample);
  if (!scores) return null;
  const offsets = sample.map((s) => distanceM(firstPosition(s.asIs), firstPosition(s.gcj02))).sort((a, b) => a - b);
  return shiftProblem({ sample: sample.length, ...scores, gcjOffsetM: offsets[Math.floor(offsets.length / 2)] ?? 0 }, firstPosition(sample[0]!.asIs));
}
