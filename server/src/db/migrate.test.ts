import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { migrate, MigrationError, migrationsDir } from './migrate.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wangge-migrations-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('migrate', () => {
  it('has applied the project migrations to the template, and a second run changes nothing', async () => {
    expect(await migrate(db.sql, migrationsDir)).toEqual([]);
    const rows = await db.sql`select name from schema_migration order by name`;
    expect(rows.map((r) => r.name)).toContain('001_foundation.sql');
  });

  it('applies new files in name order and records them once', async () => {
    const dir = dirWith({
      '101_b.sql': 'insert into probe (v) values (2);',
      '100_a.sql': 'create table probe (v int);',
      'README.md': 'not a migration',
    });
    expect(await migrate(db.sql, dir)).toEqual(['100_a.sql', '101_b.sql']);
    expect(await migrate(db.sql, dir)).toEqual([]);
    expect((await db.sql`select v from probe`).map((r) => r.v)).toEqual([2]);
  });

  it('rolls a failing file back whole and names it with PostgreSQL\'s message', async () => {
    const dir = dirWith({
      '200_ok.sql': 'create table keeps (v int);',
      '201_bad.sql': 'create table half (v int); insert into half values (1); select * from no_such_table;',
    });
    const err = await migrate(db.sql, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).file).toBe('201_bad.sql');
    expect((err as Error).message).toMatch(/201_bad\.sql.*no_such_table/);
    const [half] = await db.sql`select to_regclass('half') as t`;
    expect(half!.t).toBeNull();
    const names = (await db.sql`select name from schema_migration`).map((r) => r.name);
    expect(names).toContain('200_ok.sql');
    expect(names).not.toContain('201_bad.sql');
  });
});
