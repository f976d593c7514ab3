import type { AppError } from './errors.ts';

/** True when `err` is PostgreSQL's unique violation (23505) of the named constraint or unique index. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { name?: string; code?: string; constraint_name?: string } | null;
  return e?.name === 'PostgresError' && e.code === '23505' && e.constraint_name === constraint;
}

/**
 * Awaits a write and turns a unique violation of `constraint` into `error()`, a 409 with a stable
 * code and a message people understand (the error mapper's generic 'duplicate' names no field).
 */
export async function refuseDuplicate<T>(write: Promise<T>, constraint: string, error: () => AppError): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (isUniqueViolation(err, constraint)) throw error();
    throw err;
  }
}
