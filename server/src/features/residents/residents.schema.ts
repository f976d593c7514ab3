import { z } from 'zod';
import { versionField } from '../../http/params.ts';
import { SPECIAL_GROUPS } from '../grids/grids.domain.ts';
import { idNumberProblem, isValidPhone } from './residents.domain.ts';

/** A whole-number query parameter within [min, max], with a default. */
export const int = (name: string, min: number, max: number, dflt: number) =>
  z.string().regex(/^\d{1,6}$/, `${name} must be a whole number`).transform(Number)
    .pipe(z.number().min(min, `${name} must be ≥ ${min}`).max(max, `${name} must be ≤ ${max}`)).default(dflt);

/** The ledger's filters: a search, a grid code, a jurisdiction (by id: the tree's choice, with everything under it). */
const filters = {
  q: z.string().max(50, 'q is at most 50 characters').optional(),
  grid: z.string().regex(/^\d{14,15}$/, 'grid must be a 14- or 15-digit grid code').optional(),
  jurisdiction: z.string().regex(/^[1-9]\d{0,15}$/, 'jurisdiction must be a jurisdiction id').transform(Number).optional(),
};

/** GET /api/residents */
export const listQuery = z.object({
  ...filters,
  limit: int('limit', 1, 200, 50),
  offset: int('offset', 0, 100_000, 0),
});

const isoDate = z.iso.date('birthDate must be a date (YYYY-MM-DD)');

const fields = {
  name: z.string().trim().min(1, 'name is required').max(50),
  idNumber: z.string().trim().toUpperCase().superRefine((v, ctx) => {
    const problem = idNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `idNumber ${problem}` });
  }),
  phone: z.string().trim().refine(isValidPhone, 'phone must be a mobile (11 digits from 13…19) or a landline with area code'),
  gender: z.enum(['M', 'F']),
  birthDate: isoDate.refine((d) => d >= '1880-01-01' && new Date(d) <= new Date(), 'birthDate must be a past date'),
  specialGroups: z.array(z.enum(SPECIAL_GROUPS)).max(SPECIAL_GROUPS.length)
    .refine((a) => new Set(a).size === a.length, 'specialGroups must not repeat'),
};

/** PATCH /api/residents/:id: the version read, and at least one field to change. */
export const patchBody = z
  .object({
    version: versionField,
    name: fields.name.optional(),
    idNumber: fields.idNumber.optional(),
    phone: fields.phone.optional(),
    gender: fields.gender.optional(),
    birthDate: fields.birthDate.optional(),
    specialGroups: fields.specialGroups.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 1, 'nothing to change');

/** POST /api/residents: a new member of a household in scope. */
export const createBody = z.object({
  householdId: z.number().int().positive(),
  name: fields.name,
  idNumber: fields.idNumber.optional(),
  phone: fields.phone.optional(),
  gender: fields.gender.optional(),
  birthDate: fields.birthDate.optional(),
  relation: z.enum(['head', 'spouse', 'child', 'parent', 'grandchild', 'other']).default('other'),
  specialGroups: fields.specialGroups.default([]),
}).strict();

/** GET /api/residents/export: the list's filters, without paging, as CSV or Excel. */
export const exportQuery = z.object({
  ...filters,
  format: z.enum(['csv', 'xlsx'], 'format must be csv or xlsx').default('csv'),
});

/** POST /api/residents/:id/reveal */
export const revealBody = z.object({
  fields: z.array(z.enum(['idNumber', 'phone'])).min(1, 'fields must name idNumber and/or phone').max(2),
  reason: z.string().trim().min(4, 'reason must say why (at least 4 characters)').max(200),
}).strict();
