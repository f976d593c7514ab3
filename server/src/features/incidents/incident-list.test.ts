import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { listIncidents, orderOf } from './incident-list.repo.ts';
import { filterSql, type IncidentScope } from './incidents.repo.ts';
import { listQuery } from './incidents.schema.ts';

// The list's split scope and capped total against the plain WHERE (filterSql) it replaces, on the demo's
// ~600 cases, for callers who see cases in every way a scope allows.
let db: TestDatabase;
let now: Date;
const scopes: Record<string, IncidentScope> = {};

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  const [ds] = await db.sql`select details from dataset where name = 'demo-incident-history'`;
  now = new Date(ds!.details.now);
  const user = async (name: string) => Number((await db.sql`select id from app_user where username = ${name}`)[0]!.id);
  const [leaderGrid] = await db.sql`select r.grid_codes from role_assignment r join app_user u on u.id = r.user_id where u.username = 'leader.furun1'`;
  const [dept] = await db.sql`select m.department_id from department_member m join app_user u on u.id = m.user_id where u.username = 'dept.chengguan'`;
  const manager = await user('manager.furun');
  // the manager follows two cases of another community and reported one there: they are beyond the prefix
  const [a, b] = await db.sql`select id from incident where community_code <> '110108010031' order by id limit 2`;
  await db.sql`insert into incident_follower (incident_id, user_id) values (${a!.id}, ${manager}), (${b!.id}, ${manager})`;
  await db.sql`update incident set reporter_user_id = ${manager} where id = (select id from incident where community_code = '110108010019' order by id desc limit 1)`;
  scopes.commander = { userId: await user('commander'), prefixes: ['110108010'], gridCodes: [], departmentIds: [] };
  scopes.manager = { userId: manager, prefixes: ['110108010031'], gridCodes: [], departmentIds: [] };
  scopes.leader = { userId: await user('leader.furun1'), prefixes: [], gridCodes: leaderGrid!.grid_codes, departmentIds: [] };
  scopes.department = { userId: await user('dept.chengguan'), prefixes: [], gridCodes: [], departmentIds: [Number(dept!.department_id)] };
  scopes.nobody = { userId: -1, prefixes: [], gridCodes: [], departmentIds: [] };
});
afterAll(() => db.drop());

async function reference(scope: IncidentScope, q: Record<string, string>) {
  const f = listQuery.parse(q);
  const where = filterSql(db.sql, scope, f, now);
  const rows = await db.sql`select i.id from incident i where ${where} order by ${orderOf(db.sql, f.sort)} limit ${f.limit ?? 50} offset ${f.offset ?? 0}`;
  const [n] = await db.sql`select count(*)::int as n from incident i where ${where}`;
  return { ids: rows.map((r) => Number(r.id)), total: n!.n };
}

const QUERIES: Record<string, string>[] = [
  {}, { status: 'accepted,dispatched,handling,fed_back', sort: 'due_asc' }, { overdue: 'true', sort: 'due_asc' }, { overdue: 'false', limit: '200' },
  { category: '05' }, { category: '0102', sort: 'reported_asc' }, { jurisdiction: '110108010019' }, { jurisdiction: '110108010', status: 'closed,evaluated' },
  { from: '2026-10-01', to: '2026-11-01', sort: 'updated_desc' }, { source: 'hotline' }, { mine: 'true' }, { q: '垃圾' }, { offset: '30', limit: '20' },
];

describe('the incident list', () => {
  it('gives the same page and total as the plain scope and filters, for every kind of scope', async () => {
    for (const [who, scope] of Object.entries(scopes)) {
      for (const q of QUERIES) {
        const got = await listIncidents(db.sql, scope, listQuery.parse(q), now);
        const want = await reference(scope, q);
        expect({ ids: got.items.map((i) => i.id), total: got.total }, `${who} ${JSON.stringify(q)}`).toEqual(want);
        expect(got.totalExact).toBe(true);
      }
    }
  });

  it('reaches cases beyond the prefixes only through grids, departments, own reports and follows', async () => {
    const all = await listIncidents(db.sql, scopes.manager!, listQuery.parse({ limit: '200' }), now);
    const outside = all.items.filter((i) => i.community.code !== '110108010031');
    expect(outside).toHaveLength(3);
    expect((await listIncidents(db.sql, scopes.nobody!, listQuery.parse({}), now)).total).toBe(0);
  });

  it('stops counting at the cap and says the total is a lower bound', async () => {
    const [n] = await db.sql`select count(*)::int as n from incident where community_code like '110108010%'`;
    const capped = await listIncidents(db.sql, scopes.commander!, listQuery.parse({}), now, 100);
    expect(n!.n).toBeGreaterThan(100);
    expect([capped.total, capped.totalExact, capped.items.length]).toEqual([100, false, 50]);
    const exact = await listIncidents(db.sql, scopes.commander!, listQuery.parse({ status: 'ledger' }), now, 100);
    expect(exact.totalExact).toBe(true);
    expect(exact.total).toBe((await reference(scopes.commander!, { status: 'ledger' })).total);
  });
});
