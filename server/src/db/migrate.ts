import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sql } from 'postgres';

/** A migration that failed: names the file and carries PostgreSQL's message. */
export class MigrationError extends Error {
  constructor(readonly file: string, cause: unknown) {
    super(`migration ${file} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'MigrationError';
  }
}

export const migrationsDir = join(import.meta.dirname, '..', '..', '..', 'data', 'migrations');

/** Applies forward-only SQL migrations in name order, each in its own transaction; returns the files applied. */
export async function migrate(sql: Sql, dir = migrationsDir): Promise<string[]> {
  await sql`create table if not exists schema_migration (
    name text primary key, applied_at timestamptz not null default now())`.execute();
  const files = readdirSync(dir).filter((f) => /^\d+_.*\.sql$/.test(f)).sort();
  const done = new Set((await sql<{ name: string }[]>`select name from schema_migration`).map((r) => r.name));
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    try {
      await sql.begin(async (tx) => {
        // serialise concurrent starters; the second one finds the row and skips
        await tx`select pg_advisory_xact_lock(hashtext('wangge.migrate'))`;
        const [already] = await tx`select 1 from schema_migration where name = ${file}`;
        if (already) return;
        await tx.unsafe(text);
        await tx`insert into schema_migration (name) values (${file})`;
        applied.push(file);
      });
    } catch (err) {
      throw new MigrationError(file, err);
    }
  }
  return applied;
}
