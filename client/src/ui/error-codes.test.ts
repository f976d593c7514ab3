import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_PROBLEMS } from '../../../server/src/features/jurisdictions/jurisdictions.domain.ts';
import { REFUSAL_CODES } from '../../../server/src/features/incidents/incidents.vocabulary.ts';
import { FIELD_REASONS } from '../../../server/src/http/issues.ts';
import { en } from '../i18n/en.ts';
import { zhCN } from '../i18n/zh-CN.ts';
import { SERVER_CODES } from './error-message.ts';

// Every error code the server can answer with has a text in both languages, so no screen falls back
// to the server's English. The codes are read from the server's source: the first argument of
// badRequest/notFound/conflict/retryLater and the code of new AppError(status, '…'), the codes of
// http/pg-errors.ts (known(status, '…')), those schemas give their issues (params: { code: '…' }),
// and the framework's own in http/errors.ts. A call whose code is not written out must be listed
// below with the codes it can give, or this test fails too.
const ROOT = join(import.meta.dirname, '../../..');
const SERVER = join(ROOT, 'server/src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [join(dir, e.name)] : []);
}

const CODE = "'([a-z][a-z0-9_]*)'";
const LITERAL = new RegExp([
  `(?<![.\\w])(?:badRequest|notFound|conflict|retryLater)\\(\\s*${CODE}`,
  `new AppError\\(\\s*\\d{3}\\s*,\\s*${CODE}`,
  `\\bknown\\(\\s*\\d{3}\\s*,\\s*${CODE}`,
  `params:\\s*\\{\\s*code:\\s*${CODE}`,
].join('|'), 'g');
// any such call whose code is an expression
const COMPUTED = /(?<![.\w])(?:badRequest|notFound|conflict|retryLater)\(\s*(?!['\s)])([^,)]+)|new AppError\(\s*\d{3}\s*,\s*(?![\s'])([^,)]+)/g;
/** Calls with a computed code (file, the code expression) and every code each can give. */
const COMPUTED_CODES: { file: string; expression: string; codes: readonly string[] }[] = [
  // the helpers themselves (badRequest, notFound, conflict; retryLater) pass their caller's code on
  { file: 'http/errors.ts', expression: 'code', codes: [] },
  { file: 'http/errors.ts', expression: 'code', codes: [] },
  { file: 'http/errors.ts', expression: 'code', codes: [] },
  { file: 'features/auth/auth.service.ts', expression: 'code', codes: [] },
  // validate(): invalid_request, or the code the schema's issues carry (found above as params: { code })
  { file: 'http/validate.ts', expression: 'codeOf(issues as { params?: Record<string', codes: ['invalid_request'] },
  { file: 'features/jurisdictions/jurisdictions.service.ts', expression: 'problem[0]', codes: CODE_PROBLEMS },
  // the workflow's refusals other than the role, the state and the payload: incident_<refusal code>
  {
    file: 'features/incidents/incidents.service.ts', expression: '`incident_${r.code}`',
    codes: REFUSAL_CODES.filter((c) => !['forbidden_role', 'not_allowed_from_state', 'reason_required', 'invalid_payload'].includes(c)).map((c) => `incident_${c}`),
  },
];
/** http/errors.ts answers some failures itself: on a line that names `code`, each quoted code after it. */
const FRAMEWORK = /\bcode\b[^\n]*/g;

function serverCodes(): { codes: Set<string>; computed: { file: string; expression: string }[] } {
  const codes = new Set<string>();
  const computed: { file: string; expression: string }[] = [];
  for (const f of files(SERVER)) {
    const text = readFileSync(f, 'utf8');
    const file = relative(SERVER, f);
    for (const m of text.matchAll(LITERAL)) codes.add(m.slice(1).find(Boolean)!);
    for (const m of text.matchAll(COMPUTED)) computed.push({ file, expression: (m[1] ?? m[2])!.trim() });
    if (file === 'http/errors.ts') {
      for (const line of text.matchAll(FRAMEWORK)) for (const c of line[0].matchAll(new RegExp(CODE, 'g'))) codes.add(c[1]!);
    }
  }
  for (const c of COMPUTED_CODES) c.codes.forEach((code) => codes.add(code));
  return { codes, computed };
}

describe('texts for every error code the server can send', () => {
  const { codes, computed } = serverCodes();

  it('finds the codes in the server source (this test reads what it means to)', () => {
    expect(codes.size).toBeGreaterThan(90);
    for (const c of ['invalid_request', 'invalid_geometry', 'plan_not_found', 'rate_limited', 'csrf_failed', 'invalid_text', 'internal_error', 'route_not_found',
      'unauthorized', 'http_error', 'payload_too_large', 'code_level_mismatch', 'unknown_jurisdiction']) expect(codes).toContain(c);
  });

  it('knows every call whose code is computed, and what it can give', () => {
    const key = (c: { file: string; expression: string }) => `${c.file}: ${c.expression.slice(0, 40)}`;
    expect(computed.map(key).sort()).toEqual(COMPUTED_CODES.map(key).sort());
  });

  it.each([['zh-CN', zhCN], ['en', en]] as const)('%s has a text for each', (_, messages) => {
    const texts = messages.errors.codes as Record<string, string>;
    expect([...codes].filter((c) => typeof texts[c] !== 'string').sort()).toEqual([]);
    expect([...SERVER_CODES].sort()).toEqual(Object.keys(texts).sort());
  });

  it.each([['zh-CN', zhCN], ['en', en]] as const)('%s says every rule a refused field can break', (_, messages) => {
    expect(Object.keys(messages.errors.reasons).sort()).toEqual([...FIELD_REASONS].sort());
  });
});
