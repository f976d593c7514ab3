/**
 * What the demo's incident history is made from, read from the loaded demo: the grids of the plan in
 * force with places near their buildings and roads (PostGIS, seeded, so the same demo gives the same
 * places), the demo's accounts by role, the departments, the categories' limits and the working-day
 * calendar as the service loads it.
 */
import policiesFile from '../incidents/policies.json' with { type: 'json' };
import type { Sql } from 'postgres';
import { planDate } from '../../server/src/features/grids/grids.domain.ts';
import type { TimeLimit } from '../../server/src/features/incidents/deadline.domain.ts';
import { parsePolicies } from '../../server/src/features/incidents/policies.domain.ts';
import { createWorkCalendarRepo } from '../../server/src/features/incidents/work-calendar.repo.ts';
import type { HistoryContext, HistoryDepartment } from './incident-history-case.ts';
import type { HistoryGrid, HistoryPoint } from './incident-history-plan.ts';
import { CATEGORY_TEXTS } from './incident-history-texts.ts';

/** Places drawn in each grid. */
const POINTS_PER_GRID = 40;

const ref = (id: unknown, code: unknown, name: unknown) => (code === null ? null : { id: Number(id), code: String(code), name: String(name) });

/** The grids of the plan in force on `date` under the county `county`, with their size and the earliest date of their plan. */
async function gridsOf(sql: Sql, county: string, date: string) {
  return sql`
    select g.id, g.code, g.name, g.plan_id, to_char(p.valid_from, 'YYYY-MM-DD') as valid_from,
      c.id as c_id, c.code as c_code, c.name as c_name, c.region_code, t.id as t_id, t.code as t_code, t.name as t_name,
      k.id as k_id, k.code as k_code, k.name as k_name,
      coalesce((select sum(b.households) from building b where b.anchor && g.geom and ST_Intersects(g.geom, b.anchor)), 0)::int as households
    from grid g join grid_plan p on p.id = g.plan_id join jurisdiction c on c.id = g.community_id
    left join jurisdiction t on t.id = c.parent_id left join jurisdiction k on k.id = t.parent_id
    where p.status in ('published', 'retired') and p.valid_from <= ${date}::date and (p.valid_to is null or p.valid_to > ${date}::date)
      and c.code like ${`${county}%`}
    order by g.code`;
}

/** Seeded places inside each grid within ~10 m of a building or a road (buffers in degrees: a demo's approximation), named by their compound and building or road. */
async function pointsOf(sql: Sql, gridIds: number[]): Promise<Map<number, HistoryPoint[]>> {
  // the planner prices ST_GeneratePoints high and would spend a second JIT-compiling a query that runs in 0.2 s
  const rows = await sql.begin(async (tx) => {
    await tx`set local jit = off`;
    return tx`
    with g as (select id, code, geom from grid where id = any(${gridIds}::bigint[])),
    near as materialized (
      select g.id, g.code, g.geom, ST_CollectionExtract(ST_Intersection(g.geom, (select ST_Union(x) from (
        select ST_Buffer(b.geom, 0.00012, 'quad_segs=2') as x from building b where b.geom && g.geom and ST_Intersects(b.geom, g.geom)
        union all
        select ST_Buffer(r.geom, 0.0001, 'quad_segs=2') from road r where r.geom && g.geom and ST_Intersects(r.geom, g.geom)) u)), 3) as area
      from g),
    pts as (
      select n.id, d.path[1] as k, d.geom as p
      from near n, ST_Dump(ST_GeneratePoints(case when n.area is null or ST_Area(n.area) = 0 then n.geom else n.area end,
        ${POINTS_PER_GRID}, (hashtext(n.code) & 1073741823) + 1)) d)
    select pts.id, pts.k, ST_X(pts.p) as lon, ST_Y(pts.p) as lat,
      (select k.name || coalesce((select b.number || '号楼' from building b where b.number is not null and b.geom && ST_Expand(pts.p, 0.0002)
          order by b.geom <-> pts.p limit 1), '')
        from compound k where k.name is not null and k.geom && pts.p and ST_Intersects(k.geom, pts.p) limit 1) as compound,
      (select r.name from road r where r.name is not null and r.geom && ST_Expand(pts.p, 0.003) order by r.geom <-> pts.p limit 1) as road
    from pts order by pts.id, pts.k`;
  });
  const out = new Map<number, HistoryPoint[]>();
  for (const r of rows) {
    const list = out.get(Number(r.id)) ?? [];
    list.push({ lon: Number(Number(r.lon).toFixed(7)), lat: Number(Number(r.lat).toFixed(7)), address: String(r.compound ?? r.road ?? '') });
    out.set(Number(r.id), list);
  }
  return out;
}

async function people(sql: Sql) {
  const rows = await sql`select u.id, r.role, r.grid_codes, j.code from app_user u join role_assignment r on r.user_id = u.id
    left join jurisdiction j on j.id = r.jurisdiction_id where u.active order by u.id`;
  const workers = new Map<string, number[]>();
  const managers: Record<string, number> = {};
  const streetCenters: Record<string, number> = {};
  for (const r of rows) {
    if ((r.role === 'grid_leader' || r.role === 'grid_assistant') && r.grid_codes) {
      for (const g of r.grid_codes as string[]) workers.set(g, [...(workers.get(g) ?? []), Number(r.id)]);
    }
    if (r.role === 'community_manager' && r.code?.length === 12) managers[r.code] ??= Number(r.id);
    if (r.role === 'commander' && r.code?.length === 9) streetCenters[r.code] ??= Number(r.id);
  }
  return { workers, managers, streetCenters };
}

async function departments(sql: Sql, codes: string[]): Promise<HistoryDepartment[]> {
  const rows = await sql`select d.id, d.name, d.kind, j.code, j.level,
      array(select m.user_id from department_member m where m.department_id = d.id order by m.user_id) as members
    from department d join jurisdiction j on j.id = d.jurisdiction_id where d.active and j.code = any(${codes}::text[]) order by d.id`;
  return rows.map((r) => ({ id: Number(r.id), name: String(r.name), kind: String(r.kind), level: r.level === 'county' ? 'county' : 'town', jurisdictionCode: String(r.code), members: (r.members as string[]).map(Number) }));
}

async function categories(sql: Sql): Promise<HistoryContext['categories']> {
  const rows = await sql`select code, limit_value, limit_unit, responsible from incident_category where code = any(${Object.keys(CATEGORY_TEXTS)}::text[])`;
  const missing = Object.keys(CATEGORY_TEXTS).filter((c) => !rows.some((r) => r.code === c));
  if (missing.length) throw new Error(`incident history: categories ${missing.join(', ')} are missing (seed the incident reference data first)`);
  return Object.fromEntries(rows.map((r) => [String(r.code), {
    limit: r.limit_value === null ? null : { amount: Number(r.limit_value), unit: String(r.limit_unit) as TimeLimit['unit'] }, responsible: String(r.responsible),
  }]));
}

/** The grids, places, people, departments, categories and calendar of the demo county at `now`. */
export async function readHistoryInput(sql: Sql, county: string, now: Date): Promise<{ grids: HistoryGrid[]; ctx: HistoryContext; since: string | null }> {
  const gridRows = await gridsOf(sql, county, planDate(now));
  const points = await pointsOf(sql, gridRows.map((g) => Number(g.id)));
  const who = await people(sql);
  const grids: HistoryGrid[] = gridRows.map((g) => ({
    id: Number(g.id), code: String(g.code), name: String(g.name), planId: Number(g.plan_id), weight: Number(g.households) + 60,
    community: ref(g.c_id, g.c_code, g.c_name)!, town: ref(g.t_id, g.t_code, g.t_name), county: ref(g.k_id, g.k_code, g.k_name),
    regionCode: String(g.region_code), points: (points.get(Number(g.id)) ?? []).map((p) => (p.address ? p : { ...p, address: String(g.name) })), workers: who.workers.get(String(g.code)) ?? [],
  }));
  const places = [...new Set(grids.flatMap((g) => [g.town?.code, g.county?.code]).filter((c): c is string => Boolean(c)))];
  const ctx: HistoryContext = {
    now, calendar: await createWorkCalendarRepo(sql).load(), policies: parsePolicies(policiesFile), categories: await categories(sql),
    departments: await departments(sql, places), managers: who.managers, streetCenters: who.streetCenters,
  };
  const since = gridRows.map((g) => String(g.valid_from)).sort().at(-1) ?? null;
  return { grids, ctx, since };
}
