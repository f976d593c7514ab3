import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { readConfig } from '../../config.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, createUser, square } from '../../../test/factories.ts';
import { randomToken, tokenHash } from './auth.domain.ts';

let db: TestDatabase;
let now = new Date('2026-06-01T02:00:00Z');
let communityId: number;
const clock = () => now;

beforeAll(async () => {
  db = await createTestDatabase();
  communityId = (await createJurisdictions(db.sql, { wkt: square(120, 30, 0.01) })).communityId;
});
afterAll(() => db.drop());

const newApp = () => createApp({ sql: db.sql, clock });
const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

async function login(app: ReturnType<typeof newApp>, username: string, password: string) {
  const res = await app.request('/api/auth/login', json({ username, password }));
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { res, cookie, body: res.status === 200 ? ((await res.json()) as { csrfToken: string; permissions: string[]; roles: unknown[] }) : undefined };
}

describe('sign in', () => {
  it('opens a session in an httpOnly SameSite cookie and answers /me with roles and scopes', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'community_manager', jurisdictionId: communityId }] });
    const app = newApp();
    const { res, cookie, body } = await login(app, u.username, u.password);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/wangge_session=.+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax/);
    expect(body!.permissions).toContain('personal.view');
    const me = await app.request('/api/auth/me', { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { username: u.username }, roles: [{ role: 'community_manager', scope: { jurisdiction: { id: communityId, level: 'community' }, gridCodes: null } }] });
    // only the hash of the token is stored
    const [row] = await db.sql`select count(*)::int as n from user_session where id = ${cookie.split('=')[1]!}`;
    expect(row!.n).toBe(0);
  });

  it('answers a wrong password and an unknown user with the same generic 401', async () => {
    const u = await createUser(db.sql, {});
    const app = newApp();
    const wrong = await login(app, u.username, 'not-the-password-1');
    const unknown = await login(app, 'nobody-here', 'whatever-123');
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(await wrong.res.json()).toEqual(await unknown.res.json());
  });

  it('locks the account after 5 failures, even for the right password, until the lock expires', async () => {
    const u = await createUser(db.sql, {});
    const app = newApp();
    for (let i = 0; i < 5; i++) expect((await login(app, u.username, `wrong-password-${i}`)).res.status).toBe(401);
    expect((await login(app, u.username, u.password)).res.status).toBe(401);
    const [row] = await db.sql`select failed_logins, locked_until from app_user where id = ${u.id}`;
    expect(row!.failed_logins).toBe(5);
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await login(app, u.username, u.password)).res.status).toBe(200);
  }, 20_000);

  it('limits attempts per address with 429', async () => {
    const app = newApp();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await login(app, `ghost${i}`, 'x-password-1')).res.status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  }, 20_000);

  it('rejects bad bodies with 400 naming the field', async () => {
    const res = await newApp().request('/api/auth/login', json({ username: '', password: 5 }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/username.*password|password.*username/);
  });
});

describe('sessions', () => {
  it('expires after two idle hours and answers 401', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: communityId }] });
    const app = newApp();
    const { cookie } = await login(app, u.username, u.password);
    now = new Date(now.getTime() + 2 * 3600_000 + 1000);
    const me = await app.request('/api/auth/me', { headers: { Cookie: cookie } });
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('needs the CSRF token for cookie writes, and logout ends the session', async () => {
    const u = await createUser(db.sql, {});
    const app = newApp();
    const { cookie, body } = await login(app, u.username, u.password);
    const forged = await app.request('/api/auth/logout', { method: 'POST', headers: { Cookie: cookie } });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: 'csrf_failed' } });
    expect((await app.request('/api/auth/me', { headers: { Cookie: cookie } })).status).toBe(200);
    const out = await app.request('/api/auth/logout', { method: 'POST', headers: { Cookie: cookie, 'X-CSRF-Token': body!.csrfToken } });
    expect(out.status).toBe(204);
    expect((await app.request('/api/auth/me', { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('signing in again ends the session presented with the sign-in', async () => {
    const u = await createUser(db.sql, {});
    const app = newApp();
    const first = await login(app, u.username, u.password);
    const again = await app.request('/api/auth/login', { ...json({ username: u.username, password: u.password }), headers: { 'Content-Type': 'application/json', Cookie: first.cookie } });
    expect(again.status).toBe(200);
    expect((await app.request('/api/auth/me', { headers: { Cookie: first.cookie } })).status).toBe(401);
    const second = again.headers.get('set-cookie')!.split(';')[0]!;
    expect((await app.request('/api/auth/me', { headers: { Cookie: second } })).status).toBe(200);
  });

  it('changes a password: weak → 400, wrong current → 401, success ends other sessions', async () => {
    const u = await createUser(db.sql, {});
    const app = newApp();
    const a = await login(app, u.username, u.password);
    const b = await login(app, u.username, u.password);
    const headers = { Cookie: a.cookie, 'X-CSRF-Token': a.body!.csrfToken, 'Content-Type': 'application/json' };
    const post = (body: unknown) => app.request('/api/auth/password', { method: 'POST', headers, body: JSON.stringify(body) });
    expect((await post({ currentPassword: u.password, newPassword: 'short1' })).status).toBe(400);
    expect((await post({ currentPassword: 'wrong-one-123', newPassword: 'quiet-river-2026' })).status).toBe(401);
    expect((await post({ currentPassword: u.password, newPassword: 'quiet-river-2026' })).status).toBe(204);
    expect((await app.request('/api/auth/me', { headers: { Cookie: a.cookie } })).status).toBe(200);
    expect((await app.request('/api/auth/me', { headers: { Cookie: b.cookie } })).status).toBe(401);
    expect((await login(app, u.username, 'quiet-river-2026')).res.status).toBe(200);
  });
});

describe('API keys', () => {
  it('authenticate with Bearer, need no CSRF token, and stop working once revoked', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: communityId }] });
    const secret = randomToken();
    await db.sql`insert into api_key (user_id, name, prefix, key_hash) values (${u.id}, 'gps', 'Ab12Cd34', ${tokenHash(secret)})`;
    const app = newApp();
    const auth = { Authorization: `Bearer wgk_Ab12Cd34_${secret}` };
    const me = await app.request('/api/auth/me', { headers: auth });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { username: u.username }, csrfToken: null });
    expect((await app.request('/api/auth/me', { headers: { Authorization: `Bearer wgk_Ab12Cd34_${randomToken()}` } })).status).toBe(401);
    // a wrong secret with a real prefix does not count as a use of the key
    await db.sql`update api_key set last_used_at = null where prefix = 'Ab12Cd34'`;
    expect((await app.request('/api/auth/me', { headers: { Authorization: `Bearer wgk_Ab12Cd34_${randomToken()}` } })).status).toBe(401);
    const [unused] = await db.sql`select last_used_at from api_key where prefix = 'Ab12Cd34'`;
    expect(unused!.last_used_at).toBeNull();
    // revoked outside this process (an in-process revoke applies at once: caller-cache.test.ts), so
    // this app notices when the key's last check is older than the auth cache's TTL
    await db.sql`update api_key set revoked_at = now() where prefix = 'Ab12Cd34'`;
    now = new Date(now.getTime() + (readConfig().authCacheMs ?? 0));
    const revoked = await app.request('/api/auth/me', { headers: auth });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
  });
});
