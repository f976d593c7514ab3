import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { DEFAULT_STATEMENT_TIMEOUT_MS, openSql, statementTimeoutFromEnv } from './connect.ts';

// Issue 8, point 5: the database stops a request's statement that runs too long, instead of going
// on after the client gave up.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('statement timeout', () => {
  it('is 30 s unless WANGGE_STATEMENT_TIMEOUT_MS says otherwise (0 = none), and refuses nonsense', () => {
    expect(statementTimeoutFromEnv({})).toBe(DEFAULT_STATEMENT_TIMEOUT_MS);
    expect(DEFAULT_STATEMENT_TIMEOUT_MS).toBe(30_000);
    expect(statementTimeoutFromEnv({ WANGGE_STATEMENT_TIMEOUT_MS: '5000' })).toBe(5000);
    expect(statementTimeoutFromEnv({ WANGGE_STATEMENT_TIMEOUT_MS: '0' })).toBe(0);
    expect(() => statementTimeoutFromEnv({ WANGGE_STATEMENT_TIMEOUT_MS: '5s' })).toThrow(/whole number/);
  });

  it('cancels a statement of the app pool on the server, and nothing is left running', async () => {
    const sql = openSql(db.url, 1, { statementTimeoutMs: 200 });
    try {
      const started = Date.now();
      const err = await sql`select pg_sleep(5), 'wangge-timeout-probe'`.catch((e: { code?: string }) => e);
      expect((err as { code?: string }).code).toBe('57014');
      expect(Date.now() - started).toBeLessThan(4000);
      const running = await db.sql`select count(*)::int as n from pg_stat_activity
        where query like '%wangge-timeout-probe%' and state = 'active' and pid <> pg_backend_pid()`;
      expect(running[0]!.n).toBe(0);
      // the connection is still usable
      expect((await sql`select 1 as one`)[0]!.one).toBe(1);
    } finally {
      await sql.end();
    }
    // a pool opened without the option (migrations, the demo load) has no limit
    const free = openSql(db.url, 1);
    expect((await free`show statement_timeout`)[0]!.statement_timeout).toBe('0');
    await free.end();
  });
});
