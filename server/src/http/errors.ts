import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';

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

/** PostgreSQL SQLSTATEs that mean "the input was bad", not "the server broke". */
const pgClientErrors: Record<string, { status: ContentfulStatusCode; code: string }> = {
  '22P02': { status: 400, code: 'invalid_input' }, // invalid text representation
  '22003': { status: 400, code: 'out_of_range' },
  '22007': { status: 400, code: 'invalid_date' },
  '22008': { status: 400, code: 'invalid_date' },
  '22023': { status: 400, code: 'invalid_parameter' },
  XX000: { status: 400, code: 'invalid_geometry' }, // GEOS/lwgeom errors surface as internal_error
  '23505': { status: 409, code: 'duplicate' },
  '23503': { status: 409, code: 'reference_violation' },
  '23514': { status: 400, code: 'constraint_violation' },
  '23P01': { status: 409, code: 'exclusion_violation' },
  '23502': { status: 400, code: 'missing_value' },
  '40001': { status: 409, code: 'serialization_conflict' },
};

function pgError(err: unknown): { status: ContentfulStatusCode; code: string; message: string } | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err) || (err as { name?: string }).name !== 'PostgresError') return undefined;
  const sqlstate = String((err as { code: unknown }).code);
  const known = pgClientErrors[sqlstate];
  if (!known) return undefined;
  const msg = String((err as { message?: unknown }).message ?? '');
  // only geometry-shaped internal errors are user mistakes
  if (sqlstate === 'XX000' && !/geometr|GEOS|lwgeom|ring|coordinate|polygon/i.test(msg)) return undefined;
  return { ...known, message: msg };
}

/** The one error mapper: AppError → its status; bad input from PostgreSQL → 400/409; the rest → logged 500. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message, details: err.details } };
    return c.json(body, err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'http_error';
    return c.json({ error: { code, message: err.message || 'request rejected' } } satisfies ErrorBody, status);
  }
  const pg = pgError(err);
  if (pg) return c.json({ error: { code: pg.code, message: pg.message } } satisfies ErrorBody, pg.status);
  const query = (err as { query?: string }).query;
  console.error(`[http] ${c.req.method} ${c.req.path} failed:`, err, query ? `\nquery: ${query}` : '');
  return c.json({ error: { code: 'internal_error', message: 'Internal server error' } } satisfies ErrorBody, 500);
}

/** 404 for unknown routes, in the common error shape. */
export function onNotFound(c: Context): Response {
  return c.json({ error: { code: 'route_not_found', message: `No route for ${c.req.method} ${c.req.path}` } } satisfies ErrorBody, 404);
}
