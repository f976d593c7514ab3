import { Hono, type Context } from 'hono';
import type { Sql } from 'postgres';
import { clientIp, type AuthEnv } from '../../http/auth.ts';
import { AppError } from '../../http/errors.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { isLocked } from './admin.domain.ts';
import type { UserRow } from './admin.repo.ts';
import { createApiKeyBody, createUserBody, grants, listUsersQuery, patchUserBody } from './admin.schema.ts';
import { createAdminService, type Actor } from './admin.service.ts';
import type { CallerInvalidation } from '../auth/caller-cache.ts';

/** The acting admin and their address, for the audit log. */
const actorOf = (c: Context<AuthEnv>): Actor => {
  const caller = c.get('caller');
  if (!caller) throw new AppError(401, 'unauthenticated', 'Sign in first');
  return { userId: caller.userId, ip: clientIp(c) };
};

/** GET|POST /api/admin/users, PATCH /users/:id, PUT /users/:id/grants, POST /users/:id/{password-reset,unlock}, /api-keys. */
export function adminRoutes(sql: Sql, clock: () => Date, callers?: CallerInvalidation) {
  const service = createAdminService(sql, clock, callers);
  // grants shaped as in GET /api/auth/me; lock state as of now
  const present = ({ grants: gs, lockedUntil, ...u }: UserRow) => ({
    ...u,
    lockedUntil,
    locked: isLocked(lockedUntil, clock()),
    grants: gs.map((g) => ({ role: g.role, scope: { jurisdiction: g.jurisdiction, gridCodes: g.gridCodes } })),
  });

  return new Hono<AuthEnv>()
    .get('/users', validate('query', listUsersQuery), async (c) => {
      const f = c.req.valid('query');
      const page = await service.listUsers(f);
      return c.json({ items: page.items.map(present), more: page.more, limit: f.limit, offset: f.offset });
    })
    .post('/users', validate('json', createUserBody), async (c) => {
      const { user, temporaryPassword } = await service.createUser(actorOf(c), c.req.valid('json'));
      return c.json({ user: present(user), temporaryPassword: temporaryPassword ?? null }, 201);
    })
    .patch('/users/:id', validate('param', idParam), validate('json', patchUserBody), async (c) => {
      const user = await service.patchUser(actorOf(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json(present(user));
    })
    .put('/users/:id/grants', validate('param', idParam), validate('json', grants), async (c) => {
      const user = await service.replaceGrants(actorOf(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json(present(user));
    })
    .post('/users/:id/password-reset', validate('param', idParam), async (c) => {
      return c.json(await service.resetPassword(actorOf(c), c.req.valid('param').id));
    })
    .post('/users/:id/unlock', validate('param', idParam), async (c) => {
      return c.json(present(await service.unlock(actorOf(c), c.req.valid('param').id)));
    })
    .get('/api-keys', async (c) => c.json({ items: await service.listApiKeys() }))
    .post('/api-keys', validate('json', createApiKeyBody), async (c) => {
      return c.json(await service.createApiKey(actorOf(c), c.req.valid('json')), 201);
    })
    .post('/api-keys/:id/revoke', validate('param', idParam), async (c) => {
      await service.revokeApiKey(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
}
