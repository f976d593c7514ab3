/**
 * A refused request field as clients can say it in their own language: the rule it breaks
 * (`reason`) with that rule's numbers (`params`), or for a geometry the problem a file's geometry
 * would have (`problem`, the codes of imports.problems.ts). Pure: the client imports the reasons
 * and has a text for each (a reason added here without one fails its test).
 */
import type { $ZodIssue } from 'zod/v4/core';
import { geometryDefect, textIssue, type ProblemCode } from '../features/imports/imports.problems.ts';

export const FIELD_REASONS = [
  'required', 'wrong_type', 'text_empty', 'text_too_short', 'text_too_long', 'at_least', 'above', 'at_most', 'below',
  'too_few', 'too_many', 'format', 'one_of', 'unknown_keys', 'bad_text', 'geometry', 'invalid',
] as const;
export type FieldReason = (typeof FIELD_REASONS)[number];

/** One entry of a 400's details: which field, why (`message` is English, for API users), and where for a geometry. */
export interface FieldIssue {
  field: string;
  message: string;
  reason: FieldReason;
  params?: Record<string, string | number>;
  /** reason 'geometry': what is wrong with it, as a file problem. */
  problem?: { code: ProblemCode; params?: Record<string, string | number> };
  location?: [number, number];
}

const at = (value: unknown, path: readonly PropertyKey[]) =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);

const bound = (issue: { minimum?: unknown; maximum?: unknown }) => Number(issue.minimum ?? issue.maximum);

/** The reason and params of a zod issue; `input` is what was sent, to tell a missing value from a wrong one. */
function reasonOf(issue: $ZodIssue, input: unknown): Pick<FieldIssue, 'reason' | 'params'> {
  switch (issue.code) {
    case 'invalid_type':
      return { reason: at(input, issue.path) === undefined ? 'required' : 'wrong_type' };
    case 'too_small': {
      const min = bound(issue);
      if (issue.origin === 'string') return min <= 1 ? { reason: 'text_empty' } : { reason: 'text_too_short', params: { min } };
      if (issue.origin === 'array' || issue.origin === 'set') return { reason: 'too_few', params: { min } };
      return { reason: issue.inclusive === false ? 'above' : 'at_least', params: { min } };
    }
    case 'too_big': {
      const max = bound(issue);
      if (issue.origin === 'string') return { reason: 'text_too_long', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set') return { reason: 'too_many', params: { max } };
      return { reason: issue.inclusive === false ? 'below' : 'at_most', params: { max } };
    }
    case 'invalid_format':
      return { reason: 'format' };
    case 'invalid_value':
      return { reason: 'one_of', params: { options: issue.values.map(String).join(', ') } };
    case 'unrecognized_keys':
      return { reason: 'unknown_keys', params: { keys: issue.keys.join(', ') } };
    default:
      return { reason: 'invalid' };
  }
}

/**
 * A zod issue as a FieldIssue. Geometry checks (plans.schema.ts) raise custom issues whose params
 * carry the file problem (`problem`) and its place (`location`).
 */
export function fieldIssue(issue: $ZodIssue, input: unknown): FieldIssue {
  const field = issue.path.map(String).join('.');
  const extra = (issue.code === 'custom' ? issue.params : undefined) as { problem?: FieldIssue['problem']; location?: [number, number] } | undefined;
  if (extra?.problem) {
    return { field, message: issue.message, reason: 'geometry', problem: extra.problem, ...(extra.location ? { location: extra.location } : {}) };
  }
  const { reason, params } = reasonOf(issue, input);
  return { field, message: issue.message, reason, ...(params ? { params } : {}) };
}

/** The FieldIssue of text PostgreSQL cannot store (http/text.ts findBadText). */
export const badTextIssue = (field: string, message: string): FieldIssue =>
  ({ field, message, reason: 'bad_text', params: { textIssue: textIssue(message) } });

/** The FieldIssue of a geometry PostGIS finds invalid (ST_IsValidDetail's reason), said as base-data imports say it. */
export const invalidGeometryIssue = (field: string, reason: string, location: [number, number] | null): FieldIssue => ({
  field, message: reason, reason: 'geometry', problem: { code: 'invalid_geometry', params: { defect: geometryDefect(reason) } }, ...(location ? { location } : {}),
});
