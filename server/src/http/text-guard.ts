import type { MiddlewareHandler } from 'hono';
import { badRequest } from './errors.ts';
import { textProblem } from './text.ts';

/**
 * Refuses a request whose decoded path or query string holds text PostgreSQL cannot take (NUL,
 * lone surrogates) with 400 `invalid_text` naming the parameter, before any route reads it.
 * JSON bodies are checked by validate(), files by their parsers.
 */
export const textGuard: MiddlewareHandler = async (c, next) => {
  const pathProblem = textProblem(c.req.path);
  if (pathProblem) throw badRequest('invalid_text', `The path ${pathProblem}`, { parameter: null });
  for (const [name, values] of Object.entries(c.req.queries())) {
    const problem = textProblem(name) ?? values.map(textProblem).find((p) => p !== null);
    if (problem) throw badRequest('invalid_text', `Query parameter ${JSON.stringify(name.slice(0, 40))} ${problem}`, { parameter: name });
  }
  await next();
};
