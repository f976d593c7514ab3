import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import { pgClientError } from './pg-errors.ts';

/** An expected failure with an HTTP status and a stable machine-readable code. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Error body shape shared by every route. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);
export const notFound = (code: string, message: string, details?: unknown) => new AppError(404, code, message, details);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);

/** The one error mapper: AppError → its status; PostgreSQL errors the client caused → 4xx/503 in our words (pg-errors.ts); the rest → logged 500. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message, details: err.details } };
    // a 429 that knows when to try again says so in the standard header too
    const wait = err.status === 429 ? (err.details as { retryAfterS?: unknown } | undefined)?.retryAfterS : undefined;
    if (typeof wait === 'number') c.header('Retry-After', String(wait));
    return c.json(body, err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'http_error';
    return c.json({ error: { code, message: err.message || 'request rejected' } } satisfies ErrorBody, status);
  }
  const query = (err as { query?: string }).query;
  const pg = pgClientError(err);
  if (pg) {
    // a timeout is the client's to retry but the operator's to look into
    if (pg.status >= 500) console.warn(`[http] ${c.req.method} ${c.req.path}: ${(err as Error).message}`, query ? `\nquery: ${query}` : '');
    return c.json({ error: { code: pg.code, message: pg.message, details: pg.details } } satisfies ErrorBody, pg.status);
  }
  console.error(`[http] ${c.req.method} ${c.req.path} failed:`, err, query ? `\nquery: ${query}` : '');
  return c.json({ error: { code: 'internal_error', message: 'Internal server error' } } satisfies ErrorBody, 500);
}

/** 404 for unknown routes, in the common error shape. */
export function onNotFound(c: Context): Response {
  return c.json({ error: { code: 'route_not_found', message: `No route for ${c.req.method} ${c.req.path}` } } satisfies ErrorBody, 404);
}
