import { randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import { inject } from 'vitest';
import { openSql } from '../src/db/connect.ts';
import { DEMO_TEMPLATE, EMPTY_TEMPLATE, withDb } from './templates.ts';


/** A private database for one test file, copied from a template. */
export interface TestDatabase {
  sql: Sql;
  url: string;
  name: string;
  drop: () => Promise<void>;
}


/** Copies the migrated template (or the one with the Haidian demo loaded) into a fresh database. */
export async function createTestDatabase(opts: { demo?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = openSql(withDb(adminUrl, 'postgres'), 1);
  await admin.unsafe(`create database ${name} template ${opts.demo ? DEMO_TEMPLATE : EMPTY_TEMPLATE}`);
  const url = withDb(adminUrl, name);
  const sql = openSql(url, 4);
  return {
    sql,
    url,
    name,
    drop: async () => {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
