import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, createSession, createUser, square } from '../../../test/factories.ts';

// The audit log: admin writes are recorded, and the log is filterable by admins only.
let db: TestDatabase;
let countyId: number;
let admin: { id: number; username: string; cookie: string; csrfToken: string };

beforeAll(async () => {
  db = await createTestDatabase();
  countyId = (await createJurisdictions(db.sql, { wkt: square(120, 30, 0.01) })).countyId;
  const a = await createUser(db.sql, { username: 'audit.admin', grants: [{ role: 'admin', jurisdictionId: countyId }] });
  admin = { id: a.id, username: a.username, ...(await createSession(db.sql, a.id)) };
});
afterAll(() => db.drop());

const app = () => createApp({ sql: db.sql });
const get = (path: string, cookie = admin.cookie) => app().request(path, { headers: { Cookie: cookie } });
const send = (method: string, path: string, body?: unknown) =>
  app().request(path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrfToken, 'Content-Type': 'application/json' },
  });
type Entry = { id: number; at: string; user: { username: string } | null; action: string; entity: string | null; entityId: number | null; details: Record<string, unknown> };
const entries = async (query: string) => {
  const res = await get(`/api/audit?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { items: Entry[]; more: boolean };
};

describe('audit log', () => {
  it('records each admin write with who did it, on what, without secrets', async () => {
    const created = await send('POST', '/api/admin/users', { username: 'audited.one', displayName: '被审计', grants: [{ role: 'viewer', jurisdictionId: countyId }] });
    const { user, temporaryPassword } = (await created.json()) as { user: { id: number }; temporaryPassword: string };
    await send('PATCH', `/api/admin/users/${user.id}`, { displayName: '改名' });
    await send('PUT', `/api/admin/users/${user.id}/grants`, []);
    await send('POST', `/api/admin/users/${user.id}/unlock`);
    await send('POST', `/api/admin/users/${user.id}/password-reset`);
    const page = await entries(`entity=user&entityId=${user.id}`);
    expect(page.items.map((e) => e.action)).toEqual([
      'admin.user.password_reset', 'admin.user.unlock', 'admin.user.grants', 'admin.user.update', 'admin.user.create',
    ]);
    expect(page.items.every((e) => e.user?.username === 'audit.admin' && e.entityId === user.id)).toBe(true);
    expect(page.items[2]!.details).toMatchObject({ before: [{ role: 'viewer', jurisdictionId: countyId }], after: [] });
    expect(page.items.at(-1)!.details).toMatchObject({ username: 'audited.one', passwordGenerated: true });
    expect(JSON.stringify(page.items)).not.toContain(temporaryPassword);
  });

  it('filters by user, action (exact or prefix*), time range, and pages newest first', async () => {
    const other = await createUser(db.sql, { username: 'someone.else' });
    await db.sql`insert into audit_log (at, user_id, action, entity, entity_id) values
      ('2026-03-01T00:00:00Z', ${other.id}, 'resident.read', 'resident', 5),
      ('2026-03-02T00:00:00Z', ${other.id}, 'resident.reveal', 'resident', 5),
      ('2026-03-03T00:00:00Z', ${other.id}, 'login', null, null)`;
    expect((await entries('user=someone.else')).items.map((e) => e.action)).toEqual(['login', 'resident.reveal', 'resident.read']);
    expect((await entries('user=someone.else&action=resident.*')).items.map((e) => e.action)).toEqual(['resident.reveal', 'resident.read']);
    expect((await entries('user=someone.else&action=resident.read')).items).toHaveLength(1);
    expect((await entries('user=someone.else&action=resident')).items).toHaveLength(0);
    expect((await entries('user=someone.else&from=2026-03-02&to=2026-03-03T00:00:00Z')).items.map((e) => e.action)).toEqual(['resident.reveal']);
    const first = await entries('user=someone.else&limit=2');
    expect(first).toMatchObject({ more: true });
    expect((await entries('user=someone.else&limit=2&offset=2')).items.map((e) => e.action)).toEqual(['resident.read']);
    expect((await entries('user=nobody.here')).items).toEqual([]);
  });

  it('answers bad filters with 400 naming the field', async () => {
    for (const [query, field] of [['from=yesterday', 'from'], ['entityId=-1', 'entityId'], ['limit=9999', 'limit'],
      ['from=2026-03-02&to=2026-03-01', 'to'], ['action=drop%20table', 'action'], ['user=NO%20SPACES', 'user']]) {
      const res = await get(`/api/audit?${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { details: { field: string }[] } }).error.details.map((d) => d.field)).toContain(field);
    }
  });

  it('is for audit.read holders only', async () => {
    const m = await createUser(db.sql, { grants: [{ role: 'community_manager', jurisdictionId: countyId }] });
    expect((await get('/api/audit', (await createSession(db.sql, m.id)).cookie)).status).toBe(403);
    expect((await app().request('/api/audit')).status).toBe(401);
  });
});
