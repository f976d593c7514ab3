import { z } from 'zod';
import { passwordProblem } from '../auth/auth.domain.ts';
import { ROLES } from '../auth/permissions.domain.ts';
import { isValidPhone } from '../residents/residents.domain.ts';
import { grantsProblem } from './admin.domain.ts';

const positiveId = (name: string) =>
  z.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`).positive(`${name} must be positive`).max(Number.MAX_SAFE_INTEGER);

/** One grant: a role and exactly one scope (a jurisdiction, or grid codes). */
export const grant = z
  .object({
    role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }),
    jurisdictionId: positiveId('jurisdictionId').optional(),
    gridCodes: z.array(z.string().regex(/^\d{14,15}$/, 'gridCodes must be 14- or 15-digit grid codes'))
      .min(1, 'gridCodes must name at least one grid').max(500).optional(),
  })
  .strict()
  .refine((g) => (g.jurisdictionId === undefined) !== (g.gridCodes === undefined), {
    message: 'a grant needs exactly one scope: jurisdictionId or gridCodes',
    path: ['jurisdictionId'],
  });

/** A list of grants with no repeats. */
export const grants = z.array(grant).max(50, 'at most 50 grants').superRefine((gs, ctx) => {
  const problem = grantsProblem(gs);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [Number(problem.field.split('.')[1])] });
});

const displayName = z.string().trim().min(1, 'displayName is required').max(50, 'displayName is at most 50 characters');
const phone = z.string().trim().refine(isValidPhone, 'phone must be a mobile (11 digits from 13…19) or a landline with area code');

/** A whole-number query parameter within [min, max], with a default. */
export const intParam = (name: string, min: number, max: number, dflt: number) =>
  z.string().regex(/^\d{1,7}$/, `${name} must be a whole number`).transform(Number)
    .pipe(z.number().min(min, `${name} must be ≥ ${min}`).max(max, `${name} must be ≤ ${max}`)).default(dflt);

/** GET /api/admin/users */
export const listUsersQuery = z.object({
  q: z.string().trim().max(50, 'q is at most 50 characters').optional(),
  limit: intParam('limit', 1, 500, 100),
  offset: intParam('offset', 0, 1_000_000, 0),
});

/** POST /api/admin/users: without a password, a temporary one is generated and returned once. */
export const createUserBody = z
  .object({
    username: z.string().trim().toLowerCase().regex(/^[a-z0-9_.-]{2,40}$/, 'username must be 2–40 of a–z, 0–9, _ . -'),
    displayName,
    phone: phone.optional(),
    password: z.string().max(200).optional(),
    grants,
  })
  .strict()
  .superRefine((b, ctx) => {
    const problem = b.password === undefined ? undefined : passwordProblem(b.password, b.username);
    if (problem) ctx.addIssue({ code: 'custom', message: `password needs ${problem}`, path: ['password'] });
  });

/** PATCH /api/admin/users/:id: at least one field; phone null clears it. */
export const patchUserBody = z
  .object({ displayName: displayName.optional(), phone: phone.nullable().optional(), active: z.boolean().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

/** POST /api/admin/api-keys */
export const createApiKeyBody = z
  .object({
    userId: positiveId('userId'),
    name: z.string().trim().min(1, 'name is required').max(100, 'name is at most 100 characters'),
  })
  .strict();

export type CreateUserBody = z.infer<typeof createUserBody>;
export type PatchUserBody = z.infer<typeof patchUserBody>;
