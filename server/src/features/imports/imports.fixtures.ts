/** Helpers shared by the import tests: run the service on a test database and read a refusal's problems. */
import type { Sql } from 'postgres';
import { expect } from 'vitest';
import type { ImportProblem } from './geojson.domain.ts';
import { PROBLEM_WORDS, type ProblemCode } from './imports.problems.ts';
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

/**
 * The problems a test provoked hold one of `code` (with `params`, when given), and every one of them
 * is coded with word params clients have texts for.
 */
export function expectCoded(problems: ImportProblem[], code: ProblemCode, params?: Record<string, unknown>) {
  const problem = problems.find((p) => p.code === code);
  expect(problem, JSON.stringify(problems.map((p) => p.code ?? p.message))).toBeDefined();
  if (params) expect(problem!.params).toMatchObject(params);
  for (const p of problems) {
    expect(p.code, p.message).toBeDefined();
    expectKnownWords(p);
  }
}

/** Every word param of a problem holds a value clients have a text for (PROBLEM_WORDS). */
function expectKnownWords(p: ImportProblem) {
  for (const [param, values] of Object.entries(PROBLEM_WORDS)) {
    const v = p.params?.[param];
    if (v === undefined) continue;
    for (const word of param === 'uses' ? String(v).split(',') : [String(v)]) expect(values, `${p.code} ${param}`).toContain(word);
  }
}
