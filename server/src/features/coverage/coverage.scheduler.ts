import type { Sql } from 'postgres';
import { addDays, dayOf } from './coverage.domain.ts';
import { createCoverageService, type CoverageService } from './coverage.service.ts';

/** How often the scheduler looks whether yesterday's figures are settled. */
export const COVERAGE_TICK_MS = 10 * 60_000;

/** The server's own clock for coverage: started with the server, stopped with it, ticked by hand in tests. */
export interface CoverageScheduler {
  start(): void;
  /** Stops the timer and waits for a tick under way. */
  stop(): Promise<void>;
  /** Computes yesterday (Asia/Shanghai) when its figures are missing or predate its settling; the day computed, or null. */
  tick(now: Date): Promise<string | null>;
}

/**
 * After midnight in Beijing, yesterday's coverage is computed once it has settled (policy.settleMinutes after it
 * ended, so late uploads count): each tick asks, and the service computes only what is stale. Today's figures are
 * computed by the endpoints when asked.
 */
export function createCoverageScheduler(deps: { sql: Sql; clock: () => Date; service?: CoverageService; intervalMs?: number; log?: (m: string) => void }): CoverageScheduler {
  const service = deps.service ?? createCoverageService(deps.sql);
  const log = deps.log ?? ((m: string) => console.error(m));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  async function tick(now: Date) {
    const yesterday = addDays(dayOf(now), -1);
    const done = await service.ensureDay(yesterday, now);
    return done ? yesterday : null;
  }

  return {
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = tick(deps.clock()).catch((e: unknown) => log(`[coverage] computing yesterday failed: ${String(e)}`)).finally(() => { running = null; });
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
