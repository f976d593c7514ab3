import type { Sql } from 'postgres';
import { hashPassword } from '../../server/src/features/auth/auth.service.ts';

/** The one password of every demo account (README lists them); change or remove them in production. */
export const DEMO_PASSWORD = 'Wangge!2026';

type Scope = { jurisdiction: string } | { grids: (codes: GridCodes) => string[] };
interface GridCodes {
  of: (community: string) => string[];
}

/**
 * Demo accounts: one per role, scoped to the Haidian demo; grid scopes take the most populated grids.
 * The grid staff have made-up work phones (139 0000 …) so the grid panel has someone to call.
 */
export const DEMO_ACCOUNTS: { username: string; displayName: string; role: string; scope: Scope; phone?: string }[] = [
  { username: 'admin', displayName: '赵志强（系统管理员）', role: 'admin', scope: { jurisdiction: '110108' } },
  { username: 'planner', displayName: '孙丽（网格办）', role: 'planner', scope: { jurisdiction: '110108010' } },
  { username: 'commander', displayName: '周海涛（指挥中心）', role: 'commander', scope: { jurisdiction: '110108010' } },
  { username: 'supervisor', displayName: '吴敏（督导员）', role: 'supervisor', scope: { grids: (g) => g.of('110108010019').slice(0, 3) }, phone: '13900000104' },
  { username: 'manager.furun', displayName: '郑红梅（富润社区书记）', role: 'community_manager', scope: { jurisdiction: '110108010031' }, phone: '13900000101' },
  { username: 'leader.furun1', displayName: '王磊（网格长）', role: 'grid_leader', scope: { grids: (g) => g.of('110108010031').slice(0, 1) }, phone: '13900000102' },
  { username: 'assistant.furun1', displayName: '李娜（网格协管员）', role: 'grid_assistant', scope: { grids: (g) => g.of('110108010031').slice(0, 1) }, phone: '13900000103' },
  { username: 'officer.furun', displayName: '陈刚（信息员）', role: 'officer', scope: { jurisdiction: '110108010031' } },
  { username: 'viewer', displayName: '刘洋（只读）', role: 'viewer', scope: { jurisdiction: '110108' } },
];

/** Creates the demo accounts once (after the Haidian demo), in one transaction. */
export async function loadDemoAccounts(sql: Sql, opts: { log?: (m: string) => void } = {}): Promise<{ loaded: boolean }> {
  const [done] = await sql`select 1 from dataset where name = 'demo-accounts'`;
  const [district] = await sql`select 1 from jurisdiction where code = '110108'`;
  if (done || !district) return { loaded: false };
  const hash = await hashPassword(DEMO_PASSWORD);
  // grids with the most households first, so scoped demo users have residents to work with
  const grids = await sql<{ code: string }[]>`
    select g.code from grid g join grid_plan p on p.id = g.plan_id
    left join building b on b.anchor && g.geom and ST_Intersects(g.geom, b.anchor)
    where p.status = 'published' group by g.code order by coalesce(sum(b.households), 0) desc, g.code`;
  const codes: GridCodes = { of: (community) => grids.map((g) => g.code).filter((c) => c.startsWith(community)) };
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('wangge.demo-accounts'))`;
    const [again] = await tx`select 1 from dataset where name = 'demo-accounts'`;
    if (again) return;
    for (const a of DEMO_ACCOUNTS) {
      const [u] = await tx`insert into app_user (username, display_name, phone, password_hash) values (${a.username}, ${a.displayName}, ${a.phone ?? null}, ${hash})
        on conflict (username) do nothing returning id`;
      if (!u) continue;
      if ('jurisdiction' in a.scope) {
        await tx`insert into role_assignment (user_id, role, jurisdiction_id)
          select ${u.id}, ${a.role}, id from jurisdiction where code = ${a.scope.jurisdiction}`;
      } else {
        await tx`insert into role_assignment (user_id, role, grid_codes) values (${u.id}, ${a.role}, ${a.scope.grids(codes)})`;
      }
    }
    await tx`insert into dataset (name, details) values ('demo-accounts', ${tx.json({ accounts: DEMO_ACCOUNTS.length })})`;
  });
  opts.log?.(`[demo] ${DEMO_ACCOUNTS.length} demo accounts ready (password in README)`);
  return { loaded: true };
}
