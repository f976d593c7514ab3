import { z } from 'zod';
import { intParam } from '../admin/admin.schema.ts';

// a date (midnight UTC) or a full ISO 8601 instant with offset
const instant = (name: string) =>
  z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: `${name} must be a date (YYYY-MM-DD) or an ISO 8601 time with offset` })
    .transform((v) => new Date(v));

/** GET /api/audit: every filter optional; `from` inclusive, `to` exclusive. */
export const auditQuery = z
  .object({
    user: z.string().trim().toLowerCase().regex(/^[a-z0-9_.-]{2,40}$/, 'user must be a username').optional(),
    action: z.string().trim().regex(/^[a-z0-9_.]*\*?$/, 'action must be an action name, or a prefix ending with *').max(64).optional(),
    entity: z.string().trim().regex(/^[a-z_]{1,40}$/, 'entity must be an entity name such as user or resident').optional(),
    entityId: z.string().regex(/^[1-9]\d{0,15}$/, 'entityId must be a positive integer').transform(Number).optional(),
    from: instant('from').optional(),
    to: instant('to').optional(),
    limit: intParam('limit', 1, 500, 50),
    offset: intParam('offset', 0, 1_000_000, 0),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['to'] });

export type AuditQuery = z.infer<typeof auditQuery>;
