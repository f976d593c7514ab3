/** Helpers shared by the import tests: run the service on a test database and read a refusal's problems. */
import type { Sql } from 'postgres';
import { expect } from 'vitest';
import type { ImportProblem } from './geojson.domain.ts';
import { createImportsService, type ImportInput } from './imports.service.ts';

/** An import with the defaults of the API (add, no dry run, any scope, crs not said). */
export const importWith = (sql: Sql) => (input: Partial<ImportInput> & Pick<ImportInput, 'kind' | 'text' | 'jurisdiction'>) =>
  createImportsService(sql).run({ mode: 'add', dryRun: false, scope: null, ...input });

/** The problems of a rejected import (fails the test when it was not a 400 import_invalid). */
export async function problemsOf(p: Promise<unknown>): Promise<ImportProblem[]> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toMatchObject({ status: 400, code: 'import_invalid' });
  return (err as { details: { problems: ImportProblem[] } }).details.problems;
}
