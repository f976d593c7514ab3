import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app.ts';
import { ROLES } from '../../server/src/features/auth/permissions.domain.ts';
import { createTestDatabase, type TestDatabase } from '../../server/test/db.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoAccounts } from './accounts.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
});
afterAll(() => db.drop());

describe('demo accounts', () => {
  it('cover every role', () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(ROLES));
  });

  it('exist once in the demo with real scopes, and a second load adds nothing', async () => {
    expect((await loadDemoAccounts(db.sql)).loaded).toBe(false);
    const rows = await db.sql`
      select u.username, r.role, j.code, r.grid_codes from app_user u join role_assignment r on r.user_id = u.id
      left join jurisdiction j on j.id = r.jurisdiction_id order by u.username`;
    expect(rows).toHaveLength(DEMO_ACCOUNTS.length);
    const leader = rows.find((r) => r.username === 'leader.furun1')!;
    expect(leader.grid_codes).toHaveLength(1);
    expect(leader.grid_codes[0]).toMatch(/^110108010031\d{3}$/);
    expect(rows.find((r) => r.username === 'supervisor')!.grid_codes).toHaveLength(3);
    expect(rows.find((r) => r.username === 'manager.furun')!.code).toBe('110108010031');
  });

  it('sign in with the README password', async () => {
    const res = await createApp({ sql: db.sql }).request('/api/auth/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'leader.furun1', password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ roles: [{ role: 'grid_leader' }] });
  });
});
