import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createJurisdictions, createSession, createUser, square } from '../../test/factories.ts';
import { allows, ROLES, type Role } from '../features/auth/permissions.domain.ts';
import { ROUTE_PERMISSIONS } from './route-permissions.ts';
import { mountClient } from './static.ts';

// Every route × every role (and anonymous): allowed or denied exactly as declared.
let db: TestDatabase;
const sessions = new Map<Role, { cookie: string; csrfToken: string }>();
const MOUNTED_ELSEWHERE = ['GET /*']; // the built client, added by http/static.ts at start-up

beforeAll(async () => {
  db = await createTestDatabase();
  const { communityId } = await createJurisdictions(db.sql, { wkt: square(120, 30, 0.01) });
  for (const role of ROLES) {
    const u = await createUser(db.sql, { grants: [{ role, jurisdictionId: communityId }] });
    sessions.set(role, await createSession(db.sql, u.id));
  }
});
afterAll(() => db.drop());

const app = () => createApp({ sql: db.sql });
// the route list is read at collection time, before the database exists: postgres.js connects
// lazily, so an app on a never-used client has the same routes
const lazySql = postgres('postgres://nobody@127.0.0.1:1/none', { max: 1 });
const endpoints = () =>
  createApp({ sql: lazySql }).routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, path: r.path, key: `${r.method} ${r.path}` }));
const concrete = (path: string) =>
  path.replace(':layer', 'grids').replace(/:z|:x|:y/g, '0').replace(/:[a-z]+/g, '1');

async function call(method: string, path: string, session?: { cookie: string; csrfToken: string }) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (session) Object.assign(headers, { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken });
  // logout would end the shared session: it is checked with a throw-away one below
  return app().request(concrete(path), { method, headers, body: method === 'GET' ? undefined : '{}' });
}

describe('permission matrix', () => {
  it('declares every route of the app, and nothing that is not a route', () => {
    const keys = endpoints().map((e) => e.key);
    expect(keys.filter((k) => !(k in ROUTE_PERMISSIONS))).toEqual([]);
    expect(Object.keys(ROUTE_PERMISSIONS).filter((k) => !keys.includes(k) && !MOUNTED_ELSEWHERE.includes(k))).toEqual([]);
  });

  it('denies a route that declares nothing, even to an admin', async () => {
    const a = app();
    a.get('/api/undeclared', (c) => c.json({ leaked: true }));
    const res = await a.request('/api/undeclared', { headers: { Cookie: sessions.get('admin')!.cookie } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'route_not_declared' } });
  });

  it('keeps API routes guarded when the built client (with its catch-all GET /*) is mounted', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'wangge-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>网格</title>');
    const a = app();
    expect(mountClient(a, dist)).toBe(true);
    expect((await a.request('/api/auth/me')).status).toBe(401);
    expect((await a.request('/api/no-such-route')).status).toBe(404);
    const page = await a.request('/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('网格');
  });

  /** Public routes that check a credential of their own (a device's) and answer 401 without it. */
  const OWN_CREDENTIAL = new Set(['POST /gps/owntracks']);
  const cases = () =>
    endpoints().filter((e) => e.key !== 'POST /api/auth/logout').flatMap((e) => [
      { ...e, who: 'anonymous' as const },
      ...ROLES.map((role) => ({ ...e, who: role })),
    ]);

  it.each(cases())('$key as $who', async ({ method, path, key, who }) => {
    const access = ROUTE_PERMISSIONS[key]!;
    const session = who === 'anonymous' ? undefined : sessions.get(who);
    const res = await call(method, path, session);
    const expected = allows(access, who === 'anonymous' ? null : { grants: [{ role: who }] });
    // OwnTracks signs in with the device's own Basic-auth secret, whoever else the caller is: its 401 is the protocol's
    if (OWN_CREDENTIAL.has(key)) expect([res.status, res.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="wangge", charset="UTF-8"']);
    else if (expected) expect([401, 403]).not.toContain(res.status);
    else expect(res.status).toBe(who === 'anonymous' ? 401 : 403);
  });

  it('POST /api/auth/logout: anonymous 401, any signed-in role 204', async () => {
    expect((await call('POST', '/api/auth/logout')).status).toBe(401);
    const u = await createUser(db.sql, { grants: [{ role: 'viewer' }] }).catch(() => undefined);
    expect(u).toBeUndefined(); // a grant needs a scope: the schema refuses a role without one
    const v = await createUser(db.sql, {});
    expect((await call('POST', '/api/auth/logout', await createSession(db.sql, v.id))).status).toBe(204);
  });
});
