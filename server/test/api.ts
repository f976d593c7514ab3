import type { Sql } from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../src/app.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { createSession } from './factories.ts';

/** Signs every account of the database in and returns a JSON request helper acting as any of them. */
export async function signedInSender(sql: Sql) {
  const as: Record<string, { cookie: string; csrfToken: string }> = {};
  for (const u of await sql`select id, username from app_user`) as[u.username] = await createSession(sql, Number(u.id));
  return (who: string, method: string, path: string, body?: unknown) =>
    createApp({ sql }).request(path, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { Cookie: as[who]!.cookie, 'X-CSRF-Token': as[who]!.csrfToken, 'Content-Type': 'application/json' },
    });
}

/** The JSON body of a response, typed by the caller. */
export const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;

/**
 * A test file's own copy of the demo database with every account signed in: created before its
 * tests, dropped after them. Read `db` and `send` inside tests, not at import time.
 */
export function demoWithSessions() {
  const ctx = {} as { db: TestDatabase; send: Awaited<ReturnType<typeof signedInSender>> };
  beforeAll(async () => {
    ctx.db = await createTestDatabase({ demo: true });
    ctx.send = await signedInSender(ctx.db.sql);
  });
  afterAll(() => ctx.db.drop());
  return ctx;
}
