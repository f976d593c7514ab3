import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { badRequest } from './errors.ts';
import { badTextIssue, fieldIssue } from './issues.ts';
import { findBadText } from './text.ts';

/** Issues a schema marks with `params: { code }` (geometry checks) answer with that code instead of invalid_request. */
const codeOf = (issues: { params?: Record<string, unknown> }[]) => {
  const codes = new Set(issues.map((i) => (typeof i.params?.code === 'string' ? i.params.code : 'invalid_request')));
  return codes.size === 1 ? [...codes][0]! : 'invalid_request';
};

/**
 * zod validation middleware whose failures become a 400 naming each field (`invalid_request`, or
 * `invalid_geometry` when only geometry is wrong), each with the rule it breaks (issues.ts) so a
 * client can say it; a value that passes but holds text PostgreSQL cannot store (NUL, lone
 * surrogates) or nests absurdly deep is refused the same way.
 */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues;
      const details = issues.map((i) => fieldIssue(i, result.data));
      const summary = details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join('; ');
      throw badRequest(codeOf(issues as { params?: Record<string, unknown> }[]), summary, details);
    }
    const bad = findBadText(result.data);
    if (bad) {
      const field = bad.path.join('.');
      throw badRequest('invalid_request', field ? `${field}: ${bad.message}` : `The ${target} ${bad.message}`, [badTextIssue(field, bad.message)]);
    }
  });
}
