/** A translatable description of a failure: a message key plus its parameters. */
export interface ErrorText {
  key: string;
  params?: Record<string, string>;
}

/** Server codes every screen can explain in the user's language (errors.codes.<code>). */
export const GENERAL_CODES = [
  'invalid_text', 'query_timeout', 'too_large', 'payload_too_large', 'too_many_features', 'rate_limited',
  'password_change_required', 'forbidden', 'csrf_failed', 'duplicate', 'serialization_conflict',
] as const;

/** Maps any thrown value (usually an ApiError) to a polite message key; never raw JSON. */
export function describeError(err: unknown): ErrorText {
  const e = err as { status?: unknown; code?: unknown; message?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : undefined;
  if (status === 0 || e?.code === 'network_error') return { key: 'errors.network' };
  if ((GENERAL_CODES as readonly unknown[]).includes(e?.code)) return { key: `errors.codes.${String(e!.code)}` };
  if (status === 404) return { key: 'errors.notFound' };
  if (status !== undefined && status >= 400 && status < 500) {
    const message = typeof e?.message === 'string' && e.message.length <= 200 && !e.message.trim().startsWith('{') ? e.message : '';
    return message ? { key: 'errors.badRequest', params: { message } } : { key: 'errors.generic' };
  }
  if (status !== undefined && status >= 500) return { key: 'errors.server' };
  return { key: 'errors.generic' };
}
