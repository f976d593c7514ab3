/**
 * The coverage and replay suites' day of patrols: `patrols` walks of `fixesEach` fixes (5 s apart, at a walking pace,
 * each inside the grid of its worker: most grid leaders walk their own grid once, some grids get a second patrol and
 * so some none), and one worker's whole day (8 hours, one fix per 5 s) for the replay, all on the day two days before
 * today in Beijing (its partitions untouched by the ingest suite), written with one COPY. Seeded: the same rows each run.
 */
import type { Sql } from 'postgres';
import { createRandom } from '../../data/seed/random.ts';
import { addDays, dayBounds, dayOf } from '../../server/src/features/coverage/coverage.domain.ts';
import { copyFixes, ensurePartitions, fixLine, type FixOwner } from './fix-copy.ts';
import type { Worker } from './people.ts';
import { walk } from './walk.ts';

/** What was written. */
export interface PatrolDay {
  day: string;
  patrols: number;
  fixes: number;
  /** Grids with at least one patrol of the day planned in them. */
  gridsWalked: number;
  seconds: number;
  /** The long patrol the replay suite reads. */
  replay: { patrolId: number; userId: number; fixes: number };
}

const INTERVAL_MS = 5_000;
const WALK_MPS = 1.3;
const HOUR = 3_600_000;
export const REPLAY_FIXES = (8 * HOUR) / INTERVAL_MS;

interface Plan {
  worker: Worker;
  startAt: Date;
  count: number;
}

/** Who walks where and when: patrol k in grid k most of the time, else in a grid drawn at random. */
function plan(workers: readonly Worker[], patrols: number, fixesEach: number, from: Date): Plan[] {
  const rng = createRandom('patrol-day');
  const plans: Plan[] = [];
  for (let k = 0; k < patrols; k++) {
    const worker = rng.chance(0.85) ? workers[k % workers.length]! : rng.pick(workers);
    plans.push({ worker, startAt: new Date(from.getTime() + 7 * HOUR + rng.int(0, 10 * 3600) * 1000), count: fixesEach });
  }
  // the replay's worker walks from 08:00 to 16:00
  plans.push({ worker: workers[0]!, startAt: new Date(from.getTime() + 8 * HOUR), count: REPLAY_FIXES });
  return plans;
}

/** A device and a patrol for each plan (one device each, so two walks of a worker never share a fix time). */
async function owners(sql: Sql, plans: readonly Plan[]): Promise<FixOwner[]> {
  const rows = await sql<{ id: string; device_id: string; user_id: string }[]>`
    with d as (
      insert into device (user_id, protocol, identifier)
      select u, 'web', 'day-' || i from unnest(${plans.map((p) => p.worker.userId)}::bigint[]) with ordinality x(u, i)
      returning id, user_id, identifier),
    p as (
      insert into patrol (user_id, device_id, started_at, ended_at, synthetic)
      select d.user_id, d.id, x.s, x.s, true from d
      join unnest(${plans.map((p) => p.startAt.toISOString())}::timestamptz[]) with ordinality x(s, i) on d.identifier = 'day-' || x.i
      returning id, device_id, user_id)
    select p.id, p.device_id, p.user_id from p join d on d.id = p.device_id order by substr(d.identifier, 5)::int`;
  return rows.map((r) => ({ deviceId: Number(r.device_id), userId: Number(r.user_id), patrolId: Number(r.id) }));
}

function* lines(plans: readonly Plan[], who: readonly FixOwner[]): Generator<string> {
  for (const [k, p] of plans.entries()) {
    for (const f of walk(createRandom(`patrol-day/${k}`), { box: p.worker.box, startAt: p.startAt, intervalMs: INTERVAL_MS, speedMps: WALK_MPS, count: p.count })) {
      yield fixLine(who[k]!, f);
    }
  }
}

/** Writes the day of patrols and sets each patrol's totals from its fixes. */
export async function writePatrolDay(sql: Sql, workers: readonly Worker[], opts: { patrols: number; fixesEach: number; log: (m: string) => void }): Promise<PatrolDay> {
  const started = performance.now();
  const day = addDays(dayOf(new Date()), -2);
  const { from, to } = dayBounds(day);
  const plans = plan(workers, opts.patrols, opts.fixesEach, from);
  const who = await owners(sql, plans);
  await ensurePartitions(sql, from, to);
  const fixes = await copyFixes(sql, lines(plans, who));
  await sql`update patrol p set fixes = x.n, kept_fixes = x.n, started_at = x.f, last_fix_at = x.l, ended_at = x.l, distance_m = x.m
    from (select patrol_id, count(*)::int as n, min(fixed_at) as f, max(fixed_at) as l,
            ST_Length(ST_MakeLine(geom order by fixed_at)::geography) as m
          from gps_fix where fixed_at >= ${from} and fixed_at < ${to} group by patrol_id) x
    where p.id = x.patrol_id`;
  await sql`analyze gps_fix`;
  const seconds = (performance.now() - started) / 1000;
  const last = who.at(-1)!;
  opts.log(`[bench] patrol day ${day}: ${fixes.toLocaleString('en')} fixes of ${plans.length} patrols in ${seconds.toFixed(1)} s`);
  return {
    day, patrols: plans.length - 1, fixes, seconds, gridsWalked: new Set(plans.slice(0, -1).map((p) => p.worker.gridCode)).size,
    replay: { patrolId: last.patrolId, userId: last.userId, fixes: REPLAY_FIXES },
  };
}
