import type { Sql } from 'postgres';
import type { Scope } from '../auth/scope.repo.ts';

/**
 * SQL condition: the worker `userId` (an expression) holds a role inside `scope` — a jurisdiction at or
 * below a granted code, or a grid whose code lies under a granted code or is itself granted (grid codes
 * begin with their community's code). An empty scope matches nothing.
 */
export function workerInScope(sql: Sql, scope: Scope, userId: ReturnType<Sql>) {
  const prefixes = scope.prefixes.map((p) => `${p}%`);
  return sql`exists (
    select 1 from role_assignment wa left join jurisdiction wj on wj.id = wa.jurisdiction_id
    where wa.user_id = ${userId} and (
      wj.code like any(${prefixes}::text[])
      or exists (select 1 from unnest(wa.grid_codes) wg where wg like any(${prefixes}::text[]) or wg = any(${scope.gridCodes}::text[]))))`;
}
