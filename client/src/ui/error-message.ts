import type { ImportProblem } from '../api/imports.ts';
import { problemKey, problemText } from '../features/imports/imports.ts';
import { errorsZhCN } from '../i18n/errors.zh-CN.ts';
import { importsZhCN } from '../i18n/imports.zh-CN.ts';

/** A value of an ErrorText's params: a plain value, another text, or texts said as a list. */
export type ErrorParam = string | number | ErrorText | ErrorText[];

/**
 * A translatable description of a failure: a message key and its parameters, which may be texts
 * themselves (a field's name, the rule it breaks); or a problem of a file or a geometry, said by the
 * import problems' texts. Say it with sayError (or useErrorText in a component).
 */
export interface ErrorText {
  key: string;
  params?: Record<string, ErrorParam>;
  problem?: Pick<ImportProblem, 'code' | 'params'>;
}

/** Every code of the server this client has a text for (errors.codes.<code>; error-codes.test.ts checks the server against it). */
export const SERVER_CODES: readonly string[] = Object.keys(errorsZhCN.codes);

const has = (ns: object, key: unknown): key is string => typeof key === 'string' && Object.hasOwn(ns, key);
const isRecord = (v: unknown): v is Record<string, string | number> => typeof v === 'object' && v !== null && !Array.isArray(v);
// a code shown to the user is one the server could send, never arbitrary text of a broken response
const CODE_LIKE = /^[a-z][a-z0-9_]{0,59}$/;
// a form refused for more fields than this says the first ones: the rest follow once those are fixed
const SHOWN_FIELDS = 3;

/** One entry of a 400's details as the server sends it (a FieldIssue of server/src/http/issues.ts), read without trusting it. */
export interface FieldDetail {
  field?: unknown;
  message?: unknown;
  reason?: unknown;
  params?: unknown;
  problem?: unknown;
}
type Problem = NonNullable<ErrorText['problem']>;

/** A field by its last named part ('grids.0.geom' → geom), or 'a value sent' when this client has no name for it. */
function fieldName(field: unknown): ErrorText {
  const leaf = typeof field === 'string' ? field.split('.').filter((p) => !/^\d+$/.test(p)).at(-1) : undefined;
  return { key: `errors.fields.${has(errorsZhCN.fields, leaf) ? leaf : 'other'}` };
}

/** What is wrong with a geometry: a defect's words, or the problem as a file's geometry would have it. */
function geometryProblem(p: { code?: unknown; params?: Record<string, unknown> }): ErrorText | null {
  if (p.code === 'invalid_geometry') return { key: `imports.defects.${has(importsZhCN.defects, p.params?.defect) ? p.params.defect : 'other'}` };
  const problem = { code: p.code, params: p.params ?? {} } as Problem;
  const k = problemKey(problem);
  return k && { key: k.key, problem };
}

/** One refused field: its name and the rule it breaks, with that rule's numbers and words. */
export function fieldIssueText(d: FieldDetail): ErrorText {
  const reason = has(errorsZhCN.reasons, d.reason) ? d.reason : 'invalid';
  const params: Record<string, ErrorParam> = { ...(isRecord(d.params) ? d.params : {}) };
  if (has(importsZhCN.textIssues, params.textIssue)) params.textIssue = { key: `imports.textIssues.${params.textIssue}` };
  if (reason === 'geometry') params.problem = (isRecord(d.problem) && geometryProblem(d.problem)) || { key: 'imports.defects.other' };
  return { key: 'errors.field', params: { field: fieldName(d.field), reason: { key: `errors.reasons.${reason}`, params } } };
}

/** 400 invalid_request: each refused field (the first few) said by its name and rule. */
function requestText(details: unknown): ErrorText | null {
  if (!Array.isArray(details) || !details.length) return null;
  return { key: 'errors.fieldList', params: { list: (details as FieldDetail[]).slice(0, SHOWN_FIELDS).map(fieldIssueText) } };
}

/** 400 invalid_geometry: what is wrong with the shape, from validate()'s details or PostGIS's defect. */
function geometryText(details: unknown): ErrorText | null {
  const first = Array.isArray(details) ? (details as FieldDetail[]).find((d) => isRecord(d?.problem))?.problem as { code?: unknown; params?: Record<string, unknown> } | undefined : undefined;
  const defect = (details as { defect?: unknown } | null)?.defect;
  const problem = first ? geometryProblem(first) : typeof defect === 'string' ? geometryProblem({ code: 'invalid_geometry', params: { defect } }) : null;
  return problem && { key: 'errors.geometry', params: { problem } };
}

/** Maps any thrown value (usually an ApiError) to a text in the user's language; never the server's English, never raw JSON. */
export function describeError(err: unknown): ErrorText {
  const e = err as { status?: unknown; code?: unknown; details?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (status === 0 || code === 'network_error') return { key: 'errors.network' };
  if (code === 'invalid_request') return requestText(e!.details) ?? { key: 'errors.codes.invalid_request' };
  if (code === 'invalid_geometry') return geometryText(e!.details) ?? { key: 'errors.codes.invalid_geometry' };
  if (code !== undefined && SERVER_CODES.includes(code)) return { key: `errors.codes.${code}` };
  if (status !== undefined && status >= 500) return { key: 'errors.server' };
  // a newer server's code: named, so it can be reported, but never explained in its English
  if (code !== undefined && CODE_LIKE.test(code)) return { key: 'errors.unknownCode', params: { code } };
  if (status === 404) return { key: 'errors.notFound' };
  return { key: 'errors.generic' };
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** An ErrorText in words: nested texts first, lists joined, a problem by the import problems' texts. */
export function sayError(e: ErrorText, t: Translate, te: (key: string) => boolean): string {
  if (e.problem) return problemText(e.problem, t, te);
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e.params ?? {})) {
    params[k] = Array.isArray(v) ? v.map((x) => sayError(x, t, te)).join(t('errors.separator')) : typeof v === 'object' ? sayError(v, t, te) : v;
  }
  return t(e.key, params);
}
