import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { clientIp, requireCaller, type AuthEnv, type Caller } from '../../http/auth.ts';
import { validate } from '../../http/validate.ts';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from './auth.domain.ts';
import type { AuthRepo } from './auth.repo.ts';
import { createAuthService, type AuthServiceOptions } from './auth.service.ts';
import { loginBody, passwordBody } from './auth.schema.ts';
import { permissionsOf } from './permissions.domain.ts';

/** The signed-in user, their roles with scopes, permissions and the CSRF token for writes. */
function meBody(
  caller: Pick<Caller, 'userId' | 'username' | 'displayName' | 'grants' | 'mustChangePassword'>, csrfToken: string | null,
  departments: { id: number; name: string }[],
) {
  return {
    user: { id: caller.userId, username: caller.username, displayName: caller.displayName },
    /** A temporary password: nothing but changing it is allowed until it is changed. */
    mustChangePassword: caller.mustChangePassword,
    roles: caller.grants.map((g) => ({ role: g.role, scope: { jurisdiction: g.jurisdiction, gridCodes: g.gridCodes } })),
    permissions: permissionsOf(caller.grants),
    /** Departments the user acts for: their staff see and handle the incidents dispatched there without any grant. */
    departments,
    csrfToken,
  };
}

/** POST /api/auth/login, /logout, /password and GET /api/auth/me. */
export function authRoutes(repo: AuthRepo, clock: () => Date, { secureCookies = false } = {}, serviceOptions: AuthServiceOptions = {}) {
  const service = createAuthService(repo, clock, serviceOptions);
  return new Hono<AuthEnv>()
    .post('/login', validate('json', loginBody), async (c) => {
      const { username, password } = c.req.valid('json');
      const s = await service.login({
        username, password, ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null,
        previousSession: c.get('caller')?.sessionHash ?? null,
      });
      setCookie(c, SESSION_COOKIE, s.token, {
        httpOnly: true, sameSite: 'Lax', path: '/', secure: secureCookies, maxAge: SESSION_ABSOLUTE_MS / 1000,
      });
      const u = s.user;
      return c.json(meBody({
        userId: u.id, username: u.username, displayName: u.displayName, mustChangePassword: u.mustChangePassword, grants: await repo.grants(u.id),
      }, s.csrfToken, await repo.departments(u.id)));
    })
    .post('/logout', async (c) => {
      const caller = requireCaller(c.get('caller'));
      if (caller.sessionHash) await service.logout(caller.sessionHash, caller.userId, clientIp(c));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    .get('/me', async (c) => {
      const caller = requireCaller(c.get('caller'));
      return c.json(meBody(caller, caller.csrfToken, await repo.departments(caller.userId)));
    })
    .post('/password', validate('json', passwordBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { currentPassword, newPassword } = c.req.valid('json');
      await service.changePassword({
        userId: caller.userId, username: caller.username, current: currentPassword, next: newPassword,
        keepSession: caller.sessionHash, ip: clientIp(c),
      });
      return c.body(null, 204);
    });
}
