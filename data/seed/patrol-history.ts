/**
 * The demo district's patrol history: a clearly synthetic month (patrol.synthetic = true) of the demo staff's walks
 * along the streets of their grids (inside the boundary where a grid has none), ending when it is loaded, so the
 * coverage view opens on grids walked daily, grids walked weekly, grids nobody walks, buildings never passed and
 * assistants who stopped patrolling. Loaded once per database (a dataset row), in one transaction, the fixes in one
 * statement; then the month's coverage is computed. The same demo, seed and moment give the same rows.
 */
import type { Sql, TransactionSql } from 'postgres';
import { createCoverageComputeRepo } from '../../server/src/features/coverage/coverage-compute.repo.ts';
import { addDays, dayOf, daysBetween } from '../../server/src/features/coverage/coverage.domain.ts';
import { COVERAGE_POLICY } from '../../server/src/features/coverage/coverage.service.ts';
import { reserveIds } from '../generate/copy.ts';
import { planWalks, SAMPLE_S, type HistoryWorker, type PlannedWalk } from './patrol-history-plan.ts';

export const PATROL_HISTORY_DATASET = 'demo-patrol-history';
export const PATROL_HISTORY_SEED = 'haidian-patrols-1';
export const PATROL_HISTORY_DAYS = 30;
const DEMO_COUNTY = '110108';

/** The county's staff whose roles patrol, with the grids in force they answer for (a place's grids for a place's staff). */
async function readWorkers(sql: Sql, day: string): Promise<HistoryWorker[]> {
  const rows = await sql<{ user_id: string; username: string; role: HistoryWorker['role']; codes: string[] }[]>`
    select u.id as user_id, u.username, r.role,
      coalesce((select array_agg(g.code order by g.code) from grids_on(${day}::date) g
        where g.code = any(r.grid_codes) or (j.code is not null and g.code like j.code || '%')), '{}') as codes
    from app_user u join role_assignment r on r.user_id = u.id left join jurisdiction j on j.id = r.jurisdiction_id
    where u.active and r.role in ('grid_leader', 'grid_assistant', 'supervisor', 'community_manager')
      and (j.code like ${`${DEMO_COUNTY}%`} or exists (select 1 from unnest(r.grid_codes) c where c like ${`${DEMO_COUNTY}%`}))
    order by u.id, r.id`;
  return rows.map((r) => ({ userId: Number(r.user_id), username: r.username, role: r.role, gridCodes: r.codes }));
}

/** One device per worker and protocol, named after them (web: the phone app; gpx: imported tracks). */
async function devicesFor(tx: TransactionSql, walks: PlannedWalk[], names: Map<number, string>) {
  const wanted = [...new Set(walks.map((w) => `${w.userId}|${w.protocol}`))].map((k) => k.split('|'));
  const rows = await tx<{ id: string; user_id: string; protocol: string }[]>`
    insert into device (user_id, protocol, identifier, label)
    select u, p, 'demo-' || p || '-' || n, '演示合成轨迹' from unnest(${wanted.map(([u]) => Number(u))}::bigint[], ${wanted.map(([, p]) => p!)}::text[],
      ${wanted.map(([u]) => names.get(Number(u))!)}::text[]) as x(u, p, n)
    returning id, user_id, protocol`;
  return new Map(rows.map((r) => [`${r.user_id}|${r.protocol}`, Number(r.id)]));
}

/**
 * The walks' fixes, made by PostGIS: the grid's streets (roads clipped to the grid and 15 m around it; a grid with
 * none: a ring just inside its boundary) in a seeded order and direction, joined into one path, walked at the walk's
 * speed for its distance with a fix every 10 s.
 */
async function writeFixes(tx: TransactionSql, walks: (PlannedWalk & { patrolId: number; deviceId: number })[]) {
  const rows = walks.map((w) => ({ patrol_id: w.patrolId, device_id: w.deviceId, user_id: w.userId, grid_code: w.gridCode,
    start_at: w.startAt.toISOString(), day: dayOf(w.startAt), speed: w.speed, max_m: w.maxM, seed: w.seed }));
  await tx`
    with w as (select * from jsonb_to_recordset(${tx.json(rows as never)}) as w(patrol_id bigint, device_id bigint, user_id bigint, grid_code text,
        start_at timestamptz, day date, speed float8, max_m float8, seed int)),
    g as (select w.patrol_id, w.seed, g.geom from w join lateral (select geom from grids_on(w.day) g where g.code = w.grid_code limit 1) g on true),
    lines as (
      select g.patrol_id, d.geom, md5(g.seed || ':' || r.id || ':' || d.path::text) as k
      from g join road r on r.geom && ST_Expand(g.geom, 0.0002) and ST_Intersects(r.geom, ST_Buffer(g.geom, 0.00015))
      cross join lateral ST_Dump(ST_Intersection(r.geom, ST_Buffer(g.geom, 0.00015))) d
      where ST_GeometryType(d.geom) = 'ST_LineString' and ST_Length(d.geom) > 0.0002
      union all
      select g.patrol_id, ST_ExteriorRing(d.geom), '' from g cross join lateral ST_Dump(ST_Buffer(g.geom, -0.00012)) d
      where not exists (select 1 from road r where r.geom && g.geom and ST_Intersects(r.geom, g.geom))
    ), paths as (
      select patrol_id, ST_MakeLine(array_agg(case when k < '8' then geom else ST_Reverse(geom) end order by k)) as path from lines group by patrol_id
    ), p as (
      select w.*, paths.path, ST_Length(paths.path::geography) as total from w join paths using (patrol_id)
    )
    insert into gps_fix (device_id, fixed_at, user_id, patrol_id, geom, accuracy, speed, attributes)
    select p.device_id, p.start_at + make_interval(secs => i * ${SAMPLE_S}), p.user_id, p.patrol_id,
      ST_LineInterpolatePoint(p.path, least(1, i * ${SAMPLE_S} * p.speed / p.total)), 4 + (i % 7), p.speed, '{"synthetic":true}'
    from p cross join lateral generate_series(0, floor(least(p.total, p.max_m) / (p.speed * ${SAMPLE_S}))::int) i
    where p.total > 0`;
  await tx`update patrol p set fixes = f.n, kept_fixes = f.n, last_fix_at = f.last, ended_at = f.last, distance_m = f.m
    from (select patrol_id, count(*)::int as n, max(fixed_at) as last,
            coalesce(ST_Length(ST_MakeLine(geom order by fixed_at)::geography), 0) as m
          from gps_fix where patrol_id = any(${walks.map((w) => w.patrolId)}::bigint[]) group by patrol_id) f
    where p.id = f.patrol_id`;
  // a walk with no street to follow leaves an empty patrol: none is kept
  await tx`delete from patrol where id = any(${walks.map((w) => w.patrolId)}::bigint[]) and fixes = 0`;
}

async function write(tx: TransactionSql, walks: PlannedWalk[], names: Map<number, string>) {
  const devices = await devicesFor(tx, walks, names);
  const first = await reserveIds(tx, 'patrol', walks.length);
  const placed = walks.map((w, i) => ({ ...w, patrolId: first + i, deviceId: devices.get(`${w.userId}|${w.protocol}`)! }));
  await tx`insert into patrol (id, user_id, device_id, started_at, ended_at, synthetic) overriding system value
    select id, u, d, s, s, true from unnest(${placed.map((w) => w.patrolId)}::bigint[], ${placed.map((w) => w.userId)}::bigint[],
      ${placed.map((w) => w.deviceId)}::bigint[], ${placed.map((w) => w.startAt.toISOString())}::timestamptz[]) as x(id, u, d, s)`;
  const utcDays = [...new Set(walks.map((w) => w.startAt.toISOString().slice(0, 10)))];
  for (const d of utcDays) await tx`select ensure_gps_fix_partition(${d}::date)`;
  await writeFixes(tx, placed);
  const [n] = await tx`select count(*)::int as patrols, coalesce(sum(fixes), 0)::int as fixes from patrol where id = any(${placed.map((w) => w.patrolId)}::bigint[])`;
  return { patrols: Number(n!.patrols), fixes: Number(n!.fixes) };
}

/** Loads the demo's patrol history once (after the demo and its accounts) and computes the month's coverage; `now` anchors its end. */
export async function loadPatrolHistory(sql: Sql, opts: { now?: Date; seed?: string; log?: (m: string) => void } = {}): Promise<{ loaded: boolean }> {
  const [done] = await sql`select 1 from dataset where name = ${PATROL_HISTORY_DATASET}`;
  const [district] = await sql`select 1 from jurisdiction where code = ${DEMO_COUNTY}`;
  if (done || !district) return { loaded: false };
  const started = performance.now();
  const now = new Date(Math.floor((opts.now ?? new Date()).getTime() / 1000) * 1000);
  const seed = opts.seed ?? PATROL_HISTORY_SEED;
  // the roads cut into street pieces (migration 020) before anything is walked
  await sql`select refresh_street_pieces()`;
  const workers = await readWorkers(sql, dayOf(now));
  const walks = planWalks({ workers, now, days: PATROL_HISTORY_DAYS, seed });
  const names = new Map(workers.map((w) => [w.userId, w.username]));
  const written = await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${PATROL_HISTORY_DATASET}))`;
    const [again] = await tx`select 1 from dataset where name = ${PATROL_HISTORY_DATASET}`;
    if (again) return null;
    const counts = await write(tx, walks, names);
    await tx`insert into dataset (name, details) values (${PATROL_HISTORY_DATASET}, ${tx.json({ seed, days: PATROL_HISTORY_DAYS, now: now.toISOString(), ...counts })})`;
    return counts;
  });
  if (!written) return { loaded: false };
  await sql`analyze patrol, gps_fix`;
  const compute = createCoverageComputeRepo(sql);
  const today = dayOf(now);
  for (const day of daysBetween(addDays(today, 1 - PATROL_HISTORY_DAYS), today)) {
    await compute.computeDay(day, { prefix: null, policy: COVERAGE_POLICY, now, today: day === today });
  }
  opts.log?.(`[demo] patrol history: ${written.patrols} synthetic patrols, ${written.fixes} fixes, ${PATROL_HISTORY_DAYS} days of coverage in ${Math.round(performance.now() - started)} ms`);
  return { loaded: true };
}
