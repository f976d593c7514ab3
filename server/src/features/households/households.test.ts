import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';

// Households and new residents over the Haidian demo, as the 富润 grid leader and community manager.
let db: TestDatabase;
const as: Record<string, { cookie: string; csrfToken: string }> = {};
let leaderBuilding: number;
let communityBuilding: number; // in 富润社区 but outside the leader's grid
let foreignBuilding: number; // in another community

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  for (const u of await db.sql`select id, username from app_user`) as[u.username] = await createSession(db.sql, Number(u.id));
  const [g] = await db.sql`select r.grid_codes[1] as code from role_assignment r join app_user u on u.id = r.user_id where u.username = 'leader.furun1'`;
  const inGrid = await db.sql`select b.id from building b join grid g on g.code = ${g!.code} and ST_Intersects(g.geom, b.anchor) order by b.id`;
  leaderBuilding = Number(inGrid[0]!.id);
  const [c] = await db.sql`select b.id from building b join jurisdiction j on j.id = b.community_id
    where j.code = '110108010031' and b.id <> all(${inGrid.map((r) => Number(r.id))}) order by b.id limit 1`;
  communityBuilding = Number(c!.id);
  const [f] = await db.sql`select b.id from building b join jurisdiction j on j.id = b.community_id where j.code <> '110108010031' limit 1`;
  foreignBuilding = Number(f!.id);
});
afterAll(() => db.drop());

const send = (who: string, method: string, path: string, body: unknown) =>
  createApp({ sql: db.sql }).request(path, {
    method, body: JSON.stringify(body),
    headers: { Cookie: as[who]!.cookie, 'X-CSRF-Token': as[who]!.csrfToken, 'Content-Type': 'application/json' },
  });

describe('households', () => {
  it('adds a household and a resident in scope, and refuses a building outside it', async () => {
    const res = await send('leader.furun1', 'POST', '/api/households', { buildingId: leaderBuilding, entrance: 2, room: 'B1203' });
    expect(res.status).toBe(201);
    const h = (await res.json()) as { id: number; version: number };
    const r = await send('leader.furun1', 'POST', '/api/residents', { householdId: h.id, name: '张新', phone: '13912340000', relation: 'head' });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ name: '张新', phone: '139****0000', household: { id: h.id, room: 'B1203', version: h.version } });
    const out = await send('leader.furun1', 'POST', '/api/households', { buildingId: communityBuilding, room: 'B101' });
    expect(out.status).toBe(400);
    expect(await out.json()).toMatchObject({ error: { code: 'building_out_of_scope' } });
  });

  it('moves a household between buildings in scope, refuses targets outside it, and catches stale versions', async () => {
    const h = (await (await send('manager.furun', 'POST', '/api/households', { buildingId: leaderBuilding, room: 'B501' })).json()) as { id: number; version: number };
    const moved = await send('manager.furun', 'PATCH', `/api/households/${h.id}`, { version: h.version, buildingId: communityBuilding });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ buildingId: communityBuilding, version: h.version + 1 });
    const stale = await send('manager.furun', 'PATCH', `/api/households/${h.id}`, { version: h.version, room: 'B502' });
    expect(stale.status).toBe(409);
    const away = await send('manager.furun', 'PATCH', `/api/households/${h.id}`, { version: h.version + 1, buildingId: foreignBuilding });
    expect(away.status).toBe(400);
    // now outside the leader's grid: the leader can no longer see or edit it
    expect((await send('leader.furun1', 'PATCH', `/api/households/${h.id}`, { version: h.version + 1, room: 'B9' })).status).toBe(404);
    const [row] = await db.sql`select building_id, room, version from household where id = ${h.id}`;
    expect(row).toMatchObject({ room: 'B501', version: h.version + 1 });
    expect(Number(row!.building_id)).toBe(communityBuilding);
    const [log] = await db.sql`select details from audit_log where action = 'household.move' and entity_id = ${h.id}`;
    expect(log!.details).toMatchObject({ fromBuilding: leaderBuilding, toBuilding: communityBuilding });
  });
});

describe('one household per flat', () => {
  it('creates exactly one of 50 simultaneous identical households; the others and a 51st written differently get 409 duplicate_household', async () => {
    const body = { buildingId: leaderBuilding, entrance: 3, room: 'B2101' };
    const answers = await Promise.all(Array.from({ length: 50 }, () => send('leader.furun1', 'POST', '/api/households', body)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, ...Array(49).fill(409)]);
    expect(await answers.find((r) => r.status === 409)!.json()).toMatchObject({ error: { code: 'duplicate_household', details: [{ field: 'room' }] } });
    // full-width digits, lower case and spaces name the same flat
    const late = await send('leader.furun1', 'POST', '/api/households', { ...body, room: ' b２１０1 ' });
    expect(late.status).toBe(409);
    const [n] = await db.sql`select count(*)::int n from household where building_id = ${leaderBuilding} and entrance = 3 and upper(room) like '%2101'`;
    expect(n!.n).toBe(1);
    expect((await send('leader.furun1', 'POST', '/api/households', { ...body, entrance: 4 })).status).toBe(201);
  });

  it('refuses to move or renumber a household onto an occupied flat', async () => {
    expect((await send('manager.furun', 'POST', '/api/households', { buildingId: communityBuilding, room: 'B3101' })).status).toBe(201);
    const h = (await (await send('manager.furun', 'POST', '/api/households', { buildingId: leaderBuilding, room: 'B3101' })).json()) as { id: number; version: number };
    const moved = await send('manager.furun', 'PATCH', `/api/households/${h.id}`, { version: h.version, buildingId: communityBuilding });
    expect(moved.status).toBe(409);
    expect(await moved.json()).toMatchObject({ error: { code: 'duplicate_household' } });
    const [row] = await db.sql`select building_id, version from household where id = ${h.id}`;
    expect(row).toEqual({ building_id: String(leaderBuilding), version: h.version });
    const next = (await (await send('manager.furun', 'POST', '/api/households', { buildingId: leaderBuilding, room: 'B3102' })).json()) as { id: number; version: number };
    const renumbered = await send('manager.furun', 'PATCH', `/api/households/${next.id}`, { version: next.version, room: 'b3101' });
    expect(renumbered.status).toBe(409);
    expect(await renumbered.json()).toMatchObject({ error: { code: 'duplicate_household' } });
  });
});

describe('export', () => {
  it('exports only the scope, masked, as CSV with a BOM, and audits it', async () => {
    const res = await createApp({ sql: db.sql }).request('/api/residents/export', { headers: { Cookie: as['leader.furun1']!.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs (text() would strip it)
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('网格名称,网格编码')).toBe(true);
    const lines = text.trim().split('\r\n').slice(1);
    const [g] = await db.sql`select r.grid_codes[1] as code from role_assignment r join app_user u on u.id = r.user_id where u.username = 'leader.furun1'`;
    expect(lines.length).toBeGreaterThan(10);
    const cols = lines.map((l) => l.split(','));
    expect(cols.every((c) => c[1] === g!.code)).toBe(true);
    expect(cols.every((c) => c[10] === '' || /^\d{4}\*{10}[\dX]{4}$/.test(c[10]!))).toBe(true); // ID numbers masked
    expect(cols.every((c) => c[11] === '' || /^\d{3}\*{4}\d{4}$/.test(c[11]!))).toBe(true); // phones masked
    expect(cols.some((c) => c[10] !== '')).toBe(true);
    const [log] = await db.sql`select details from audit_log where action = 'residents.export' order by id desc limit 1`;
    expect(log!.details).toMatchObject({ count: lines.length });
  });
});
