import type { Sql, TransactionSql } from 'postgres';

/**
 * Runs statements planned for the values they are given. postgres.js prepares every statement, and after five runs
 * PostgreSQL may keep a generic plan that knows none of the values; for queries whose best plan depends on them (a
 * window of days, a tile's key range: measured on the heatmap and the indicators, where the generic plan took a lossy
 * BRIN bitmap over a month of the heap, 2–4× slower) this asks for a custom plan every time, in a transaction of its own.
 */
export function withCustomPlans<T>(sql: Sql, run: (tx: TransactionSql) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    const [, result] = await Promise.all([tx`set local plan_cache_mode = force_custom_plan`, run(tx)]);
    return result;
  }) as Promise<T>;
}
