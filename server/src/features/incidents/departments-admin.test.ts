import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, createSession, createUser, square } from '../../../test/factories.ts';

// Departments (责任单位) and their members edited by admins over HTTP on the Haidian demo: the demo admin
// holds the district (110108), a street-office admin holds 学院路街道 (110108010) only, and an admin of
// another county sees none of Haidian's. Each write audited; refusals write nothing.
let db: TestDatabase;
const as: Record<string, { cookie: string; csrfToken: string }> = {};
const ids: Record<string, number> = {};
let other: { countyId: number; townId: number };

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  for (const j of await db.sql`select id, code from jurisdiction where code in ('110108', '110108010', '110108010031')`) ids[String(j.code)] = Number(j.id);
  other = await createJurisdictions(db.sql, { wkt: square(120, 30, 0.01) });
  const street = await createUser(db.sql, { username: 'admin.street', grants: [{ role: 'admin', jurisdictionId: ids['110108010'] }] });
  const elsewhere = await createUser(db.sql, { username: 'admin.elsewhere', grants: [{ role: 'admin', jurisdictionId: other.countyId }] });
  const staff = await createUser(db.sql, { username: 'staff.new', grants: [] });
  const gone = await createUser(db.sql, { username: 'staff.gone', grants: [] });
  await db.sql`update app_user set active = false where id = ${gone.id}`;
  Object.assign(ids, { street: street.id, elsewhere: elsewhere.id, staff: staff.id, gone: gone.id });
  for (const u of await db.sql`select id, username from app_user where username in ('admin', 'manager.furun', 'dept.chengguan', 'admin.street', 'admin.elsewhere', 'staff.new')`) {
    as[u.username] = await createSession(db.sql, Number(u.id));
    ids[String(u.username)] = Number(u.id);
  }
});
afterAll(() => db.drop());

const call = async (who: string, method: string, path: string, body?: unknown) => {
  const res = await createApp({ sql: db.sql }).request(path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Cookie: as[who]!.cookie, 'X-CSRF-Token': as[who]!.csrfToken, 'Content-Type': 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};
type Dept = { id: number; name: string; kind: string; phone: string | null; active: boolean; jurisdiction: { code: string }; members: { id: number; username: string }[] };
const list = async (who: string, query = '') => (await call(who, 'GET', `/api/admin/departments${query}`)).body.items as Dept[];
const snapshot = async () => JSON.stringify([
  await db.sql`select id, name, kind, phone, active from department order by id`,
  await db.sql`select department_id, user_id from department_member order by 1, 2`,
  await db.sql`select count(*)::int from audit_log`,
]);

describe('departments', () => {
  it('lists the departments of a street office with their members', async () => {
    const items = await list('admin', `?jurisdiction=${ids['110108010']}`);
    expect(items.length).toBeGreaterThan(5);
    expect(items.every((d) => d.jurisdiction.code === '110108010')).toBe(true);
    const enforcement = items.find((d) => d.members.some((m) => m.username === 'dept.chengguan'));
    expect(enforcement).toMatchObject({ kind: 'urban_management', active: true });
    // without a place: every department of the admin's scope, the district's own included
    expect((await list('admin')).some((d) => d.jurisdiction.code === '110108')).toBe(true);
  });

  it('adds a department with a member who then acts for it, audited', async () => {
    const res = await call('admin', 'POST', '/api/admin/departments', { jurisdictionId: ids['110108010'], name: '学院路街道燃气安全检查组', kind: 'gas', phone: '010-0000 1099' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '学院路街道燃气安全检查组', kind: 'gas', phone: '010-0000 1099', active: true, members: [], jurisdiction: { code: '110108010' } });
    const members = await call('admin', 'PUT', `/api/admin/departments/${res.body.id}/members`, [ids.staff]);
    expect(members.status).toBe(200);
    expect(members.body.members.map((m: { username: string }) => m.username)).toEqual(['staff.new']);
    const me = await call('staff.new', 'GET', '/api/auth/me');
    expect(me.body.departments).toEqual([{ id: res.body.id, name: '学院路街道燃气安全检查组' }]);
    const log = await db.sql`select action, entity_id, details from audit_log where entity = 'department' order by id`;
    expect(log.map((l) => [l.action, Number(l.entity_id)])).toEqual([['incident.department.create', res.body.id], ['incident.department.members', res.body.id]]);
    expect(log[1]!.details).toEqual({ count: 1, joined: 1, left: 0, ids: [ids.staff] });
  });

  it('renames, re-phones and switches off a department; a name taken in the same place is a 409', async () => {
    const [a, b] = (await list('admin', `?jurisdiction=${ids['110108010']}`)).slice(0, 2);
    const res = await call('admin', 'PATCH', `/api/admin/departments/${a!.id}`, { name: `${a!.name}（新）`, phone: null, active: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: `${a!.name}（新）`, phone: null, active: false });
    const taken = await call('admin', 'PATCH', `/api/admin/departments/${a!.id}`, { name: b!.name });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'department_name_taken']);
    const dup = await call('admin', 'POST', '/api/admin/departments', { jurisdictionId: ids['110108010'], name: b!.name, kind: 'water' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'department_name_taken']);
    // the same name in another place is another unit
    expect((await call('admin', 'POST', '/api/admin/departments', { jurisdictionId: ids['110108'], name: b!.name, kind: b!.kind })).status).toBe(201);
    await call('admin', 'PATCH', `/api/admin/departments/${a!.id}`, { name: a!.name, phone: a!.phone, active: true });
  });

  it('refuses bad input and unknown or inactive users, writing nothing', async () => {
    const before = await snapshot();
    const [d] = await list('admin', `?jurisdiction=${ids['110108010']}`);
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '', { jurisdictionId: ids['110108010031'], name: '社区里的单位', kind: 'water' }, 400, 'department_place_level'],
      ['POST', '', { jurisdictionId: 999_999_999, name: '无处', kind: 'water' }, 404, 'jurisdiction_not_found'],
      ['POST', '', { jurisdictionId: ids['110108010'], name: '巫师队', kind: 'wizards' }, 400, 'invalid_request'],
      ['POST', '', { jurisdictionId: ids['110108010'], name: '', kind: 'water' }, 400, 'invalid_request'],
      ['POST', '', { jurisdictionId: ids['110108010'], name: '电话不对', kind: 'water', phone: 'call me' }, 400, 'invalid_request'],
      ['PATCH', `/${d!.id}`, {}, 400, 'invalid_request'],
      ['PATCH', `/${d!.id}`, { kind: 'wizards' }, 400, 'invalid_request'],
      ['PATCH', '/999999999', { name: '无' }, 404, 'department_not_found'],
      ['PUT', `/${d!.id}/members`, [ids.staff, 999_999_999], 400, 'unknown_users'],
      ['PUT', `/${d!.id}/members`, [ids.gone], 400, 'unknown_users'],
      ['PUT', `/${d!.id}/members`, [ids.staff, ids.staff], 400, 'invalid_request'],
      ['PUT', `/${d!.id}/members`, { userIds: [ids.staff] }, 400, 'invalid_request'],
      ['PUT', '/999999999/members', [ids.staff], 404, 'department_not_found'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await call('admin', method, `/api/admin/departments${path}`, body);
      expect([res.status, res.body.error?.code], `${method} ${path} ${JSON.stringify(body)}`).toEqual([status, code]);
    }
    expect((await call('admin', 'GET', '/api/admin/departments?jurisdiction=abc')).status).toBe(400);
    expect((await call('manager.furun', 'GET', '/api/admin/departments')).status).toBe(403);
    expect((await call('dept.chengguan', 'PUT', `/api/admin/departments/${d!.id}/members`, [])).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it('keeps each admin to the departments of their own places', async () => {
    const district = (await list('admin', `?jurisdiction=${ids['110108']}`))[0]!;
    const town = (await list('admin', `?jurisdiction=${ids['110108010']}`))[0]!;
    // a street office's admin: their street office's departments only, not the district's
    expect((await list('admin.street')).every((d) => d.jurisdiction.code.startsWith('110108010'))).toBe(true);
    expect((await call('admin.street', 'GET', `/api/admin/departments?jurisdiction=${ids['110108']}`)).status).toBe(404);
    expect((await call('admin.street', 'PATCH', `/api/admin/departments/${district.id}`, { phone: '12345' })).status).toBe(404);
    expect((await call('admin.street', 'POST', '/api/admin/departments', { jurisdictionId: ids['110108'], name: '越权', kind: 'water' })).status).toBe(404);
    expect((await call('admin.street', 'PATCH', `/api/admin/departments/${town.id}`, { phone: '010-0000 1999' })).status).toBe(200);
    // another county's admin sees nothing of Haidian, and manages their own street office's
    expect(await list('admin.elsewhere')).toEqual([]);
    expect((await call('admin.elsewhere', 'PUT', `/api/admin/departments/${town.id}/members`, [])).status).toBe(404);
    const own = await call('admin.elsewhere', 'POST', '/api/admin/departments', { jurisdictionId: other.townId, name: '测试街道城管队', kind: 'urban_management' });
    expect(own.status).toBe(201);
    expect((await list('admin')).some((d) => d.id === own.body.id)).toBe(false);
  });

  it('replaces members one writer at a time: 20 identical replacements leave exactly those members', async () => {
    const [d] = await list('admin', `?jurisdiction=${ids['110108010']}`);
    const want = [ids.staff!, ids['dept.chengguan']!];
    const results = await Promise.all(Array.from({ length: 20 }, () => call('admin', 'PUT', `/api/admin/departments/${d!.id}/members`, want)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const rows = await db.sql`select user_id from department_member where department_id = ${d!.id} order by user_id`;
    expect(rows.map((r) => Number(r.user_id))).toEqual([...want].sort((x, y) => x - y));
  });
});
