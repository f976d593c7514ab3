/**
 * The incident list's page and total on a table of millions of cases. The scope is split in two: the cases
 * under the caller's jurisdiction prefixes (one LIKE per prefix, which a btree range serves) and the few
 * beyond them the caller reaches otherwise (their grids, departments, own reports, followed cases). Each
 * part is taken from its own indexes; the page takes the first rows of each part in the list's order (an
 * index walk for the default sort) and joins names onto those rows only; the total stops counting at a
 * cap. The same cases as `filterSql`, faster (bench/incidents, migration 016).
 */
import type { PendingQuery, Row, Sql } from 'postgres';
import type { ListQuery } from './incidents.schema.ts';
import { FROM_JOINS, SELECT_COLUMNS, filterConditions, toRecord, type IncidentRecord, type IncidentScope } from './incidents.repo.ts';

/** The two parts of a scope: under its prefixes, and reached otherwise but not under them. */
export function scopeParts(sql: Sql, scope: IncidentScope) {
  const prefixes = scope.prefixes.length
    ? scope.prefixes.map((p) => sql`i.community_code like ${`${p}%`}`).reduce((a, b) => sql`${a} or ${b}`)
    : sql`false`;
  const reached = sql`(i.grid_code = any(${scope.gridCodes}::text[])
    or i.department_id = any(${scope.departmentIds}::bigint[])
    or i.reporter_user_id = ${scope.userId}
    or i.id = any(array(select f.incident_id from incident_follower f where f.user_id = ${scope.userId})))`;
  return { under: sql`(${prefixes})`, beyond: sql`not (${prefixes}) and ${reached}` };
}

/** The ORDER BY of each sort (the same for the page, its parts and the export). */
export const orderOf = (sql: Sql, sort: ListQuery['sort']) => ({
  reported_desc: sql`i.reported_at desc, i.id desc`,
  reported_asc: sql`i.reported_at, i.id`,
  due_asc: sql`i.due_at nulls last, i.id`,
  updated_desc: sql`i.updated_at desc, i.id desc`,
})[sort];

/**
 * Totals are counted exactly up to this many cases; past it the list says "at least" (totalExact false), as
 * counting a county's million cases on every page would cost more than the page itself. Indicators count
 * exactly (GET /api/incidents/stats).
 */
export const LIST_TOTAL_CAP = 10_000;

/** A page of cases in scope with the filters, and the total (exact up to LIST_TOTAL_CAP). */
export async function listIncidents(
  sql: Sql, scope: IncidentScope, f: ListQuery, now: Date, cap = LIST_TOTAL_CAP,
): Promise<{ items: IncidentRecord[]; total: number; totalExact: boolean }> {
  const filters = filterConditions(sql, scope, f, now);
  const { under, beyond } = scopeParts(sql, scope);
  const order = orderOf(sql, f.sort);
  const limit = f.limit ?? 50;
  const offset = f.offset ?? 0;
  const part = (where: PendingQuery<Row[]>) => sql`(select i.* from incident i where ${where} and ${filters} order by ${order} limit ${limit + offset})`;
  const [rows, [count]] = await sql.begin(async (tx) => {
    // a cached generic plan cannot turn a LIKE on a parameter into an index range, nor match the partial
    // indexes on open cases: it scanned for seconds where each plan made for its values takes milliseconds
    await tx`set local plan_cache_mode = force_custom_plan`;
    const page = await tx`select ${SELECT_COLUMNS(tx)} ${FROM_JOINS(tx, tx`(${part(under)} union all ${part(beyond)})`)}
      order by ${order} limit ${limit} offset ${offset}`;
    const total = await tx`select count(*)::int as n from (
      (select 1 from incident i where ${under} and ${filters} limit ${cap + 1})
      union all (select 1 from incident i where ${beyond} and ${filters} limit ${cap + 1})) x`;
    return [page, total] as const;
  });
  const n = Number(count!.n);
  return { items: rows.map(toRecord), total: Math.min(n, cap), totalExact: n <= cap };
}
