/**
 * Base-data import (jurisdictions, buildings, roads, water, green) for the HTTP route and the CLI alike:
 * read and check the file, check it against the database, and write it in one transaction
 * only when no problem was found. A dry run does the whole import and rolls it back.
 */
import type { Sql, TransactionSql } from 'postgres';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import { distanceM, firstPosition, MAX_FEATURES_PER_FILE, toWgs84, type ImportProblem, type SourceCrs } from './geojson.domain.ts';
import {
  parseImport, sampleRows, shiftProblem, type ImportRow, type ParsedBuilding, type ParsedImport, type ParsedJurisdiction, type ParsedLandcover,
  type ParsedRoad,
} from './imports.domain.ts';
import { footprintHouseholds } from './imports.households.ts';
import { createImportsRepo, type TargetJurisdiction } from './imports.repo.ts';
import { shiftScores } from './imports-shift.repo.ts';
import { writeBuildings, writeJurisdictions, writeLandcover, writeRoads, type ImportCounts } from './imports-write.repo.ts';
import { householdOptions, type HouseholdOptions, type ImportKind } from './imports.schema.ts';
import { checkBuildings, checkJurisdictions, checkTouches } from './imports.checks.ts';
import { checkPlacement } from './imports-placement.ts';

/**
 * One import request. `scope` limits the jurisdictions the caller may import into (null = any, for
 * the CLI). Without `crs` the file is taken as WGS-84 but refused when it looks GCJ-02/BD-09.
 */
export interface ImportInput {
  kind: ImportKind;
  text: string;
  jurisdiction: string;
  mode: 'add' | 'replace';
  crs?: SourceCrs | undefined;
  households?: HouseholdOptions | undefined;
  dryRun: boolean;
  scope: string[] | null;
}

/** What an accepted import did (or, for a dry run, would do), with what it assumed (`warnings`). */
export interface ImportReport {
  kind: ImportKind;
  jurisdiction: string;
  mode: 'add' | 'replace';
  crs: SourceCrs;
  dryRun: boolean;
  features: number;
  counts: ImportCounts;
  warnings: ImportProblem[];
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
      const households = input.households ?? householdOptions.parse({});
      const parsed = parseImport(input.kind, input.text, { jurisdiction: input.jurisdiction, crs: input.crs ?? 'wgs84', mode: input.mode, households });
      if (parsed.total > MAX_FEATURES_PER_FILE) throw tooManyFeatures(input.kind, parsed.total);
      try {
        return await sql.begin((tx) => runInTx(tx, { ...input, households }, parsed));
      } catch (err) {
        if (err instanceof DryRunRollback) return err.report;
        throw err;
      }
    },
  };
}

async function runInTx(tx: TransactionSql, input: ImportInput & { households: HouseholdOptions }, parsed: ParsedImport): Promise<ImportReport> {
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
  let rows = parsed.rows.filter((r) => !broken.has(r.index));
  if (input.crs === undefined) {
    const shift = await shiftCheck(tx, input, rows);
    if (shift) problems.unshift(shift);
  }
  if (input.kind === 'buildings' && input.households.households === 'footprint') {
    const derived = footprintHouseholds(rows as ImportRow<ParsedBuilding>[], await repo.areas(), input.households.m2PerHousehold);
    rows = derived.rows;
    problems.push(...derived.problems);
  }
  const write = await kindChecks(tx, repo, input, target, rows, problems);
  if (problems.length) throw importInvalid(input.kind, problems.sort((a, b) => (a.index ?? -1) - (b.index ?? -1)));
  const counts = await write();
  const report: ImportReport = {
    kind: input.kind, jurisdiction: input.jurisdiction, mode: input.mode, crs: input.crs ?? 'wgs84', dryRun: input.dryRun, features: parsed.total,
    counts, warnings: parsed.warnings,
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
  const kind = input.kind;
  if (kind === 'buildings') {
    const b = rows as ImportRow<ParsedBuilding>[];
    const community = await checkBuildings(repo, target!, b, replace, problems);
    return () => writeBuildings(tx, target!, b, community, replace);
  }
  if (kind === 'roads') {
    await checkTouches(repo, target!, rows, 'road', problems);
    return () => writeRoads(tx, target!, rows as ImportRow<ParsedRoad>[], replace);
  }
  if (kind === 'water' || kind === 'green') {
    await checkTouches(repo, target!, rows, 'area', problems);
    return () => writeLandcover(tx, target!, kind, rows as ImportRow<ParsedLandcover>[], replace);
  }
  const j = rows as ImportRow<ParsedJurisdiction>[];
  const drop = await checkJurisdictions(repo, input.jurisdiction, j, replace, problems);
  problems.push(...await checkPlacement(tx, j, drop));
  return () => writeJurisdictions(tx, j, drop);
}

/** Compares a sample with what the jurisdiction has, as given and with GCJ-02/BD-09 undone; the first clear misfit is the problem. */
async function shiftCheck(tx: TransactionSql, input: ImportInput, rows: ImportRow<unknown>[]) {
  const sample = sampleRows(rows, SHIFT_SAMPLE).map((r) => ({ asIs: r.geometry, gcj02: toWgs84(r.geometry, 'gcj02'), bd09: toWgs84(r.geometry, 'bd09') }));
  if (sample.length < 3) return null;
  const median = (to: 'gcj02' | 'bd09') => {
    const d = sample.map((s) => distanceM(firstPosition(s.asIs), firstPosition(s[to]))).sort((a, b) => a - b);
    return d[Math.floor(d.length / 2)] ?? 0;
  };
  const offsets = { gcjOffsetM: median('gcj02'), bd09OffsetM: median('bd09') };
  for (const scores of await shiftScores(tx, input.kind, input.jurisdiction, sample)) {
    const problem = shiftProblem({ sample: sample.length, ...scores, ...offsets }, firstPosition(sample[0]!.asIs));
    if (problem) return problem;
    // data of the same kind that fits as given settles it
    if (scores.rule === 'match' && scores.asIs >= 0.5) return null;
  }
  return null;
}
