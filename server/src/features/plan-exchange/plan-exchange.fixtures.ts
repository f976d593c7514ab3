/** Helpers shared by the plan file API tests: the Haidian demo, the planner's session, new drafts. */
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';

/** 静淑苑社区, the community the tests draft. */
export const JINGSHU = '110108010024';

/** Registers the file's database (demo data) and the planner's session; returns a request helper and a draft maker. */
export function planFileApi() {
  let db: TestDatabase;
  let session: { cookie: string; csrfToken: string };
  beforeAll(async () => {
    db = await createTestDatabase({ demo: true });
    const [u] = await db.sql`select id from app_user where username = 'planner'`;
    session = await createSession(db.sql, Number(u!.id));
  });
  afterAll(() => db.drop());

  const request = (method: string, path: string, body?: string | Uint8Array<ArrayBuffer>) => createApp({ sql: db.sql }).request(path, {
    method, body, headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken, 'Content-Type': 'application/json' },
  });
  /** A new draft of `code` (a community, or the street office), as the planner. */
  async function draft(code = JINGSHU) {
    const [j] = await db.sql`select id from jurisdiction where code = ${code}`;
    const res = await request('POST', '/api/plans', JSON.stringify({ jurisdictionId: Number(j!.id) }));
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number; version: number };
  }
  return { request, draft, sql: () => db.sql };
}
