import { Hono } from 'hono';
import type { Sql } from 'postgres';
import type { AuthEnv } from '../../http/auth.ts';
import { validate } from '../../http/validate.ts';
import { createAuditRepo } from './audit.repo.ts';
import { auditQuery } from './audit.schema.ts';

/** GET /api/audit: the audit log, newest first, filterable (needs audit.read). */
export function auditRoutes(sql: Sql) {
  const repo = createAuditRepo(sql);
  return new Hono<AuthEnv>().get('/', validate('query', auditQuery), async (c) => {
    const f = c.req.valid('query');
    const page = await repo.list(f);
    return c.json({ items: page.items, more: page.more, limit: f.limit, offset: f.offset });
  });
}
