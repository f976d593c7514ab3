import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { readConfig } from '../../config.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, createSession, createUser, square } from '../../../test/factories.ts';

// Signed-in map traffic (issue 10 §8): a session or key is checked against the database once per
// TTL of the auth cache, not once per request, and every change made in this process applies to
// the very next request.
const TTL = 5000;
let db: TestDatabase;
let counted: postgres.Sql;
let statements: string[] = [];
let now = new Date('2026-06-01T02:00:00Z');
let countyId: number;
let communityId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  ({ countyId, communityId } = await createJurisdictions(db.sql, { wkt: square(120, 30, 0.01) }));
  counted = postgres(db.url, { max: 4, onnotice: () => {}, debug: (_conn, query) => void statements.push(query) });
});
afterAll(async () => {
  await counted.end({ timeout: 5 });
  await db.drop();
});

const newApp = () => createApp({ sql: counted, clock: () => now, config: { ...readConfig(), authCacheMs: TTL } });
type App = ReturnType<typeof newApp>;
const later = (ms: number) => (now = new Date(now.getTime() + ms));
const count = (pattern: RegExp) => statements.filter((q) => pattern.test(q)).length;
const SESSION_CHECK = /update user_session/;

// tiles over the test county (120°E 30°N) at z14, and points inside it
const TILES = ['13653/6759', '13653/6760', '13654/6759'].map((xy) => `/tiles/jurisdictions/14/${xy}.mvt`);
const mapPath = (i: number) => (i % 2 ? TILES[i % TILES.length]! : `/api/grids/at?lon=120.00${i % 9}&lat=30.004`);
const MAP_OK = [200, 204, 404];

/** `n` requests at once with these headers; the statuses in request order. */
async function burst(app: App, n: number, headers: Record<string, string>, path: (i: number) => string = mapPath) {
  const answers = await Promise.all(Array.from({ length: n }, (_, i) => app.request(path(i), { headers })));
  return answers.map((r) => r.status);
}

const send = (app: App, who: { cookie: string; csrfToken: string }, method: string, path: string, body?: unknown) =>
  app.request(path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Cookie: who.cookie, 'X-CSRF-Token': who.csrfToken, 'Content-Type': 'application/json' },
  });

async function signIn(app: App, username: string, password: string) {
  const res = await app.request('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }), headers: { 'Content-Type': 'application/json' } });
  expect(res.status).toBe(200);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function adminSession() {
  const a = await createUser(db.sql, { grants: [{ role: 'admin', jurisdictionId: countyId }] });
  return createSession(db.sql, a.id, now);
}

describe('signed-in map requests', () => {
  it('check the session once per TTL however many tiles and lookups come, and write its last use as often', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: countyId }] });
    const s = await createSession(db.sql, u.id, now);
    const app = newApp();
    statements = [];
    const first = await burst(app, 50, { Cookie: s.cookie });
    expect(first.every((st) => MAP_OK.includes(st))).toBe(true);
    expect(count(SESSION_CHECK)).toBe(1);
    later(TTL - 1);
    for (let i = 0; i < 50; i++) expect(MAP_OK).toContain((await app.request(mapPath(i), { headers: { Cookie: s.cookie } })).status);
    expect(count(SESSION_CHECK)).toBe(1);
    later(1);
    await burst(app, 50, { Cookie: s.cookie });
    expect(count(SESSION_CHECK)).toBe(2);
    const [row] = await db.sql`select last_seen_at from user_session where user_id = ${u.id}`;
    expect((row!.last_seen_at as Date).getTime()).toBe(now.getTime());
    // nothing but the session check and the map's own queries: no grant lookups per request
    expect(count(/role_assignment/)).toBe(count(SESSION_CHECK));
  });

  it('signing out ends the session at once: a burst of 50 right after it gets anonymous answers', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: countyId }] });
    const app = newApp();
    const s = await signIn(app, u.username, u.password);
    await burst(app, 50, { Cookie: s.cookie });
    expect((await send(app, s, 'POST', '/api/auth/logout')).status).toBe(204);
    statements = [];
    // every fifth asks who is calling; the rest are tiles and lookups, which anyone may fetch
    const after = await burst(app, 50, { Cookie: s.cookie }, (i) => (i % 5 === 0 ? '/api/auth/me' : mapPath(i)));
    expect(after.filter((_, i) => i % 5 === 0)).toEqual(Array(10).fill(401));
    expect(after.filter((_, i) => i % 5 !== 0).every((st) => MAP_OK.includes(st))).toBe(true);
    expect(count(SESSION_CHECK)).toBeGreaterThanOrEqual(1);
  });

  it('deactivation and a grant change apply to the user\'s very next request', async () => {
    const admin = await adminSession();
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: countyId }] });
    const s = await createSession(db.sql, u.id, now);
    const app = newApp();
    expect((await send(app, s, 'GET', '/api/residents')).status).toBe(403);
    const granted = await send(app, admin, 'PUT', `/api/admin/users/${u.id}/grants`, [{ role: 'officer', jurisdictionId: communityId }]);
    expect(granted.status).toBe(200);
    expect((await send(app, s, 'GET', '/api/residents')).status).toBe(200);
    expect(await (await send(app, s, 'GET', '/api/auth/me')).json()).toMatchObject({ roles: [{ role: 'officer' }] });
    expect((await send(app, admin, 'PATCH', `/api/admin/users/${u.id}`, { active: false })).status).toBe(200);
    const after = await burst(app, 50, { Cookie: s.cookie }, (i) => (i % 5 === 0 ? '/api/auth/me' : mapPath(i)));
    expect(after.filter((_, i) => i % 5 === 0)).toEqual(Array(10).fill(401));
  });

  it('a county added by an admin is theirs on the next request', async () => {
    const admin = await adminSession();
    const app = newApp();
    expect((await send(app, admin, 'GET', '/api/auth/me')).status).toBe(200);
    const county = await send(app, admin, 'POST', '/api/jurisdictions', { code: '310115', name: '浦东新区', level: 'county' });
    expect(county.status).toBe(201);
    const { id } = (await county.json()) as { id: number };
    expect((await send(app, admin, 'GET', `/api/jurisdictions/${id}/setup`)).status).toBe(200);
  });

  it('a password change ends the other sessions at once and frees the kept one from the temporary password', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: countyId }] });
    await db.sql`update app_user set must_change_password = true where id = ${u.id}`;
    const [a, b] = [await createSession(db.sql, u.id, now), await createSession(db.sql, u.id, now)];
    const app = newApp();
    const tile = (who: typeof a) => app.request(TILES[0]!, { headers: { Cookie: who.cookie } });
    expect((await tile(a)).status).toBe(403);
    expect((await tile(b)).status).toBe(403);
    expect((await send(app, a, 'POST', '/api/auth/password', { currentPassword: u.password, newPassword: 'quiet-river-2026' })).status).toBe(204);
    expect(MAP_OK).toContain((await tile(a)).status);
    expect((await send(app, b, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('an API key revoked here stops at once; its last use is written once per TTL, only after its secret checks', async () => {
    const admin = await adminSession();
    const device = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: countyId }] });
    const app = newApp();
    const issued = (await (await send(app, admin, 'POST', '/api/admin/api-keys', { userId: device.id, name: 'gps' })).json()) as { id: number; key: string };
    const bearer = { Authorization: `Bearer ${issued.key}` };
    statements = [];
    expect((await burst(app, 30, bearer)).every((st) => MAP_OK.includes(st))).toBe(true);
    expect(count(/update api_key set last_used_at/)).toBe(1);
    const wrong = { Authorization: `Bearer ${issued.key.slice(0, -4)}AAAA` };
    expect(await burst(app, 5, wrong)).toEqual(Array(5).fill(401));
    expect(count(/update api_key set last_used_at/)).toBe(1);
    expect((await send(app, admin, 'POST', `/api/admin/api-keys/${issued.id}/revoke`)).status).toBe(204);
    expect(await burst(app, 5, bearer)).toEqual(Array(5).fill(401));
  });

  it('a session ended by another process lives here at most the TTL, and never past its own expiry', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: countyId }] });
    const app = newApp();
    const me = (who: { cookie: string }) => app.request('/api/auth/me', { headers: { Cookie: who.cookie } });
    const s = await createSession(db.sql, u.id, now);
    expect((await me(s)).status).toBe(200);
    await db.sql`delete from user_session where user_id = ${u.id}`;
    later(TTL - 1);
    expect((await me(s)).status).toBe(200);
    later(1);
    expect((await me(s)).status).toBe(401);
    // created so that it expires 2 seconds from now, well inside the TTL
    const ending = await createSession(db.sql, u.id, new Date(now.getTime() - 3600_000 + 2000));
    expect((await me(ending)).status).toBe(200);
    later(2000);
    expect((await me(ending)).status).toBe(401);
  });
});
