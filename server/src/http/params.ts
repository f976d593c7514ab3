import { z } from 'zod';

const decimal = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A query parameter that must be a decimal number within [min, max] (empty strings are not 0). */
export function numberParam(name: string, min: number, max: number) {
  return z
    .string({ error: `${name} is required` })
    .trim()
    .regex(decimal, `${name} must be a number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be ≥ ${min}`).max(max, `${name} must be ≤ ${max}`));
}

/** A path id: a positive integer that fits PostgreSQL's bigint. */
export const idParam = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'id must be a positive integer')
    .transform(Number),
});

/** The version of a record the client saw (optimistic concurrency): a positive PostgreSQL integer. */
export const versionField = z
  .number({ error: 'version is required' })
  .int('version must be a whole number')
  .positive('version must be positive')
  .max(2_147_483_647, 'version is too large');
