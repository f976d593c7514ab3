import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signedInSender } from '../../../test/api.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';

// Drafts can be deleted by their author or a reviewer above, and every plan action is audited (issue 9, point 7).
const FURUN = '110108010031';
let db: TestDatabase;
let send: Awaited<ReturnType<typeof signedInSender>>;
let furunId: number;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  send = await signedInSender(db.sql);
  furunId = Number((await db.sql`select id from jurisdiction where code = ${FURUN}`)[0]!.id);
});
afterAll(() => db.drop());

async function draft(who: string) {
  const res = await send(who, 'POST', '/api/plans', { jurisdictionId: furunId });
  expect(res.status).toBe(201);
  return json<{ id: number; version: number }>(res);
}
const audits = async (planId: number) =>
  (await db.sql`select a.action, u.username from audit_log a join app_user u on u.id = a.user_id
    where a.entity = 'plan' and a.entity_id = ${planId} order by a.id`).map((r) => `${r.username}:${r.action}`);

describe('deleting drafts', () => {
  it('the author deletes their draft with its grids and log; stale versions and others are refused', async () => {
    const d = await draft('manager.furun');
    const grids = (await db.sql`select count(*)::int as n from grid where plan_id = ${d.id}`)[0]!.n;
    expect(grids).toBeGreaterThan(0);
    expect((await send('manager.furun', 'DELETE', `/api/plans/${d.id}`, { version: d.version + 1 })).status).toBe(409);
    // the planner of the street office reviews from above: allowed; the officer of the community may not even plan
    expect((await send('officer.furun', 'DELETE', `/api/plans/${d.id}`, { version: d.version })).status).toBe(403);
    expect((await send('manager.furun', 'DELETE', `/api/plans/${d.id}`, { version: d.version })).status).toBe(204);
    expect((await db.sql`select count(*)::int as n from grid where plan_id = ${d.id}`)[0]!.n).toBe(0);
    expect((await send('manager.furun', 'GET', `/api/plans/${d.id}`)).status).toBe(404);
    expect(await audits(d.id)).toEqual(['manager.furun:plan.create', 'manager.furun:plan.delete']);
  });

  it('a reviewer above may delete someone else\'s draft; a peer who did not write it may not; published plans stay', async () => {
    const d = await draft('manager.furun');
    const [other] = await db.sql`insert into app_user (username, display_name) values ('manager2.furun', '第二位书记') returning id`;
    await db.sql`insert into role_assignment (user_id, role, jurisdiction_id) values (${other!.id}, 'community_manager', ${furunId})`;
    const peer = await signedInSender(db.sql);
    expect((await peer('manager2.furun', 'DELETE', `/api/plans/${d.id}`, { version: d.version })).status).toBe(403);
    expect((await send('planner', 'DELETE', `/api/plans/${d.id}`, { version: d.version })).status).toBe(204);
    const [published] = await db.sql`select id, version from grid_plan where status = 'published' limit 1`;
    const res = await send('admin', 'DELETE', `/api/plans/${published!.id}`, { version: published!.version });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ error: { code: 'plan_status_conflict' } });
  });
});

describe('the audit log of plans', () => {
  it('records each plan write once, with who and which plan; reads and refusals are not writes', async () => {
    const d = await draft('planner');
    const [g] = await db.sql`select code from grid where plan_id = ${d.id} and code like ${`${FURUN}%`} order by code limit 1`;
    expect((await send('planner', 'POST', `/api/plans/${d.id}/comments`, { body: '请核对边界', gridCode: g!.code })).status).toBe(201);
    expect((await send('planner', 'PATCH', `/api/plans/${d.id}/grids/${g!.code}`, { version: d.version, locked: true })).status).toBe(200);
    expect((await send('planner', 'PATCH', `/api/plans/${d.id}/grids/${g!.code}`, { version: 1, locked: false })).status).toBe(409);
    expect((await send('planner', 'GET', `/api/plans/${d.id}`)).status).toBe(200);
    expect(await audits(d.id)).toEqual(['planner:plan.create', 'planner:plan.comment', 'planner:plan.grid.update']);
  });
});
