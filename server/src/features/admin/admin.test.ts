import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createGrid, createJurisdictions, createPlan, createSession, createUser, square } from '../../../test/factories.ts';

// User administration over a real PostGIS: validation, one transaction per write, audit.
let db: TestDatabase;
let scope: { countyId: number; communityId: number; gridCode: string; draftGridCode: string };
let admin: { id: number; cookie: string; csrfToken: string };
const now = new Date('2026-06-01T02:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  const wkt = square(120, 30, 0.01);
  const j = await createJurisdictions(db.sql, { wkt });
  const planId = await createPlan(db.sql, { jurisdictionId: j.communityId, regionCode: j.regionCode });
  const draft = await createPlan(db.sql, { jurisdictionId: j.townId, regionCode: j.regionCode, status: 'draft' });
  const grid = await createGrid(db.sql, { planId, communityId: j.communityId, communityCode: j.communityCode, regionCode: j.regionCode, wkt, seqNo: 1 });
  const draftGrid = await createGrid(db.sql, { planId: draft, communityId: j.communityId, communityCode: j.communityCode, regionCode: j.regionCode, wkt, seqNo: 2 });
  scope = { countyId: j.countyId, communityId: j.communityId, gridCode: grid.code, draftGridCode: draftGrid.code };
  const u = await createUser(db.sql, { username: 'root.admin', grants: [{ role: 'admin', jurisdictionId: j.countyId }] });
  admin = { id: u.id, ...(await createSession(db.sql, u.id, now)) };
});
afterAll(() => db.drop());

const app = () => createApp({ sql: db.sql, clock: () => now });
type Session = { cookie: string; csrfToken: string };
const get = (path: string, who: Session = admin) => app().request(path, { headers: { Cookie: who.cookie } });
const send = (method: string, path: string, body?: unknown, who: Session = admin) =>
  app().request(path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Cookie: who.cookie, 'X-CSRF-Token': who.csrfToken, 'Content-Type': 'application/json' },
  });
const login = (username: string, password: string) =>
  app().request('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }), headers: { 'Content-Type': 'application/json' } });
const userCount = async (username: string) => (await db.sql`select count(*)::int as n from app_user where username = ${username}`)[0]!.n as number;
type UserBody = { id: number; username: string; active: boolean; locked: boolean; lastSignInAt: string | null; grants: unknown[] };

describe('listing users', () => {
  it('shows grants with resolved scopes, lock state and last sign-in, never password hashes', async () => {
    const u = await createUser(db.sql, { username: 'list.me', grants: [
      { role: 'community_manager', jurisdictionId: scope.communityId }, { role: 'grid_leader', gridCodes: [scope.gridCode] },
    ] });
    await db.sql`update app_user set failed_logins = 5, locked_until = ${new Date(now.getTime() + 60_000)} where id = ${u.id}`;
    await db.sql`insert into audit_log (at, user_id, action) values ('2026-05-30T08:00:00Z', ${u.id}, 'login'), ('2026-05-31T08:00:00Z', ${u.id}, 'login')`;
    const res = await get('/api/admin/users?q=LIST.');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/argon2|password/i);
    const body = JSON.parse(text) as { items: UserBody[] };
    expect(body.items.map((i) => i.username)).toEqual(['list.me']);
    expect(body.items[0]).toMatchObject({
      id: u.id, active: true, locked: true, failedLogins: 5, lastSignInAt: '2026-05-31T08:00:00.000Z',
      grants: [
        { role: 'community_manager', scope: { jurisdiction: { id: scope.communityId, level: 'community' }, gridCodes: null } },
        { role: 'grid_leader', scope: { jurisdiction: null, gridCodes: [scope.gridCode] } },
      ],
    });
    expect((await get('/api/admin/users?limit=0')).status).toBe(400);
  });

  it('is refused to other roles (403) and to anonymous callers (401)', async () => {
    const m = await createUser(db.sql, { grants: [{ role: 'community_manager', jurisdictionId: scope.communityId }] });
    const s = await createSession(db.sql, m.id, now);
    expect((await get('/api/admin/users', s)).status).toBe(403);
    expect((await send('POST', '/api/admin/users', { username: 'sneaky', displayName: 'x', grants: [] }, s)).status).toBe(403);
    expect((await get('/api/audit', s)).status).toBe(403);
    expect((await app().request('/api/admin/users')).status).toBe(401);
    expect(await userCount('sneaky')).toBe(0);
  });
});

describe('creating users', () => {
  it('creates with a given password and answers 201 without a temporary one', async () => {
    const res = await send('POST', '/api/admin/users', {
      username: 'Zhang.Wei', displayName: '张伟', phone: '13812345678', password: 'river-stone-2026',
      grants: [{ role: 'grid_leader', gridCodes: [scope.gridCode, scope.gridCode] }],
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ temporaryPassword: null, user: { username: 'zhang.wei', displayName: '张伟', phone: '13812345678',
      grants: [{ role: 'grid_leader', scope: { gridCodes: [scope.gridCode] } }] } });
    expect((await login('zhang.wei', 'river-stone-2026')).status).toBe(200);
  });

  it('generates a temporary password, shown once, that signs in', async () => {
    const res = await send('POST', '/api/admin/users', { username: 'temp.user', displayName: '临时', grants: [{ role: 'viewer', jurisdictionId: scope.countyId }] });
    expect(res.status).toBe(201);
    const { temporaryPassword, user } = (await res.json()) as { temporaryPassword: string; user: UserBody };
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(16);
    const [row] = await db.sql`select password_hash from app_user where id = ${user.id}`;
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(await (await get('/api/admin/users?q=temp.user')).json())).not.toContain(temporaryPassword);
    const signedIn = await login('temp.user', temporaryPassword);
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toMatchObject({ mustChangePassword: true });
  });

  it.each([
    [{ username: 'a', displayName: 'x', grants: [] }, 'username'],
    [{ username: 'bad name', displayName: 'x', grants: [] }, 'username'],
    [{ username: 'okname', displayName: '', grants: [] }, 'displayName'],
    [{ username: 'okname', displayName: 'x', password: 'short1', grants: [] }, 'password'],
    [{ username: 'okname', displayName: 'x', password: 'okname-okname-1', grants: [] }, 'password'],
    [{ username: 'okname', displayName: 'x', phone: '12345', grants: [] }, 'phone'],
    [{ username: 'okname', displayName: 'x' }, 'grants'],
    [{ username: 'okname', displayName: 'x', grants: [{ role: 'emperor', jurisdictionId: 1 }] }, 'grants.0.role'],
    [{ username: 'okname', displayName: 'x', grants: [{ role: 'viewer' }] }, 'grants.0.jurisdictionId'],
    [{ username: 'okname', displayName: 'x', grants: [{ role: 'viewer', jurisdictionId: 1, gridCodes: ['110108010031001'] }] }, 'grants.0.jurisdictionId'],
    [{ username: 'okname', displayName: 'x', grants: [{ role: 'viewer', gridCodes: ['abc'] }] }, 'grants.0.gridCodes.0'],
    [{ username: 'okname', displayName: 'x', grants: [{ role: 'viewer', jurisdictionId: 1 }, { role: 'viewer', jurisdictionId: 1 }] }, 'grants.1'],
    [{ username: 'okname', displayName: 'x', grants: [], isAdmin: true }, ''],
  ])('refuses %j with 400 naming %s, and creates nothing', async (body, field) => {
    const res = await send('POST', '/api/admin/users', body);
    expect(res.status).toBe(400);
    const err = (await res.json()) as { error: { code: string; details: { field: string }[] } };
    expect(err.error.code).toBe('invalid_request');
    expect(err.error.details.map((d) => d.field)).toContain(field);
    expect(await userCount('okname')).toBe(0);
  });

  it('checks scopes against the database in the same transaction: a bad grant leaves no user', async () => {
    const good = { role: 'viewer', jurisdictionId: scope.countyId };
    const missing = await send('POST', '/api/admin/users', { username: 'half.made', displayName: 'x', grants: [good, { role: 'planner', jurisdictionId: 999999 }] });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: 'unknown_jurisdiction', details: [{ field: 'grants.1.jurisdictionId' }] } });
    const draft = await send('POST', '/api/admin/users', { username: 'half.made', displayName: 'x', grants: [good, { role: 'grid_leader', gridCodes: [scope.draftGridCode] }] });
    expect(draft.status).toBe(400);
    expect(await draft.json()).toMatchObject({ error: { code: 'unknown_grid', details: [{ field: 'grants.1.gridCodes' }] } });
    expect(await userCount('half.made')).toBe(0);
    const [n] = await db.sql`select count(*)::int as n from audit_log where action = 'admin.user.create' and details->>'username' = 'half.made'`;
    expect(n!.n).toBe(0);
  });

  it('answers a taken username with 409 username_taken', async () => {
    await createUser(db.sql, { username: 'taken.name' });
    const res = await send('POST', '/api/admin/users', { username: 'TAKEN.name', displayName: 'x', grants: [] });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'username_taken' } });
  });

  it('needs the CSRF token for a cookie-authenticated write', async () => {
    const res = await app().request('/api/admin/users', {
      method: 'POST', headers: { Cookie: admin.cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'no.csrf', displayName: 'x', grants: [] }),
    });
    expect(res.status).toBe(403);
    expect(await userCount('no.csrf')).toBe(0);
  });
});

describe('editing users', () => {
  it('changes name and phone, clears the phone with null, and 404s unknown ids', async () => {
    const u = await createUser(db.sql, {});
    const res = await send('PATCH', `/api/admin/users/${u.id}`, { displayName: '新名字', phone: '010-12345678' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ displayName: '新名字', phone: '010-12345678' });
    expect(await (await send('PATCH', `/api/admin/users/${u.id}`, { phone: null })).json()).toMatchObject({ phone: null });
    expect((await send('PATCH', `/api/admin/users/${u.id}`, {})).status).toBe(400);
    expect((await send('PATCH', `/api/admin/users/${u.id}`, { username: 'renamed' })).status).toBe(400);
    const missing = await send('PATCH', '/api/admin/users/987654', { displayName: 'x' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'user_not_found' } });
  });

  it('deactivating revokes the user\'s API keys: they stay dead after reactivation', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: scope.countyId }] });
    const { key } = (await (await send('POST', '/api/admin/api-keys', { userId: u.id, name: 'gps' })).json()) as { key: string };
    const bearer = { headers: { Authorization: `Bearer ${key}` } };
    expect((await app().request('/api/auth/me', bearer)).status).toBe(200);
    expect((await send('PATCH', `/api/admin/users/${u.id}`, { active: false })).status).toBe(200);
    expect((await send('PATCH', `/api/admin/users/${u.id}`, { active: true })).status).toBe(200);
    expect((await app().request('/api/auth/me', bearer)).status).toBe(401);
    const [log] = await db.sql`select details from audit_log where action = 'admin.user.update' and entity_id = ${u.id} order by id limit 1`;
    expect(log!.details).toMatchObject({ active: false, keysRevoked: 1 });
  });

  it('deactivating ends the user\'s sessions; deactivating yourself is refused', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: scope.countyId }] });
    const s = await createSession(db.sql, u.id, now);
    expect((await get('/api/auth/me', s)).status).toBe(200);
    const res = await send('PATCH', `/api/admin/users/${u.id}`, { active: false });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ active: false });
    expect((await get('/api/auth/me', s)).status).toBe(401);
    const [n] = await db.sql`select count(*)::int as n from user_session where user_id = ${u.id}`;
    expect(n!.n).toBe(0);
    expect((await login(u.username, u.password)).status).toBe(401);
    const self = await send('PATCH', `/api/admin/users/${admin.id}`, { active: false });
    expect(self.status).toBe(409);
    expect(await self.json()).toMatchObject({ error: { code: 'cannot_deactivate_self' } });
  });
});

describe('replacing grants', () => {
  it('replaces every grant in one go and answers with the user', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: scope.countyId }] });
    const res = await send('PUT', `/api/admin/users/${u.id}/grants`, [
      { role: 'officer', jurisdictionId: scope.communityId }, { role: 'grid_assistant', gridCodes: [scope.gridCode] },
    ]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as UserBody).grants).toEqual([
      { role: 'officer', scope: { jurisdiction: expect.objectContaining({ id: scope.communityId }), gridCodes: null } },
      { role: 'grid_assistant', scope: { jurisdiction: null, gridCodes: [scope.gridCode] } },
    ]);
    expect((await send('PUT', `/api/admin/users/${u.id}/grants`, [])).status).toBe(200);
    const [n] = await db.sql`select count(*)::int as n from role_assignment where user_id = ${u.id}`;
    expect(n!.n).toBe(0);
  });

  it('keeps the old grants when one new grant is bad, and 404s unknown users', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: scope.countyId }] });
    const res = await send('PUT', `/api/admin/users/${u.id}/grants`, [{ role: 'planner', jurisdictionId: scope.countyId }, { role: 'officer', jurisdictionId: 424242 }]);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'unknown_jurisdiction', details: [{ field: '1.jurisdictionId' }] } });
    expect((await send('PUT', `/api/admin/users/${u.id}/grants`, [{ role: 'viewer' }])).status).toBe(400);
    expect((await send('PUT', `/api/admin/users/${u.id}/grants`, { grants: [] })).status).toBe(400);
    const rows = await db.sql`select role from role_assignment where user_id = ${u.id}`;
    expect(rows.map((r) => r.role)).toEqual(['viewer']);
    const missing = await send('PUT', '/api/admin/users/987654/grants', []);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'user_not_found' } });
  });

  it('refuses to remove the last active admin grant (409 last_admin), allows it while another admin remains', async () => {
    const own = await createTestDatabase();
    try {
      const { countyId } = await createJurisdictions(own.sql, { wkt: square(121, 31, 0.01) });
      const a = await createUser(own.sql, { username: 'only.admin', grants: [{ role: 'admin', jurisdictionId: countyId }] });
      const s = await createSession(own.sql, a.id, now);
      const put = (id: number, body: unknown) => createApp({ sql: own.sql, clock: () => now }).request(`/api/admin/users/${id}/grants`, {
        method: 'PUT', body: JSON.stringify(body), headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrfToken, 'Content-Type': 'application/json' },
      });
      const last = await put(a.id, [{ role: 'viewer', jurisdictionId: countyId }]);
      expect(last.status).toBe(409);
      expect(await last.json()).toMatchObject({ error: { code: 'last_admin' } });
      // an inactive admin does not count
      const b = await createUser(own.sql, { grants: [{ role: 'admin', jurisdictionId: countyId }] });
      await own.sql`update app_user set active = false where id = ${b.id}`;
      expect((await put(a.id, [])).status).toBe(409);
      await own.sql`update app_user set active = true where id = ${b.id}`;
      expect((await put(b.id, [{ role: 'viewer', jurisdictionId: countyId }])).status).toBe(200);
      expect((await put(a.id, [])).status).toBe(409);
      const [n] = await own.sql`select count(*)::int as n from role_assignment where user_id = ${a.id} and role = 'admin'`;
      expect(n!.n).toBe(1);
    } finally {
      await own.drop();
    }
  });
});

describe('password reset and unlock', () => {
  it('sets a temporary password shown once, ends sessions and clears the lock', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: scope.countyId }] });
    const s = await createSession(db.sql, u.id, now);
    await db.sql`update app_user set failed_logins = 7, locked_until = ${new Date(now.getTime() + 3600_000)} where id = ${u.id}`;
    const res = await send('POST', `/api/admin/users/${u.id}/password-reset`);
    expect(res.status).toBe(200);
    const { temporaryPassword } = (await res.json()) as { temporaryPassword: string };
    expect((await get('/api/auth/me', s)).status).toBe(401);
    expect((await login(u.username, u.password)).status).toBe(401);
    expect((await login(u.username, temporaryPassword)).status).toBe(200);
    const [log] = await db.sql`select details from audit_log where action = 'admin.user.password_reset' and entity_id = ${u.id}`;
    expect(JSON.stringify(log!.details)).not.toContain(temporaryPassword);
  });

  it('a temporary password must be changed at the first sign-in before anything else is allowed', async () => {
    const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: scope.countyId }] });
    const { temporaryPassword } = (await (await send('POST', `/api/admin/users/${u.id}/password-reset`)).json()) as { temporaryPassword: string };
    const res = await login(u.username, temporaryPassword);
    const body = (await res.json()) as { csrfToken: string; mustChangePassword: boolean };
    expect(body.mustChangePassword).toBe(true);
    const who = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrfToken: body.csrfToken };
    const blocked = await get(`/api/jurisdictions/${scope.communityId}`, who);
    expect(blocked.status).toBe(403);
    expect(await blocked.json()).toMatchObject({ error: { code: 'password_change_required' } });
    expect(await (await get('/api/auth/me', who)).json()).toMatchObject({ mustChangePassword: true });
    expect((await send('POST', '/api/auth/password', { currentPassword: temporaryPassword, newPassword: 'own-choice-2026' }, who)).status).toBe(204);
    expect(await (await get('/api/auth/me', who)).json()).toMatchObject({ mustChangePassword: false });
    expect((await get(`/api/jurisdictions/${scope.communityId}`, who)).status).toBe(200);
  });

  it('refuses your own reset (use change password) and unknown ids', async () => {
    expect(await (await send('POST', `/api/admin/users/${admin.id}/password-reset`)).json()).toMatchObject({ error: { code: 'cannot_reset_self' } });
    expect((await send('POST', '/api/admin/users/987654/password-reset')).status).toBe(404);
    expect((await send('POST', '/api/admin/users/abc/password-reset')).status).toBe(400);
  });

  it('unlocks: clears failures and the lock, so the right password works again', async () => {
    const u = await createUser(db.sql, {});
    await db.sql`update app_user set failed_logins = 5, locked_until = ${new Date(now.getTime() + 3600_000)} where id = ${u.id}`;
    expect((await login(u.username, u.password)).status).toBe(401);
    const res = await send('POST', `/api/admin/users/${u.id}/unlock`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ locked: false, failedLogins: 0, lockedUntil: null });
    expect((await login(u.username, u.password)).status).toBe(200);
    expect((await send('POST', '/api/admin/users/987654/unlock')).status).toBe(404);
  });
});
