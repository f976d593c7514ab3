/**
 * `patrols-coverage`: the coverage service's computation of one day (every grid in force; createCoverageComputeRepo's
 * computeDay, what the service and the nightly scheduler run) over the day of patrols, `runs` times (a recomputation
 * replaces the day's rows), against the cheapest honest query over the same data: the day's kept fixes counted per
 * grid by ST_Intersects (no time, distance, buildings or streets).
 */
import type { Sql } from 'postgres';
import { createCoverageComputeRepo, type ComputeResult } from '../../server/src/features/coverage/coverage-compute.repo.ts';
import { dayBounds } from '../../server/src/features/coverage/coverage.domain.ts';
import { COVERAGE_POLICY } from '../../server/src/features/coverage/coverage.service.ts';

export interface CoverageResult {
  /** Each run of the computation: wall time and its steps' (ms). */
  runs: { ms: number; steps: Record<string, number> }[];
  /** Each run of the baseline (ms). */
  baseline: number[];
  grids: number;
  fixes: number;
  workerGridRows: number;
  /** What the computation found, to show it did its work. */
  found: { patrolled: number; buildingsPassed: number; buildingsTotal: number; streetWalkedM: number; streetTotalM: number };
  /** Grids the baseline found fixes in. */
  baselineGrids: number;
}

/** The baseline: the day's kept fixes per grid in force, by ST_Intersects. */
async function countPerGrid(sql: Sql, day: string): Promise<number> {
  const { from, to } = dayBounds(day);
  const rows = await sql`select g.id, count(*) from grids_on(${day}::date) g join gps_fix f on f.geom && g.geom and ST_Intersects(g.geom, f.geom)
    where f.fixed_at >= ${from} and f.fixed_at < ${to} and f.kept group by g.id`;
  return rows.length;
}

/** The middle value (the lower middle of an even count). */
export const median = (v: readonly number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)]!;

/** Runs the computation and the baseline `runs` times each, alternating which goes first. */
export async function benchCoverage(sql: Sql, day: string, runs: number, log: (m: string) => void): Promise<CoverageResult> {
  const compute = createCoverageComputeRepo(sql);
  const done: ComputeResult[] = [];
  const baseline: number[] = [];
  let baselineGrids = 0;
  const steps = [
    async () => {
      const r = await compute.computeDay(day, { prefix: null, policy: COVERAGE_POLICY, now: new Date(), today: false });
      if (!r) throw new Error(`coverage of ${day} was not computed`);
      done.push(r);
      log(`[bench] coverage: computed ${day} in ${r.ms} ms ${JSON.stringify(r.steps)}`);
    },
    async () => {
      const t = performance.now();
      baselineGrids = await countPerGrid(sql, day);
      baseline.push(performance.now() - t);
      log(`[bench] coverage: fixes per grid in ${Math.round(baseline.at(-1)!)} ms`);
    },
  ];
  for (let r = 0; r < runs; r++) for (let j = 0; j < steps.length; j++) await steps[(r + j) % steps.length]!();
  const [f] = await sql`select count(*) filter (where patrolled)::int as patrolled, sum(buildings_passed)::int as bp, sum(buildings_total)::int as bt,
      sum(street_m_walked)::float8 as sw, sum(street_m_total)::float8 as st from grid_coverage_day where day = ${day}::date`;
  const last = done.at(-1)!;
  return {
    runs: done.map((r) => ({ ms: r.ms, steps: r.steps })), baseline, grids: last.grids, fixes: last.fixes, workerGridRows: last.workerGridRows, baselineGrids,
    found: { patrolled: f!.patrolled, buildingsPassed: f!.bp, buildingsTotal: f!.bt, streetWalkedM: f!.sw, streetTotalM: f!.st },
  };
}
