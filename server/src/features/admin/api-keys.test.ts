import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, createSession, createUser, square } from '../../../test/factories.ts';
import { parseApiKey, tokenHash } from '../auth/auth.domain.ts';

// API keys: issued once, stored as prefix + hash, authenticate as Bearer until revoked.
let db: TestDatabase;
let countyId: number;
let admin: { cookie: string; csrfToken: string };

beforeAll(async () => {
  db = await createTestDatabase();
  countyId = (await createJurisdictions(db.sql, { wkt: square(120, 30, 0.01) })).countyId;
  const a = await createUser(db.sql, { grants: [{ role: 'admin', jurisdictionId: countyId }] });
  admin = await createSession(db.sql, a.id);
});
afterAll(() => db.drop());

const app = () => createApp({ sql: db.sql });
const send = (method: string, path: string, body?: unknown) =>
  app().request(path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrfToken, 'Content-Type': 'application/json' },
  });
type KeyBody = { id: number; name: string; prefix: string; owner: { id: number; username: string }; revoked: boolean; lastUsedAt: string | null; key?: string };

describe('API keys', () => {
  it('issues a key once, which authenticates as its owner until it is revoked', async () => {
    const device = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: countyId }] });
    const res = await send('POST', '/api/admin/api-keys', { userId: device.id, name: 'GPS 终端 7' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as KeyBody & { key: string };
    const parsed = parseApiKey(created.key)!;
    expect(parsed.prefix).toBe(created.prefix);
    expect(created).toMatchObject({ name: 'GPS 终端 7', owner: { id: device.id, username: device.username }, revoked: false });
    const [row] = await db.sql`select key_hash from api_key where id = ${created.id}`;
    expect(row!.key_hash).toBe(tokenHash(parsed.secret));

    const bearer = { Authorization: `Bearer ${created.key}` };
    const me = await app().request('/api/auth/me', { headers: bearer });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { username: device.username } });

    const list = await (await app().request('/api/admin/api-keys', { headers: { Cookie: admin.cookie } })).text();
    expect(list).not.toContain(parsed.secret);
    expect(list).not.toContain(row!.key_hash);
    const listed = (JSON.parse(list) as { items: KeyBody[] }).items.find((k) => k.id === created.id)!;
    expect(listed).toMatchObject({ prefix: created.prefix, revoked: false });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed.key).toBeUndefined();

    expect((await send('POST', `/api/admin/api-keys/${created.id}/revoke`)).status).toBe(204);
    expect((await app().request('/api/auth/me', { headers: bearer })).status).toBe(401);
    expect((await send('POST', `/api/admin/api-keys/${created.id}/revoke`)).status).toBe(204);
    const [n] = await db.sql`select count(*)::int as n from audit_log where action = 'admin.api_key.revoke' and entity_id = ${created.id}`;
    expect(n!.n).toBe(1);
  });

  it('an admin key can administer without a CSRF token (it is not a cookie)', async () => {
    const bot = await createUser(db.sql, { grants: [{ role: 'admin', jurisdictionId: countyId }] });
    const { key } = (await (await send('POST', '/api/admin/api-keys', { userId: bot.id, name: 'provisioning' })).json()) as { key: string };
    const res = await app().request('/api/admin/users', {
      method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'via.key', displayName: 'x', grants: [] }),
    });
    expect(res.status).toBe(201);
  });

  it('refuses unknown or inactive owners, bad bodies, and unknown key ids', async () => {
    const unknown = await send('POST', '/api/admin/api-keys', { userId: 987654, name: 'x' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_user', details: [{ field: 'userId' }] } });
    const gone = await createUser(db.sql, {});
    await db.sql`update app_user set active = false where id = ${gone.id}`;
    expect(await (await send('POST', '/api/admin/api-keys', { userId: gone.id, name: 'x' })).json()).toMatchObject({ error: { code: 'user_inactive' } });
    const bad = await send('POST', '/api/admin/api-keys', { userId: 'one', name: '' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/userId.*name/);
    const [n] = await db.sql`select count(*)::int as n from api_key where user_id in (${gone.id}, 987654)`;
    expect(n!.n).toBe(0);
    const missing = await send('POST', '/api/admin/api-keys/987654/revoke');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'api_key_not_found' } });
  });
});
