/**
 * npm run import -- <kind> <file> --jurisdiction <code> [--mode add|replace] [--crs wgs84|gcj02|bd09] [--dry-run]
 *   buildings also: [--households property|footprint|population] [--floors-property <name>] [--default-floors <n>]
 *   [--m2-per-household <m²>] [--population-property <name>] [--household-size <people>]
 * Imports base data with the same service as POST /api/imports/:kind, against DATABASE_URL or the
 * embedded cluster (like npm start). Exit codes: 0 imported (or dry run clean), 1 rejected, 2 usage.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { AppError } from '../../http/errors.ts';
import type { ImportProblem } from './geojson.domain.ts';
import { createImportsService } from './imports.service.ts';
import { importParam, importQuery } from './imports.schema.ts';

const USAGE = 'usage: npm run import -- <jurisdictions|buildings|roads|water|green> <file.geojson> --jurisdiction <code> ' +
  '[--mode add|replace] [--crs wgs84|gcj02|bd09] [--dry-run]\n  buildings: [--households property|footprint|population] ' +
  '[--floors-property floors] [--default-floors <n>] [--m2-per-household 120] [--population-property population] [--household-size 2.62]';

// CLI flags in kebab-case, as the query parameters of POST /api/imports/:kind
const FLAGS = {
  jurisdiction: 'jurisdiction', mode: 'mode', crs: 'crs', households: 'households', 'floors-property': 'floorsProperty',
  'default-floors': 'defaultFloors', 'm2-per-household': 'm2PerHousehold', 'population-property': 'populationProperty', 'household-size': 'householdSize',
} as const;

function readArgs() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }])), 'dry-run': { type: 'boolean' } },
  });
  const kind = importParam.safeParse({ kind: positionals[0] });
  const flags = values as Record<string, string | boolean | undefined>;
  const given = Object.fromEntries(Object.entries(FLAGS).map(([flag, key]) => [key, flags[flag]]).filter(([, v]) => v !== undefined));
  const query = importQuery.safeParse({ ...given, dryRun: values['dry-run'] ? 'true' : 'false' });
  if (!kind.success || !query.success || !positionals[1]) {
    const issues = [...(kind.error?.issues ?? []), ...(query.error?.issues ?? [])].map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new Error([...issues, ...(positionals[1] ? [] : ['the file is missing']), USAGE].join('\n'));
  }
  const { jurisdiction, mode, crs, dryRun, ...households } = query.data;
  return { kind: kind.data.kind, file: positionals[1], jurisdiction, mode, crs, dryRun, households };
}

const describe = (p: ImportProblem) =>
  `  ${p.index === null ? 'file' : `feature ${p.index}`}${p.id ? ` (${p.id})` : ''}${p.field ? ` ${p.field}` : ''}: ${p.message}` +
  (p.location ? ` at ${p.location[0]}, ${p.location[1]}` : '');

async function main(): Promise<number> {
  let args;
  try {
    args = readArgs();
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const text = readFileSync(args.file, 'utf8');
  const db = await openDatabase({ log: () => {} });
  try {
    await migrate(db.sql);
    const report = await createImportsService(db.sql).run({ ...args, text, scope: null });
    const { inserted, updated, deleted } = report.counts;
    console.log(`${report.dryRun ? 'Dry run (nothing written): would import' : 'Imported'} ${report.features} ${report.kind} features into ${report.jurisdiction} ` +
      `(${report.mode}): ${inserted} inserted, ${updated} updated, ${deleted} deleted`);
    for (const w of report.warnings) console.log(`note: ${w.message}`);
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    console.error(`${err.message}`);
    const problems = (err.details as { problems?: ImportProblem[] } | undefined)?.problems ?? [];
    for (const p of problems) console.error(describe(p));
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
