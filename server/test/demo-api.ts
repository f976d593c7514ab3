import { afterAll, beforeAll } from 'vitest';
import { signedInSender } from './api.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

/** What a test file over the demo gets: its own database copy and a sender signed in as any demo account. */
export interface DemoApi {
  db: TestDatabase;
  send: Awaited<ReturnType<typeof signedInSender>>;
}

/** Opens a fresh demo database before the file's tests and drops it after them. */
export function useDemoApi(): DemoApi {
  const ctx = {} as DemoApi;
  beforeAll(async () => {
    ctx.db = await createTestDatabase({ demo: true });
    ctx.send = await signedInSender(ctx.db.sql);
  });
  afterAll(() => ctx.db.drop());
  return ctx;
}
