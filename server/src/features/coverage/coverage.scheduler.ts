import type { Sql } from 'postgres';
import { addDays, dayOf } from './coverage.domain.ts';
import { createCoverageService, type CoverageService } from './coverage.service.ts';

/** How often the scheduler looks whether the past days' figures are settled. */
export const COVERAGE_TICK_MS = 10 * 60_000;
/** How many past days each tick looks at: a server down over a weekend catches up when it starts again. */
export const COVERAGE_LOOKBACK_DAYS = 7;

/** The server's own clock for coverage: started with the server, stopped with it, ticked by hand in tests. */
export interface CoverageScheduler {
  start(): void;
  /** Stops the timer and waits for a tick under way. */
  stop(): Promise<void>;
  /** Computes each of the last days (Asia/Shanghai, yesterday back) whose figures are missing or predate its settling; the days computed, oldest first. */
  tick(now: Date): Promise<string[]>;
}

/**
 * After midnight in Beijing, yesterday's coverage is computed, and again once it has settled (policy.settleMinutes
 * after it ended, so late uploads count); each tick asks for the last week, and the service computes only what is
 * stale (a day never computed, one computed before it settled, one marked stale). Today's figures are computed by
 * the endpoints when asked.
 */
export function createCoverageScheduler(deps: { sql: Sql; clock: () => Date; service?: CoverageService; intervalMs?: number; log?: (m: string) => void }): CoverageScheduler {
  const service = deps.service ?? createCoverageService(deps.sql);
  const log = deps.log ?? ((m: string) => console.error(m));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  async function tick(now: Date) {
    const computed: string[] = [];
    for (let ago = COVERAGE_LOOKBACK_DAYS; ago >= 1; ago--) {
      const day = addDays(dayOf(now), -ago);
      if (await service.ensureDay(day, now)) computed.push(day);
    }
    return computed;
  }

  return {
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = tick(deps.clock()).catch((e: unknown) => log(`[coverage] computing the past days failed: ${String(e)}`)).finally(() => { running = null; });
      }, deps.intervalMs ?? COVERAGE_TICK_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
