import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import { parseApiKey, sameSecret, SESSION_COOKIE, SESSION_IDLE_MS, tokenHash } from '../features/auth/auth.domain.ts';
import type { AuthRepo, GrantRow } from '../features/auth/auth.repo.ts';
import { allows, type Access } from '../features/auth/permissions.domain.ts';
import { createCallerCache, type CallerCache, type LoadedCaller } from '../features/auth/caller-cache.ts';
import { AppError } from './errors.ts';
import { clientAddress, type TrustProxy } from './client-address.ts';

/** Who is calling: a signed-in user (session cookie) or an API client (key), with their grants. */
export interface Caller {
  userId: number;
  username: string;
  displayName: string;
  grants: GrantRow[];
  via: 'session' | 'api_key';
  sessionHash: string | null;
  csrfToken: string | null;
  /** Signed in with a temporary password: only changing it (and /me, sign-out) is allowed. */
  mustChangePassword: boolean;
}

export type AuthEnv = { Variables: { caller: Caller | null; ip: string | null } };

/**
 * What a session with a temporary password may still do; 'GET /*' is the app's page and code
 * (http/static.ts), no data, which the page that changes the password loads.
 */
const WHILE_PASSWORD_TEMPORARY = new Set(['GET /api/auth/me', 'POST /api/auth/password', 'POST /api/auth/logout', 'POST /api/auth/login', 'GET /*']);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The caller of a route that is not public (authorize has already let them in). */
export function requireCaller(caller: Caller | null): Caller {
  if (!caller) throw new AppError(401, 'unauthenticated', 'Sign in first');
  return caller;
}

/** The socket peer's address (tests without a socket get null). */
function peerAddress(c: Context): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}

/** The client's address, as resolved once per request by `authenticate` (behind trusted proxies only from their header). */
export function clientIp(c: Context<AuthEnv>): string | null {
  return c.get('ip') ?? null;
}

/** The caller an API key stands for (marked used), or 401 invalid_api_key; Open311 checks its api_key field with it. */
export async function fromApiKey(repo: AuthRepo, value: string, now: Date): Promise<LoadedCaller> {
  const key = parseApiKey(value);
  const row = key && (await repo.apiKey(key.prefix));
  if (!key || !row || !sameSecret(tokenHash(key.secret), row.keyHash)) {
    throw new AppError(401, 'invalid_api_key', 'The API key is not valid or was revoked');
  }
  // only a key whose secret checked out counts as used
  await repo.markApiKeyUsed(row.id, now);
  const caller: Caller = {
    userId: row.userId, username: row.username, displayName: row.displayName, grants: row.grants, via: 'api_key', sessionHash: null,
    csrfToken: null, mustChangePassword: false,
  };
  return { caller, expiresAt: null };
}

async function fromSession(repo: AuthRepo, hash: string, now: Date): Promise<LoadedCaller | undefined> {
  const s = await repo.touchSession(hash, now, new Date(now.getTime() - SESSION_IDLE_MS));
  if (!s) return undefined;
  const { expiresAt, ...rest } = s;
  return { caller: { ...rest, via: 'session', sessionHash: hash }, expiresAt };
}

/** Where authenticate finds callers and the client address. */
export interface AuthenticateOptions {
  trustProxy?: TrustProxy;
  /** Callers validated in the last few seconds; without it every request asks the database. */
  callers?: CallerCache;
}

/**
 * Resolves the client address (see client-address.ts) and the caller from `Authorization: Bearer
 * wgk_…` or the session cookie; anonymous is null. A credential validated less than the cache's TTL
 * ago costs no query, so a session's last use and a key's last_used_at are written at most once per
 * TTL (on the query that validates them again).
 */
export function authenticate(repo: AuthRepo, clock: () => Date, { trustProxy = null, callers = createCallerCache({ ttlMs: 0 }) }: AuthenticateOptions = {}): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    c.set('ip', clientAddress(peerAddress(c), c.req.header('x-forwarded-for'), trustProxy));
    const now = clock();
    let caller: Caller | null = null;
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    if (bearer) {
      caller = await callers.resolve('api_key', tokenHash(bearer), now, () => fromApiKey(repo, bearer, now));
    } else {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) {
        const hash = tokenHash(token);
        caller = await callers.resolve('session', hash, now, () => fromSession(repo, hash, now));
      }
    }
    c.set('caller', caller);
    await next();
  };
}

/**
 * Default deny: the route that will answer must be declared in `table` ("METHOD /path"), the caller
 * must hold its permission, and cookie-authenticated writes must echo the session's CSRF token.
 */
export function authorize(table: Readonly<Record<string, Access>>): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    // the first matched handler answers (later ones, like the SPA fallback GET *, never run)
    const route = matchedRoutes(c).find((r) => r.method !== 'ALL');
    if (!route) return next(); // nothing answers: the 404 handler will
    const access = table[`${route.method} ${route.path}`];
    if (!access) throw new AppError(403, 'route_not_declared', `${route.method} ${route.path} declares no permission, so it is denied`);
    const caller = c.get('caller');
    if (access !== 'public' && !caller) throw new AppError(401, 'unauthenticated', 'Sign in first');
    if (!allows(access, caller)) throw new AppError(403, 'forbidden', `This needs the permission "${access}"`);
    if (caller?.mustChangePassword && !WHILE_PASSWORD_TEMPORARY.has(`${route.method} ${route.path}`)) {
      throw new AppError(403, 'password_change_required', 'Change your temporary password first');
    }
    // signing in proves itself with the password (and may replace a session the page no longer knows the token of)
    const signingIn = route.method === 'POST' && route.path === '/api/auth/login';
    if (caller?.via === 'session' && !SAFE_METHODS.has(c.req.method) && !signingIn) {
      if (!sameSecret(c.req.header('x-csrf-token') ?? '', caller.csrfToken ?? '')) {
        throw new AppError(403, 'csrf_failed', 'Missing or wrong X-CSRF-Token header');
      }
    }
    await next();
  };
}
