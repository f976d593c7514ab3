import { z } from 'zod';

const level = z.enum(['county', 'town', 'community']);

/** POST /api/jurisdictions: a county (no parent), a street office or a community under its parent. */
export const createJurisdictionBody = z.object({
  code: z.string().trim().regex(/^\d{6}(\d{3}){0,2}$/, 'code must have 6 (county), 9 (street office) or 12 (community) digits'),
  name: z.string().trim().min(1, 'name is required').max(60),
  level,
  parentCode: z.string().trim().regex(/^\d{6}(\d{3})?$/, 'parentCode must have 6 or 9 digits').optional(),
  householdMin: z.number().int().min(1).max(100_000).optional(),
  householdMax: z.number().int().min(1).max(100_000).optional(),
}).refine((b) => b.householdMin === undefined || b.householdMax === undefined || b.householdMin < b.householdMax, {
  message: 'householdMin must be below householdMax', path: ['householdMax'],
});

/** GET /api/jurisdictions/divisions: suggestions from the national division list. */
export const divisionsQuery = z.object({
  q: z.string().trim().max(40).default(''),
  parentCode: z.string().trim().regex(/^\d{6}(\d{3})?$/).optional(),
  level: level.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
