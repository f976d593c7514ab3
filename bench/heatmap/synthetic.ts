/**
 * The incident benchmark's own place and cases: 合成事件区 (region 990401), a county of 4 street offices × 10
 * communities × 10 grids on a 20 × 20 lattice of 0.008° squares, and N synthetic cases over the year before
 * today, made by one INSERT … generate_series (seeded, so a size and seed give the same rows). About a third
 * of the cases cluster around eight hot spots, the rest spread evenly; old cases are mostly closed, recent
 * ones mostly open, as in a living system. Nothing here is a real place or person.
 */
import type { Sql } from 'postgres';

export const REGION = '990401';
const ORIGIN: [number, number] = [120.6, 30.6];
const CELL = 0.008;
const SIDE = 20;

/** The county, street office and community codes of the bench's place. */
export const PLACE = { county: REGION, towns: [1, 2, 3, 4].map((t) => `${REGION}00${t}`) };

/** What the bench found or made: how many cases, and how long making them took (null when reused). */
export interface IncidentTown {
  incidents: number;
  seconds: number | null;
  /** The last instant of the data: windows are taken in the year before it. */
  end: Date;
}

const square = (x: number, y: number, w: number, h: number) =>
  `MULTIPOLYGON(((${x} ${y},${x + w} ${y},${x + w} ${y + h},${x} ${y + h},${x} ${y})))`;

async function writePlace(sql: Sql) {
  const [x0, y0] = ORIGIN;
  const [county] = await sql`insert into jurisdiction (code, name, level, region_code, geom)
    values (${REGION}, '合成事件区', 'county', ${REGION}, ST_GeomFromText(${square(x0, y0, CELL * SIDE, CELL * SIDE)}, 4326)) returning id`;
  for (let t = 0; t < 4; t++) {
    const [tx, ty] = [x0 + (t % 2) * CELL * 10, y0 + Math.floor(t / 2) * CELL * 10];
    const [town] = await sql`insert into jurisdiction (code, name, level, parent_id, region_code, geom)
      values (${PLACE.towns[t]!}, ${`合成街道${t + 1}`}, 'town', ${county!.id}, ${REGION}, ST_GeomFromText(${square(tx, ty, CELL * 10, CELL * 10)}, 4326))
      returning id`;
    // a community is 5 × 2 grids: 2 across and 5 up the street office
    for (let c = 0; c < 10; c++) {
      const [cx, cy] = [tx + Math.floor(c / 5) * CELL * 5, ty + (c % 5) * CELL * 2];
      await sql`insert into jurisdiction (code, name, level, parent_id, region_code, geom)
        values (${`${PLACE.towns[t]!}${String(c + 1).padStart(3, '0')}`}, ${`合成社区${t + 1}-${c + 1}`}, 'community', ${town!.id}, ${REGION},
                ST_GeomFromText(${square(cx, cy, CELL * 5, CELL * 2)}, 4326))`;
    }
    for (const [kind, name] of [['urban_management', '城管执法队'], ['sanitation', '环卫所'], ['housing', '房管所']] as const) {
      await sql`insert into department (jurisdiction_id, region_code, name, kind) values (${town!.id}, ${REGION}, ${`合成街道${t + 1}${name}`}, ${kind})`;
    }
  }
}

/**
 * Deletes the bench's place and cases (only rows of region 990401). The incident table is then rewritten without the
 * deleted rows' space, which new cases would otherwise fill all over the heap: cases must lie in report order, as a
 * living system writes them, for the BRIN on reported_at and the heap's locality to be what they are in use.
 */
async function clearPlace(sql: Sql) {
  const gone = await sql`delete from incident where region_code = ${REGION}`;
  if (gone.count > 0) await sql`vacuum full incident`;
  await sql`delete from department where region_code = ${REGION}`;
  // the bench user's grant on the county (bench/signed-in.ts) is made again for each run
  await sql`delete from role_assignment where jurisdiction_id in (select id from jurisdiction where region_code = ${REGION})`;
  await sql`delete from jurisdiction where region_code = ${REGION} and level = 'community'`;
  await sql`delete from jurisdiction where region_code = ${REGION} and level = 'town'`;
  await sql`delete from jurisdiction where region_code = ${REGION}`;
  await sql`delete from dataset where name = ${`bench-incidents-${REGION}`}`;
}

/**
 * The cases, in one statement. Every random draw is a column of `r` so each is taken once per row;
 * setseed makes the sequence repeat (the insert runs in one backend, not in parallel).
 */
async function writeIncidents(sql: Sql, n: number, seed: number, end: Date) {
  const [x0, y0] = ORIGIN;
  await sql.begin(async (tx) => {
    await tx`select setseed(${(seed % 1000) / 1000})`;
    await tx`
      with cats as (select array_agg(code order by code) as codes from incident_category where parent_code is not null and kind = 'event'),
      depts as (select j.code as town, array_agg(d.id order by d.id) as ids from department d join jurisdiction j on j.id = d.jurisdiction_id
                where d.region_code = ${REGION} group by j.code),
      hot as (select array[0.21, 0.33, 0.52, 0.71, 0.85, 0.12, 0.47, 0.64] as hx, array[0.18, 0.77, 0.41, 0.26, 0.63, 0.52, 0.91, 0.08] as hy),
      r as (
        select g as n, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6,
               random() as r7, random() as r8, random() as r9, random() as r10, floor(random() * 8)::int + 1 as spot
        from generate_series(1, ${n}) g),
      p as (
        select r.*,
          ${end}::timestamptz - r1 * interval '365 days' as at,
          case when r2 < 0.35 then least(0.9999, greatest(0, hot.hx[spot] + (r3 + r4 - 1) * 0.05)) else r3 end as fx,
          case when r2 < 0.35 then least(0.9999, greatest(0, hot.hy[spot] + (r5 + r6 - 1) * 0.05)) else r5 end as fy
        from r, hot),
      q as (
        select p.*, floor(fx * ${SIDE})::int as gx, floor(fy * ${SIDE})::int as gy,
          extract(epoch from (${end}::timestamptz - at)) / 86400 as age,
          at + (5 + r9 * 120) * interval '1 minute' as accepted,
          at + (20 + r9 * 240) * interval '1 minute' as dispatched,
          at + (20 + r9 * 240) * interval '1 minute' + (1 + r10 * r10 * 140) * interval '1 hour' as closed
        from p),
      w as (
        select q.*, (gx / 10) + 2 * (gy / 10) + 1 as town_no, ((gx % 10) / 5) * 5 + (gy % 10) / 2 + 1 as community_no, (gx % 5) * 2 + gy % 2 + 1 as grid_no,
          case
            when r7 < (case when age > 20 then 0.88 else 0.35 end) and closed < ${end}::timestamptz then (case when r8 < 0.5 then 'closed' else 'evaluated' end)
            when r7 < (case when age > 20 then 0.92 else 0.40 end) then 'voided'
            when r7 < (case when age > 20 then 0.95 else 0.42 end) then 'ledger'
            else (array['reported', 'accepted', 'dispatched', 'handling', 'fed_back', 'deferred'])[1 + floor(r8 * 6)::int]
          end as status
        from q),
      t as (select w.*, ${REGION} || '00' || town_no as town_code from w)
      insert into incident (reported_at, region_code, category_code, description, source, geom, grid_code, grid_name,
        community_id, community_code, town_id, town_code, county_id, county_code, status, level, state,
        assignee_kind, assignee_id, department_id, reporter_name, reporter_phone, limit_value, limit_unit, due_at,
        accepted_at, dispatched_at, fed_back_at, closed_at, closed_on_time, self_handled, rework_count, synthetic)
      select at, ${REGION}, cats.codes[1 + floor(power(r4, 2) * array_length(cats.codes, 1))::int], '合成事件 #' || n,
        (array['patrol', 'patrol', 'resident', 'hotline', 'video'])[1 + floor(r6 * 5)::int],
        ST_SetSRID(ST_MakePoint(${x0} + fx * ${CELL * SIDE}, ${y0} + fy * ${CELL * SIDE}), 4326),
        town_code || lpad(community_no::text, 3, '0') || lpad(grid_no::text, 3, '0'), '合成网格' || grid_no,
        cj.id, cj.code, tj.id, tj.code, kj.id, kj.code, status, 'community',
        jsonb_build_object('status', status, 'level', 'community', 'reworkCount', case when r10 < 0.07 then 1 else 0 end,
          'clock', jsonb_build_object(
            'phase', case when status in ('closed', 'evaluated') then 'stopped' when status in ('dispatched', 'handling') then 'running'
                          when status in ('fed_back', 'deferred') then 'paused' else 'idle' end,
            'startedAt', case when status in ('dispatched', 'handling', 'fed_back', 'deferred', 'closed', 'evaluated') then dispatched end,
            'stoppedAt', case when status in ('closed', 'evaluated') then closed end,
            'pauses', case when status in ('closed', 'evaluated') then jsonb_build_array(jsonb_build_object('from', greatest(dispatched, closed - (0.5 + r3 * 20) * interval '1 hour'), 'to', closed))
                           else '[]'::jsonb end)),
        case when status in ('dispatched', 'handling', 'fed_back', 'deferred', 'closed', 'evaluated') then 'department' end,
        case when status in ('dispatched', 'handling', 'fed_back', 'deferred', 'closed', 'evaluated') then (d.ids[1 + floor(r5 * 3)::int])::text end,
        case when status in ('dispatched', 'handling', 'fed_back', 'deferred', 'closed', 'evaluated') then d.ids[1 + floor(r5 * 3)::int] end,
        case when r6 < 0.2 then '合成居民' end, case when r6 < 0.2 then '138' || lpad((n % 100000000)::text, 8, '0') end,
        3, 'working_days', dispatched + interval '3 days',
        case when status not in ('reported', 'voided') then accepted end,
        case when status in ('dispatched', 'handling', 'fed_back', 'deferred', 'closed', 'evaluated') then dispatched end,
        case when status in ('fed_back', 'closed', 'evaluated') then greatest(dispatched, closed - (0.5 + r3 * 20) * interval '1 hour') end,
        case when status in ('closed', 'evaluated') then closed end,
        case when status in ('closed', 'evaluated') then closed <= dispatched + interval '3 days' end,
        false, case when r10 < 0.07 then 1 else 0 end, true
      from t cross join cats
      join jurisdiction cj on cj.code = town_code || lpad(community_no::text, 3, '0')
      join jurisdiction tj on tj.code = town_code
      join jurisdiction kj on kj.code = ${REGION}
      join depts d on d.town = town_code
      -- in report order, as a living system writes them (BRIN on reported_at and the heap's locality depend on it)
      order by at`;
    await tx`insert into dataset (name, details) values (${`bench-incidents-${REGION}`}, ${tx.json({ incidents: n, seed, end: end.toISOString() })})`;
  });
}

/** Makes sure the bench's place holds `n` synthetic cases of this seed (made again when absent, different or asked to). */
export async function ensureIncidentTown(sql: Sql, opts: { incidents: number; seed: number; regenerate: boolean; log: (m: string) => void }): Promise<IncidentTown> {
  const [ds] = await sql<{ details: { incidents?: number; seed?: number; end?: string } }[]>`
    select details from dataset where name = ${`bench-incidents-${REGION}`}`;
  if (!opts.regenerate && ds?.details.incidents === opts.incidents && ds.details.seed === opts.seed && ds.details.end) {
    opts.log(`[bench] reusing ${opts.incidents.toLocaleString('en')} synthetic incidents in ${REGION} (pass --regenerate to make them again)`);
    return { incidents: opts.incidents, seconds: null, end: new Date(ds.details.end) };
  }
  opts.log(`[bench] making ${opts.incidents.toLocaleString('en')} synthetic incidents in ${REGION}`);
  const started = performance.now();
  const end = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  await clearPlace(sql);
  await writePlace(sql);
  await writeIncidents(sql, opts.incidents, opts.seed, end);
  // the visibility map set everywhere (index-only scans), as autovacuum keeps it on all but the newest pages
  await sql`vacuum (analyze) incident`;
  // measured: the first pass right after the insert leaves a part of the pages unmarked; a second marks them all
  await sql`vacuum incident`;
  return { incidents: opts.incidents, seconds: (performance.now() - started) / 1000, end };
}
