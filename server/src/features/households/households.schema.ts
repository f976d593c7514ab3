import { z } from 'zod';
import { versionField } from '../../http/params.ts';
import { int } from '../residents/residents.schema.ts';

const room = z.string().trim().min(1, 'room is required').max(20, 'room is at most 20 characters');
const entrance = z.number().int().min(1, 'entrance must be ≥ 1').max(99, 'entrance must be ≤ 99');
const housing = z.enum(['owned', 'rented', 'public', 'other']);

/** POST /api/households */
export const createHouseholdBody = z.object({
  buildingId: z.number().int().positive(),
  entrance: entrance.default(1),
  room,
  housing: housing.default('owned'),
}).strict();

/** PATCH /api/households/:id: move to another building and/or change room; carries the version read. */
export const patchHouseholdBody = z.object({
  version: versionField,
  buildingId: z.number().int().positive().optional(),
  entrance: entrance.optional(),
  room: room.optional(),
  housing: housing.optional(),
}).strict().refine((b) => Object.keys(b).length > 1, 'nothing to change');

/** GET /api/households: the household picker's search (address words, compound, building, room, head's name), paged. */
export const searchHouseholdsQuery = z.object({
  q: z.string().max(50, 'q is at most 50 characters').optional(),
  limit: int('limit', 1, 20, 20),
  offset: int('offset', 0, 100_000, 0),
});
