import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';
import { idNumberChecksum } from './residents.domain.ts';

// Scoping, masking, audit and editing over the Haidian demo and its demo accounts.
let db: TestDatabase;
const as: Record<string, { cookie: string; csrfToken: string }> = {};
let leaderGrid: string;
let outsider: { id: number; name: string; id_number: string };

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  for (const u of await db.sql`select id, username from app_user`) as[u.username] = await createSession(db.sql, Number(u.id));
  const [g] = await db.sql`select grid_codes[1] as code from role_assignment r join app_user u on u.id = r.user_id where u.username = 'leader.furun1'`;
  leaderGrid = g!.code;
  // a resident of another community, outside the leader's grid
  const [o] = await db.sql`
    select r.id, r.name, r.id_number from resident r join household h on h.id = r.household_id join building b on b.id = h.building_id
    join jurisdiction c on c.id = b.community_id where c.code <> '110108010031' and r.id_number is not null order by r.id limit 1`;
  outsider = { id: Number(o!.id), name: o!.name, id_number: o!.id_number };
});
afterAll(() => db.drop());

const app = () => createApp({ sql: db.sql });
type Page = { items: { id: number; name: string; idNumber: string | null; phone: string | null; gridCode: string; version: number }[]; more: boolean };
/** Every resident a user can list, page by page. */
async function all(who: string) {
  const items: Page['items'] = [];
  for (let offset = 0; ; offset += 200) {
    const page = (await (await get(who, `/api/residents?limit=200&offset=${offset}`)).json()) as Page;
    items.push(...page.items);
    if (!page.more) return items;
  }
}
const get = async (who: string, path: string) => app().request(path, { headers: { Cookie: as[who]!.cookie } });
const send = (who: string, method: string, path: string, body: unknown, csrf = true) =>
  app().request(path, {
    method, body: JSON.stringify(body),
    headers: { Cookie: as[who]!.cookie, 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': as[who]!.csrfToken } : {}) },
  });

describe('scoping in SQL', () => {
  it('shows a grid leader only the residents of their grid', async () => {
    const page = (await (await get('leader.furun1', '/api/residents?limit=200')).json()) as Page;
    expect(page.items.length).toBeGreaterThan(0);
    expect(new Set(page.items.map((r) => r.gridCode))).toEqual(new Set([leaderGrid]));
  });

  it('shows the community manager exactly the community, which includes the leader\'s grid', async () => {
    const manager = await all('manager.furun');
    const [n] = await db.sql`select count(*)::int as n from resident r join household h on h.id = r.household_id
      join building b on b.id = h.building_id join jurisdiction c on c.id = b.community_id where c.code = '110108010031'`;
    expect(manager.length).toBe(n!.n);
    const ids = new Set(manager.map((r) => r.id));
    expect((await all('leader.furun1')).every((r) => ids.has(r.id))).toBe(true);
  });

  it('shows a supervisor only their three grids', async () => {
    const [g] = await db.sql`select grid_codes from role_assignment r join app_user u on u.id = r.user_id where u.username = 'supervisor'`;
    const seen = new Set((await all('supervisor')).map((r) => r.gridCode));
    expect(seen.size).toBeGreaterThan(0);
    expect([...seen].every((code) => g!.grid_codes.includes(code))).toBe(true);
  });

  it('hides another grid\'s resident from a grid leader by id, by search, by grid filter and by edit', async () => {
    expect((await get('leader.furun1', `/api/residents/${outsider.id}`)).status).toBe(404);
    for (const q of [outsider.name, outsider.id_number]) {
      const page = (await (await get('leader.furun1', `/api/residents?q=${encodeURIComponent(q)}`)).json()) as Page;
      expect(page.items.map((r) => r.id)).not.toContain(outsider.id);
    }
    const [other] = await db.sql`select code from grid where code not like '110108010031%' limit 1`;
    expect(((await (await get('leader.furun1', `/api/residents?grid=${other!.code}`)).json()) as Page).items).toEqual([]);
    expect((await send('leader.furun1', 'PATCH', `/api/residents/${outsider.id}`, { version: 1, name: '改名' })).status).toBe(404);
    const [row] = await db.sql`select name from resident where id = ${outsider.id}`;
    expect(row!.name).toBe(outsider.name);
  });

  it('finds a resident in scope by full ID number', async () => {
    const [mine] = await db.sql`select r.id, r.id_number from resident r join household h on h.id = r.household_id
      join building b on b.id = h.building_id join grid g on g.code = ${leaderGrid} and ST_Intersects(g.geom, b.anchor)
      where r.id_number is not null limit 1`;
    const page = (await (await get('leader.furun1', `/api/residents?q=${mine!.id_number}`)).json()) as Page;
    expect(page.items.map((r) => r.id)).toEqual([Number(mine!.id)]);
  });

  it('refuses roles without residents.read with 403 and anonymous callers with 401', async () => {
    expect((await get('viewer', '/api/residents')).status).toBe(403);
    expect((await get('planner', '/api/residents')).status).toBe(403);
    expect((await app().request('/api/residents')).status).toBe(401);
  });
});

describe('masking, reveal and audit', () => {
  it('masks ID numbers and phones in lists and records', async () => {
    const page = (await (await get('manager.furun', '/api/residents?limit=20')).json()) as Page;
    const withId = page.items.find((r) => r.idNumber)!;
    expect(withId.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    for (const r of page.items) if (r.phone) expect(r.phone).toMatch(/^1\d{2}\*{4}\d{4}$|\*/);
    const [audit] = await db.sql`select count(*)::int as n from audit_log where action = 'residents.list'`;
    expect(audit!.n).toBeGreaterThan(0);
  });

  it('reveals only with personal.view and a reason, and audits who, which record, which fields and why', async () => {
    const page = (await (await get('manager.furun', '/api/residents?limit=5')).json()) as Page;
    const id = page.items.find((r) => r.idNumber)!.id;
    expect((await send('leader.furun1', 'POST', `/api/residents/${id}/reveal`, { fields: ['idNumber'], reason: '入户核查身份' })).status).toBe(403);
    const noReason = await send('manager.furun', 'POST', `/api/residents/${id}/reveal`, { fields: ['idNumber'], reason: '' });
    expect(noReason.status).toBe(400);
    const res = await send('manager.furun', 'POST', `/api/residents/${id}/reveal`, { fields: ['idNumber'], reason: '入户核查身份' });
    expect(res.status).toBe(200);
    const [raw] = await db.sql`select id_number from resident where id = ${id}`;
    expect(await res.json()).toEqual({ id, idNumber: raw!.id_number });
    const [log] = await db.sql`select a.fields, a.reason, u.username from audit_log a join app_user u on u.id = a.user_id
      where a.action = 'resident.reveal' and a.entity_id = ${id}`;
    expect(log).toMatchObject({ fields: ['idNumber'], reason: '入户核查身份', username: 'manager.furun' });
  });
});

describe('editing', () => {
  it('rejects an invalid ID number with 400 naming the field and changes nothing', async () => {
    const { id, version, name } = ((await (await get('leader.furun1', '/api/residents?limit=1')).json()) as Page).items[0]!;
    const res = await send('leader.furun1', 'PATCH', `/api/residents/${id}`, { version, name: '新名字', idNumber: '110108199001011235' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/idNumber.*check character/);
    const [row] = await db.sql`select name, version from resident where id = ${id}`;
    expect(row).toMatchObject({ name, version });
  });

  it('saves with the current version, then answers a stale edit with 409 and the current record', async () => {
    const { id, version } = ((await (await get('leader.furun1', '/api/residents?limit=1&offset=1')).json()) as Page).items[0]!;
    const first = await send('leader.furun1', 'PATCH', `/api/residents/${id}`, { version, phone: '13912345678', specialGroups: ['disabled'] });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ version: version + 1, phone: '139****5678', specialGroups: ['disabled'] });
    const stale = await send('assistant.furun1', 'PATCH', `/api/residents/${id}`, { version, phone: '13800000000' });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: 'version_conflict', details: { current: { version: version + 1 } } } });
    const [row] = await db.sql`select phone from resident where id = ${id}`;
    expect(row!.phone).toBe('13912345678');
  });

  it('needs the CSRF token and a known field', async () => {
    const { id, version } = ((await (await get('leader.furun1', '/api/residents?limit=1')).json()) as Page).items[0]!;
    expect((await send('leader.furun1', 'PATCH', `/api/residents/${id}`, { version, name: 'x' }, false)).status).toBe(403);
    expect((await send('leader.furun1', 'PATCH', `/api/residents/${id}`, { version, id_number: 'x' })).status).toBe(400);
    expect((await send('leader.furun1', 'PATCH', `/api/residents/${id}`, { version })).status).toBe(400);
  });
});

describe('one resident per ID number', () => {
  // a valid number of a fictional area, so no demo resident holds it
  const idNumber = (seq: string) => `99019919800101${seq}${idNumberChecksum(`99019919800101${seq}`)}`;
  const household = async () => Number((await db.sql`select h.id from household h join building b on b.id = h.building_id
    join grid g on g.code = ${leaderGrid} and ST_Intersects(g.geom, b.anchor) order by h.id limit 1`)[0]!.id);

  it('creates exactly one of 50 simultaneous identical residents; the others and a 51st get 409 duplicate_id_number', async () => {
    const body = { householdId: await household(), name: '重复者', idNumber: idNumber('991'), relation: 'other' };
    const answers = await Promise.all(Array.from({ length: 50 }, () => send('leader.furun1', 'POST', '/api/residents', body)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, ...Array(49).fill(409)]);
    const refused = answers.find((r) => r.status === 409)!;
    expect(await refused.json()).toEqual({ error: { code: 'duplicate_id_number', message: 'Another resident is already registered with this ID number',
      details: [{ field: 'idNumber', message: 'already registered to another resident' }] } });
    const late = await send('leader.furun1', 'POST', '/api/residents', { ...body, name: '又一个' });
    expect(late.status).toBe(409);
    expect((await db.sql`select count(*)::int n from resident where id_number = ${body.idNumber}`)[0]!.n).toBe(1);
  });

  it('refuses to give a resident another resident\'s number, lower-case x included', async () => {
    const householdId = await household();
    const taken = idNumber('909');
    expect(taken.endsWith('X')).toBe(true);
    expect((await send('leader.furun1', 'POST', '/api/residents', { householdId, name: '甲', idNumber: taken })).status).toBe(201);
    const other = (await (await send('leader.furun1', 'POST', '/api/residents', { householdId, name: '乙', idNumber: idNumber('995') })).json()) as { id: number; version: number };
    const res = await send('leader.furun1', 'PATCH', `/api/residents/${other.id}`, { version: other.version, idNumber: taken.toLowerCase() });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'duplicate_id_number' } });
    const [row] = await db.sql`select id_number, version from resident where id = ${other.id}`;
    expect(row).toEqual({ id_number: idNumber('995'), version: other.version });
  });
});
