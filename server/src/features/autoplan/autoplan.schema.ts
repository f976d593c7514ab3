import { z } from 'zod';
import { versionField } from '../../http/params.ts';

const id = z.number().int().positive();
const gridCode = z.string().regex(/^\d{14,15}$/, 'a grid code has 14 or 15 digits');
const weight = z.number().min(0).max(1000);

/** Household band of the grids to make. */
export const band = z.object({ min: z.number().int().min(1).max(100_000), max: z.number().int().min(1).max(100_000) })
  .refine((b) => b.min <= b.max, { message: 'band.min must not exceed band.max', path: ['min'] });

/** Workload weights (households always decide the band). */
export const weights = z.object({ households: weight, residents: weight, specialGroups: weight, incidents: weight }).partial();

/** POST /api/plans/:id/auto */
export const autoBody = z.object({
  jurisdictionId: id,
  band: band.optional(),
  alternatives: z.number().int().min(1).max(6).default(3),
  gridCodes: z.array(gridCode).min(1).max(50).optional(),
  weights: weights.optional(),
  seed: z.number().int().min(0).max(2 ** 31).optional(),
});

/** POST /api/plans/:id/rebalance */
export const rebalanceBody = z.object({
  gridCodes: z.array(gridCode).min(2).max(3).refine((c) => new Set(c).size === c.length, 'grid codes must differ'),
  alternatives: z.number().int().min(1).max(6).default(3),
  weights: weights.optional(),
});

/** POST /api/plans/:id/replan */
export const replanBody = z.object({ jurisdictionId: id, band: band.optional(), weights: weights.optional() });

/** POST /api/plans/:id/proposals/:proposalId/accept */
export const acceptBody = z.object({ alternative: z.number().int().min(0).max(5), version: versionField });

/** Path of a proposal. */
export const proposalParam = z.object({
  id: z.string().regex(/^[1-9]\d{0,15}$/, 'id must be a positive integer').transform(Number),
  proposalId: z.string().regex(/^[1-9]\d{0,15}$/, 'proposalId must be a positive integer').transform(Number),
});

/** POST /api/jurisdictions/:id/districts: a band of households per district, a number of districts, or both. */
export const districtsBody = z.object({
  band: band.optional(),
  districts: z.number().int().min(1).max(500).optional(),
  alternatives: z.number().int().min(1).max(6).default(3),
  weights: weights.optional(),
  seed: z.number().int().min(0).max(2 ** 31).optional(),
}).refine((b) => b.band !== undefined || b.districts !== undefined, { message: 'give band, districts or both', path: ['band'] });
