import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { json, signedInSender } from '../../../test/api.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';
import { NEW_CITY_FILES, S, X0 } from '../../../test/new-city.ts';

// A street office anywhere, from files to a published plan over HTTP only (issue 9's "done when"):
// the admin adds 浦东新区 and 潍坊新村街道, imports two communities, their buildings and roads,
// grants a planner; the planner drafts, plans automatically, accepts, submits; the admin approves
// and publishes. No server access, no demo data involved.
let db: TestDatabase;
let send: Awaited<ReturnType<typeof signedInSender>>;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  send = await signedInSender(db.sql);
});
afterAll(() => db.drop());

async function upload(kind: string, body: string, query = '') {
  const [u] = await db.sql`select id from app_user where username = 'admin'`;
  const s = await createSession(db.sql, Number(u!.id));
  return createApp({ sql: db.sql }).request(`/api/imports/${kind}?jurisdiction=310115004&crs=wgs84${query}`, {
    method: 'POST', body, headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrfToken, 'Content-Type': 'application/geo+json' },
  });
}

describe('a new street office, from files to a published plan', () => {
  it('goes all the way over the API', async () => {
    expect((await send('admin', 'POST', '/api/jurisdictions', { code: '310115', name: '浦东新区', level: 'county' })).status).toBe(201);
    expect((await send('admin', 'POST', '/api/jurisdictions', { code: '310115004', name: '潍坊新村街道', level: 'town', parentCode: '310115' })).status).toBe(201);
    for (const kind of ['jurisdictions', 'buildings', 'roads'] as const) {
      const res = await upload(kind, JSON.stringify(NEW_CITY_FILES[kind]));
      expect(res.status, `${kind}: ${await res.clone().text()}`).toBe(200);
    }
    const [town] = await db.sql`select id from jurisdiction where code = '310115004'`;
    const setup = await json<{ steps: { key: string; done: boolean }[] }>(await send('admin', 'GET', `/api/jurisdictions/${town!.id}/setup`));
    expect(Object.fromEntries(setup.steps.map((s) => [s.key, s.done]))).toMatchObject({ boundary: true, communities: true, buildings: true, roads: true, plan: false });

    const created = await send('admin', 'POST', '/api/admin/users', {
      username: 'planner.weifang', displayName: '潍坊规划员', password: 'Weifang-plan-2026', grants: [{ role: 'planner', jurisdictionId: Number(town!.id) }],
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const login = await createApp({ sql: db.sql }).request('/api/auth/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'planner.weifang', password: 'Weifang-plan-2026' }),
    });
    expect(login.status).toBe(200);
    const planner = await signedInSender(db.sql);
    // the planner's map opens on the new street office (its communities' outlines), not on Haidian
    const { bounds } = await json<{ bounds: number[] }>(await planner('planner.weifang', 'GET', '/api/map'));
    expect(bounds[0]).toBeCloseTo(X0, 3);
    expect(bounds[2]).toBeCloseTo(X0 + 2 * S, 3);

    const [community] = await db.sql`select id from jurisdiction where code = '310115004001'`;
    const draft = await json<{ id: number; version: number }>(await planner('planner.weifang', 'POST', '/api/plans', { jurisdictionId: Number(community!.id) }));
    const auto = await planner('planner.weifang', 'POST', `/api/plans/${draft.id}/auto`, { jurisdictionId: Number(community!.id), alternatives: 2 });
    expect(auto.status, await auto.clone().text()).toBe(201);
    const proposal = await json<{ proposalId: number; alternatives: { grids: { households: number }[] }[] }>(auto);
    expect(proposal.alternatives[0]!.grids.map((g) => g.households).reduce((a, b) => a + b, 0)).toBe(600);
    const accepted = await planner('planner.weifang', 'POST', `/api/plans/${draft.id}/proposals/${proposal.proposalId}/accept`, { alternative: 0, version: draft.version });
    expect(accepted.status).toBe(200);
    const plan = await json<{ plan: { version: number }; validation: { publishable: boolean; summary: { hardProblems: number; inBand: number; grids: number } } }>(
      await planner('planner.weifang', 'GET', `/api/plans/${draft.id}`));
    expect(plan.validation.summary.hardProblems).toBe(0);
    expect(plan.validation.summary.inBand).toBe(plan.validation.summary.grids);
    expect(plan.validation.publishable).toBe(true);
    expect((await planner('planner.weifang', 'POST', `/api/plans/${draft.id}/submit`, { version: plan.plan.version })).status).toBe(200);
    const approve = await send('admin', 'POST', `/api/plans/${draft.id}/approve`, { version: plan.plan.version + 1 });
    expect(approve.status, await approve.clone().text()).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const publish = await send('admin', 'POST', `/api/plans/${draft.id}/publish`, { version: plan.plan.version + 2, validFrom: today });
    expect(publish.status, await publish.clone().text()).toBe(200);
    const [p] = await db.sql`select status from grid_plan where id = ${draft.id}`;
    expect(p!.status).toBe('published');
  }, 120_000);
});
