/**
 * One day's coverage, computed by PostGIS in a handful of set-based statements over temporary tables:
 *  1. the grids in force that day (optionally those under a jurisdiction code);
 *  2. the day's kept fixes per patrol in chunks of 5 minutes, joined to the chunk before unless `maxGapMinutes` or
 *     more lie between: a line with the fix times as M, so a million fixes at 10 s are ~34,000 lines;
 *  3. each chunk against the grids it touches: a chunk a grid covers is credited whole (time, length on the sphere,
 *     fixes); a chunk crossing a boundary is cut by the grid, each piece inside credited with its length and the
 *     time between the fix times (M) at its ends;
 *  4. buildings and street pieces near a chunk (gist-indexed ST_DWithin in near-metric space: longitude scaled by
 *     the cosine of the latitude);
 *  5. the day's rows replaced (recomputing gives the same rows) and the last visits moved forward, never back.
 */
import type { Sql, TransactionSql } from 'postgres';
import { dayBounds, type CoveragePolicy } from './coverage.domain.ts';

type Tx = TransactionSql;
/** Metres in a degree on the mean sphere (a degree of longitude is this times the cosine of the latitude). */
const M_PER_DEG = 111_195;
/** The longest a chunk runs (seconds): ~30 fixes at a phone's usual 10 s. */
const BUCKET_S = 300;

/** What a computation did. */
export interface ComputeResult {
  day: string;
  grids: number;
  fixes: number;
  workerGridRows: number;
  ms: number;
  /** Milliseconds of each step, for the bench. */
  steps: Record<string, number>;
}

async function loadGrids(tx: Tx, day: string, prefix: string | null) {
  await tx`create temp table cov_grid on commit drop as
    select g.id, g.code, g.plan_id, g.community_id, g.region_code, g.geom from grids_on(${day}::date) g
    where ${prefix}::text is null or g.code like ${prefix ?? ''} || '%'`;
  await tx`create index on cov_grid using gist (geom)`;
  await tx`analyze cov_grid`;
}

/**
 * The day's kept fixes as chunk lines (x, y, M = epoch seconds): a patrol's fixes of each `bucket` seconds (no longer
 * than the gap that ends a walk, so no chunk spans one), joined to the chunk before when the gap between them is
 * shorter. `sg` is the line in near-metric space (x scaled by the cosine of its latitude), simplified by a metre, for
 * the nearness tests.
 */
async function loadChunks(tx: Tx, from: Date, to: Date, gapMinutes: number) {
  const gap = gapMinutes * 60;
  const bucket = Math.min(gap, BUCKET_S);
  await tx`create temp table cov_chunk on commit drop as
    with c0 as (
      select patrol_id, min(user_id) as user_id, floor(date_part('epoch', fixed_at) / ${bucket}) as k,
        ST_MakeLine(array_agg(ST_MakePointM(ST_X(geom), ST_Y(geom), date_part('epoch', fixed_at)) order by fixed_at)) as geom,
        count(*)::int as fixes, min(fixed_at) as t_first, max(fixed_at) as t_last
      from gps_fix where kept and fixed_at >= ${from} and fixed_at < ${to}
      group by patrol_id, k
    ), c1 as (
      select c0.*, lag(t_last) over w as prev_at, lag(ST_EndPoint(geom)) over w as prev_end,
        coalesce(date_part('epoch', t_first - lag(t_last) over w) < ${gap}, false) as linked
      from c0 window w as (partition by patrol_id order by k)
    ), c2 as (
      select patrol_id, user_id, fixes, case when linked then prev_at else t_first end as t_first, t_last,
        ST_SetSRID(case when linked then ST_AddPoint(geom, prev_end, 0) when fixes = 1 then ST_StartPoint(geom) else geom end, 4326) as geom
      from c1
    )
    select row_number() over () as id, c2.*, ST_Length(geom::geography, false) as metres,
      ST_Simplify(ST_Scale(ST_Force2D(geom), cos(radians(ST_Y(ST_StartPoint(geom)))), 1), ${1 / M_PER_DEG}) as sg
    from c2`;
}

/** Time, distance and fixes of each worker inside each grid: whole chunks where a grid covers them, else by segment. */
async function creditGrids(tx: Tx) {
  await tx`create temp table cov_credit on commit drop as
    with pairs as materialized (
      select c.user_id, c.fixes, ST_NPoints(c.geom) as np, c.t_first, c.t_last, c.metres, c.geom, g.id as grid, g.geom as gg,
        ST_Covers(g.geom, c.geom) as whole
      from cov_chunk c join cov_grid g on g.geom && c.geom and ST_Intersects(g.geom, c.geom)
    ), whole as (
      select grid, user_id, date_part('epoch', t_last - t_first) as secs, metres, fixes, t_first, t_last from pairs where whole
    ), parts as (
      -- a chunk crossing a boundary: cut by the grid in one overlay; the time of each piece inside is read off the
      -- chunk's fix times (M) at its ends, its length measured on the sphere; its fixes inside counted one by one
      -- (the grid's prepared geometry serves them all), the first not when it was borrowed from the chunk before.
      -- The overlay dissolves a stretch walked twice exactly on the same line within one crossing chunk into one:
      -- real fixes never retrace to the centimetre, a synthetic track along one road there and back might
      select p.grid, p.user_id, s.secs, s.metres,
        (select count(*) from ST_DumpPoints(p.geom) d where (d.path[1] > 1 or p.fixes = p.np) and ST_Intersects(p.gg, d.geom))::int as fixes,
        s.t_first, s.t_last
      from pairs p cross join lateral (
        select coalesce(sum(abs(m1 - m0)), 0) as secs, coalesce(sum(len), 0) as metres,
          to_timestamp(min(least(m0, m1))) as t_first, to_timestamp(max(greatest(m0, m1))) as t_last
        from (
          select ST_InterpolatePoint(p.geom, ST_StartPoint(d.geom)) as m0, ST_InterpolatePoint(p.geom, ST_EndPoint(d.geom)) as m1,
            ST_Length(d.geom::geography, false) as len
          from ST_Dump(ST_CollectionExtract(ST_Intersection(p.gg, ST_Force2D(p.geom)), 2)) d) x
      ) s
      where not p.whole
    )
    select grid, user_id, sum(secs) as secs, sum(metres) as metres, sum(fixes)::int as fixes, min(t_first) as first_at, max(t_last) as last_at
    from (select * from whole union all select * from parts) a
    group by grid, user_id`;
}

/**
 * Buildings (anchor in a computed grid) and street pieces (midpoint in one) that a chunk came near, with when and by
 * whom: gist-indexed ST_DWithin in near-metric space (longitude scaled by the cosine of the latitude: within 0.1 % of
 * the distance on the sphere at a few hundred metres). Grids drive the point-in-polygon joins so each grid's prepared
 * geometry serves all its buildings and pieces.
 */
async function findPassed(tx: Tx, policy: CoveragePolicy) {
  await tx`create temp table cov_bld on commit drop as
    select b.id, g.id as grid, ST_Scale(ST_Force2D(b.geom), cos(radians(ST_Y(b.anchor))), 1) as sg
    from cov_grid g cross join lateral (
      select b.id, b.geom, b.anchor from building b where b.anchor && g.geom and ST_Intersects(g.geom, b.anchor)) b`;
  await tx`create temp table cov_piece on commit drop as
    select s.id, g.id as grid, g.code, s.length_m, ST_Scale(s.geom, cos(radians(ST_Y(ST_StartPoint(s.geom)))), 1) as sg
    from cov_grid g cross join lateral (
      select s.id, s.geom, s.length_m from street_piece s where s.geom && g.geom and ST_Intersects(g.geom, ST_LineInterpolatePoint(s.geom, 0.5))) s`;
  await tx`create index on cov_bld using gist (sg)`;
  await tx`create index on cov_piece using gist (sg)`;
  await tx`analyze cov_bld`;
  await tx`analyze cov_piece`;
  await tx`create temp table cov_bld_passed on commit drop as
    select distinct on (b.id) b.id, b.grid, c.t_last as at, c.user_id
    from cov_chunk c join cov_bld b on ST_DWithin(b.sg, c.sg, ${policy.buildingDistanceM / M_PER_DEG}::float8)
    order by b.id, c.t_last desc, c.user_id`;
  await tx`create temp table cov_piece_walked on commit drop as
    select distinct on (s.id) s.id, s.grid, s.length_m, c.t_last as at, c.user_id
    from cov_chunk c join cov_piece s on ST_DWithin(s.sg, c.sg, ${policy.streetDistanceM / M_PER_DEG}::float8)
    order by s.id, c.t_last desc, c.user_id`;
}

/** Replaces the day's rows of the computed grids and moves the last visits forward. */
async function store(tx: Tx, day: string, now: Date, today: boolean) {
  await tx`delete from patrol_grid_day where day = ${day}::date and grid_id in (select id from cov_grid)`;
  const rows = await tx`insert into patrol_grid_day (day, grid_id, grid_code, region_code, user_id, minutes, distance_m, fixes, first_at, last_at)
    select ${day}::date, g.id, g.code, g.region_code, c.user_id, round((c.secs / 60)::numeric, 2), round(c.metres::numeric, 1), c.fixes, c.first_at, c.last_at
    from cov_credit c join cov_grid g on g.id = c.grid where c.secs > 0 or c.metres > 0 or c.fixes > 0 returning 1`;
  await tx`insert into grid_coverage_day as d (day, grid_id, grid_code, plan_id, community_id, region_code, buildings_total, buildings_passed,
      street_m_total, street_m_walked, minutes, distance_m, patrolled, computed_at)
    select ${day}::date, g.id, g.code, g.plan_id, g.community_id, g.region_code, coalesce(b.total, 0), coalesce(bp.n, 0),
      coalesce(s.total, 0), coalesce(sw.m, 0), coalesce(w.minutes, 0), coalesce(w.distance_m, 0), w.grid_id is not null, ${now}
    from cov_grid g
    left join (select grid, count(*) as total from cov_bld group by grid) b on b.grid = g.id
    left join (select grid, count(*) as n from cov_bld_passed group by grid) bp on bp.grid = g.id
    left join (select grid, sum(length_m) as total from cov_piece group by grid) s on s.grid = g.id
    left join (select grid, sum(length_m) as m from cov_piece_walked group by grid) sw on sw.grid = g.id
    left join (select grid_id, sum(minutes) as minutes, sum(distance_m) as distance_m from patrol_grid_day
      where day = ${day}::date group by grid_id) w on w.grid_id = g.id
    on conflict (day, grid_id) do update set grid_code = excluded.grid_code, plan_id = excluded.plan_id, community_id = excluded.community_id,
      region_code = excluded.region_code, buildings_total = excluded.buildings_total, buildings_passed = excluded.buildings_passed,
      street_m_total = excluded.street_m_total, street_m_walked = excluded.street_m_walked, minutes = excluded.minutes,
      distance_m = excluded.distance_m, patrolled = excluded.patrolled, computed_at = excluded.computed_at`;
  await tx`insert into building_visit as v (building_id, last_passed_at, last_passed_by)
    select id, at, user_id from cov_bld_passed
    on conflict (building_id) do update set last_passed_at = excluded.last_passed_at, last_passed_by = excluded.last_passed_by
    where excluded.last_passed_at > v.last_passed_at`;
  await tx`update street_piece s set last_walked_at = w.at, last_walked_by = w.user_id from cov_piece_walked w
    where s.id = w.id and (s.last_walked_at is null or s.last_walked_at < w.at)`;
  // pieces follow the plan in force today (a plan published since the last refresh moved them)
  if (today) await tx`update street_piece s set grid_code = p.code from cov_piece p where s.id = p.id and s.grid_code is distinct from p.code`;
  return rows.length;
}

/** The coverage computation: one day (Asia/Shanghai) for the grids in force then, under `prefix` when given. */
export function createCoverageComputeRepo(sql: Sql) {
  return {
    /**
     * `unlessFresh`: asked with the oldest computation of the day's grids (null when some have none) once the day's
     * lock is held; true skips the work (a concurrent caller has just done it) and answers null.
     */
    async computeDay(day: string, opts: {
      prefix: string | null; policy: CoveragePolicy; now: Date; today: boolean; unlessFresh?: (oldest: Date | null) => boolean;
    }): Promise<ComputeResult | null> {
      const started = performance.now();
      const { from, to } = dayBounds(day);
      return sql.begin(async (tx) => {
        // one computation of a day at a time: a second caller waits, then finds the figures fresh
        await tx`select pg_advisory_xact_lock(hashtext('wangge.coverage'), ${day}::date - date '2000-01-01')`;
        if (opts.unlessFresh) {
          const [f] = await tx`select count(*) = count(d.grid_id) as all_done, min(d.computed_at) as oldest
            from grids_on(${day}::date) g left join grid_coverage_day d on d.day = ${day}::date and d.grid_id = g.id`;
          if (opts.unlessFresh(f!.all_done ? (f!.oldest as Date | null) : null)) return null;
        }
        // JIT compiling each statement costs more than it saves here; the sorts of a million fixes want memory
        await tx`set local jit = off`;
        await tx`set local work_mem = '256MB'`;
        // a county's day is seconds of work per statement: not a request's 30 s statement limit
        await tx`set local statement_timeout = '10min'`;
        const steps: Record<string, number> = {};
        let mark = performance.now();
        const lap = <T>(name: string, v: T) => {
          const t = performance.now();
          steps[name] = Math.round(t - mark);
          mark = t;
          return v;
        };
        lap('grids', await loadGrids(tx, day, opts.prefix));
        lap('chunks', await loadChunks(tx, from, to, opts.policy.maxGapMinutes));
        lap('credit', await creditGrids(tx));
        lap('passed', await findPassed(tx, opts.policy));
        const workerGridRows = lap('store', await store(tx, day, opts.now, opts.today));
        const [n] = await tx`select (select count(*) from cov_grid)::int as grids, (select coalesce(sum(fixes), 0) from cov_chunk)::int as fixes`;
        return { day, grids: n!.grids, fixes: n!.fixes, workerGridRows, ms: Math.round(performance.now() - started), steps };
      }) as Promise<ComputeResult | null>;
    },
  };
}
