/**
 * A year of cases in the bench town, made in SQL (generate_series, setseed: the same count and seed give
 * the same rows): each at one of 16 seeded points of a grid of the plan in force, with its grid, community,
 * street office and county; a category weighted towards the common ones; old cases mostly closed or
 * evaluated, recent ones mostly open, a few percent stuck open and so overdue; a workflow state of the
 * shape the domain writes, so the list can offer each case's actions.
 */
import type { Sql } from 'postgres';

const CHUNK = 250_000;
const iso = (col: string) => `to_char((${col}) at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"')`;

async function writePoints(sql: Sql) {
  await sql`create table bench_point as
    select row_number() over (order by g.code, d.path[1])::int - 1 as pt_no, g.id as grid_id, g.code as grid_code, g.name as grid_name, g.plan_id,
      c.id as community_id, c.code as community_code, c.region_code, t.id as town_id, t.code as town_code, k.id as county_id, k.code as county_code,
      (select array_agg(x.id order by x.id) from department x where x.jurisdiction_id = t.id) as departments, d.geom
    from grid g join jurisdiction c on c.id = g.community_id join jurisdiction t on t.id = c.parent_id join jurisdiction k on k.id = t.parent_id,
      ST_Dump(ST_GeneratePoints(g.geom, 16, (hashtext(g.code) & 1073741823) + 1)) d`;
  await sql`create unique index on bench_point (pt_no)`;
  const [r] = await sql`select count(*)::int as n from bench_point`;
  return r!.n as number;
}

// one chunk of cases: the random draws are columns of `r`, each taken once per row
async function writeChunk(sql: Sql, from: number, to: number, points: number, end: Date, seed: number) {
  await sql.begin(async (tx) => {
    await tx`select setseed(${((seed * 7919 + from) % 10_000) / 10_000})`;
    await tx.unsafe(`
      with cats as (select array_agg(code order by code) as codes from incident_category where parent_code is not null and kind = 'event'),
      r as (select n, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8
            from generate_series($1::int, $2::int) n),
      p as (select r.*, $3::timestamptz - r1 * interval '365 days' as at, extract(epoch from r1 * interval '365 days') / 86400 as age,
              floor(r2 * $4::int)::int as pt from r),
      q as (select p.*, least($3::timestamptz, at + (10 + r3 * 240) * interval '1 minute') as accepted,
              least($3::timestamptz, at + (20 + r3 * 360) * interval '1 minute') as dispatched,
              case
                when r4 < 0.04 then 'voided' when r4 < 0.055 then 'ledger'
                when r5 < least(0.985, age / 6) then (case when r6 < 0.4 then 'evaluated' else 'closed' end)
                else (array['reported', 'accepted', 'dispatched', 'handling', 'handling', 'handling', 'fed_back', 'deferred'])[1 + floor(r6 * 8)::int]
              end as status from p),
      s as (select q.*, status in ('dispatched', 'handling', 'fed_back', 'deferred', 'closed', 'evaluated') as sent,
              least($3::timestamptz, dispatched + (1 + r7 * r7 * 140) * interval '1 hour') as closed, (r8 < 0.06)::int as rework,
              case when r8 > 0.93 then 'street' else 'community' end as lvl from q)
      insert into incident (reported_at, region_code, category_code, description, source, geom, grid_id, grid_code, grid_name, plan_id,
        community_id, community_code, town_id, town_code, county_id, county_code, status, level, state, assignee_kind, assignee_id, department_id,
        reporter_name, reporter_phone, limit_value, limit_unit, due_at, due_provisional, calendar_version, accepted_at, dispatched_at, fed_back_at,
        closed_at, closed_on_time, rework_count, rating, synthetic, version, updated_at)
      select at, b.region_code, cats.codes[1 + floor(power(r7, 1.8) * array_length(cats.codes, 1))::int], '合成事件 #' || n,
        (array['patrol', 'patrol', 'patrol', 'resident', 'hotline', 'video'])[1 + floor(r8 * 6)::int], b.geom,
        b.grid_id, b.grid_code, b.grid_name, b.plan_id, b.community_id, b.community_code, b.town_id, b.town_code, b.county_id, b.county_code,
        status, lvl,
        jsonb_build_object('status', status, 'level', lvl, 'escalatedFrom', case when lvl = 'street' then '["community"]'::jsonb else '[]'::jsonb end,
          'reporterId', null, 'pending', null, 'forwarded', false, 'selfHandled', false, 'reworkCount', rework, 'sendBackCount', 0, 'reviewedAt', null,
          'rating', case when status = 'evaluated' then 3 + floor(r3 * 3)::int end, 'version', 4 + rework,
          'assignee', case when sent then jsonb_build_object('kind', 'department', 'unitId', b.departments[1 + floor(r5 * array_length(b.departments, 1))::int]::text) end,
          'clock', jsonb_build_object(
            'phase', case when status in ('closed', 'evaluated', 'ledger') then 'stopped' when status in ('dispatched', 'handling') then 'running'
                          when status in ('fed_back', 'deferred') then 'paused' else 'idle' end,
            'startedAt', case when sent then ${iso('dispatched')} end, 'extensions', '[]'::jsonb,
            'stoppedAt', case when status in ('closed', 'evaluated') then ${iso('closed')} end,
            'pauses', case when status in ('fed_back', 'deferred') then jsonb_build_array(jsonb_build_object('from', ${iso('dispatched + interval \'2 hours\'')}, 'to', null))
                           else '[]'::jsonb end)),
        case when sent then 'department' end,
        case when sent then b.departments[1 + floor(r5 * array_length(b.departments, 1))::int]::text end,
        case when sent then b.departments[1 + floor(r5 * array_length(b.departments, 1))::int] end,
        case when r8 < 0.3 then '合成居民' end, case when r8 < 0.3 then '1390000' || lpad((n % 10000)::text, 4, '0') end,
        3, 'working_days', case when sent then dispatched else at end + interval '3 days', false, 'chinese-days@bench',
        case when status not in ('reported', 'voided') then accepted end, case when sent then dispatched end,
        case when status in ('fed_back', 'closed', 'evaluated') then least(closed, dispatched + interval '2 hours') end,
        case when status in ('closed', 'evaluated') then closed end,
        case when status in ('closed', 'evaluated') then closed <= dispatched + interval '3 days' end,
        rework, case when status = 'evaluated' then 3 + floor(r3 * 3)::int end, true, 4 + rework,
        case when status in ('closed', 'evaluated') then closed else at end
      from s cross join cats join bench_point b on b.pt_no = s.pt`, [from, to, end.toISOString(), points]);
  });
}

/** Writes `n` cases over the year before `end`; returns how long it took. */
export async function writeCases(sql: Sql, n: number, end: Date, seed: number, log: (m: string) => void): Promise<number> {
  const started = performance.now();
  const points = await writePoints(sql);
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    await writeChunk(sql, from, to, points, end, seed);
    log(`[bench] ${to.toLocaleString('en')} / ${n.toLocaleString('en')} cases`);
  }
  await sql`drop table bench_point`;
  await sql`vacuum analyze incident`;
  return (performance.now() - started) / 1000;
}
