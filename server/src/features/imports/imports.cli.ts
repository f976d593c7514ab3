/**
 * npm run import -- <kind> <file> --jurisdiction <code> [--mode add|replace] [--crs wgs84|gcj02|bd09] [--dry-run]
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

const USAGE = 'usage: npm run import -- <jurisdictions|buildings|roads> <file.geojson> --jurisdiction <code> [--mode add|replace] [--crs wgs84|gcj02|bd09] [--dry-run]';

function readArgs() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { jurisdiction: { type: 'string' }, mode: { type: 'string' }, crs: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  });
  const kind = importParam.safeParse({ kind: positionals[0] });
  const query = importQuery.safeParse({ jurisdiction: values.jurisdiction, mode: values.mode, crs: values.crs, dryRun: values['dry-run'] ? 'true' : 'false' });
  if (!kind.success || !query.success || !positionals[1]) {
    const issues = [...(kind.error?.issues ?? []), ...(query.error?.issues ?? [])].map((i) => i.message);
    throw new Error([...issues, ...(positionals[1] ? [] : ['the file is missing']), USAGE].join('\n'));
  }
  return { kind: kind.data.kind, file: positionals[1], ...query.data };
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
