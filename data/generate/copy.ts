/** Streaming COPY into PostgreSQL through postgres.js, and identity ranges reserved up front. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TransactionSql as Sql } from 'postgres';

const CHUNK_CHARS = 256 * 1024;

// one socket write per line would dominate the cost; batch lines into ~256 KB strings
function* batched(lines: Iterable<string>): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const line of lines) {
    parts.push(line);
    size += line.length;
    if (size >= CHUNK_CHARS) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield parts.join('');
}

/** COPYs text-format lines into `table (columns)`; respects backpressure. Returns the number of lines. */
export async function copyInto(sql: Sql, table: string, columns: readonly string[], lines: Iterable<string>): Promise<number> {
  let count = 0;
  const counted = function* () {
    for (const line of lines) {
      count += 1;
      yield line;
    }
  };
  const target = await sql`copy ${sql(table)} (${sql(columns as string[])}) from stdin`.writable();
  await pipeline(Readable.from(batched(counted())), target);
  return count;
}

/**
 * Reserves `n` consecutive ids from a table's identity sequence and returns the first, so
 * rows and the rows that reference them can be streamed with COPY without a round trip each.
 * The table lock (held to the end of the transaction) keeps other writers out of the range.
 */
export async function reserveIds(sql: Sql, table: string, n: number): Promise<number> {
  await sql`lock table ${sql(table)} in share row exclusive mode`;
  const [row] = await sql<{ last: string }[]>`
    select setval(s, nextval(s) + ${Math.max(n, 1)} - 1) as last
    from pg_get_serial_sequence(${table}, 'id') as s`;
  return Number(row!.last) - Math.max(n, 1) + 1;
}
