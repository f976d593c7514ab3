import policiesFile from '../../../../data/incidents/policies.json' with { type: 'json' };
import type { Sql } from 'postgres';
import { dueDate } from '../incidents/deadline.domain.ts';
import { parsePolicies } from '../incidents/policies.domain.ts';
import { createWorkCalendarRepo } from '../incidents/work-calendar.repo.ts';
import type { NotificationCenter } from './notification-center.ts';
import { audienceOfOverdue, audienceOfReminder, isEmpty } from './notifications.domain.ts';
import type { CreatedNotification, Delivery } from './notifications.repo.ts';

/** What one tick did: whether it ran (another process or tick held the lock otherwise) and what it created. */
export interface TickResult {
  ran: boolean;
  reminders: number;
  overdue: number;
}

/** The server's own clock for deadlines: started with the server, stopped with it, ticked by hand in tests. */
export interface ReminderScheduler {
  start(): void;
  /** Stops the timer and waits for a tick under way. */
  stop(): Promise<void>;
  /** Reminds of cases due soon and flags those past due, as of `now`, once each. */
  tick(now: Date): Promise<TickResult>;
}

export const TICK_MS = 60_000;
/**
 * A case that went overdue longer ago than this while no server ran is not flagged late (it is in every
 * overdue list anyway); it bounds what each tick reads to the cases that went late recently.
 */
export const OVERDUE_LOOKBACK_MS = 7 * 86_400_000;
const CALENDAR_TTL_MS = 60_000;
const policies = parsePolicies(policiesFile);

/**
 * Every minute, the open cases due within policies.remindBefore (4 working hours on the calendar: a case
 * is reminded once its due time is no later than now + 4 working hours) get a 'reminder' to their handler
 * and centre; those past due an 'overdue' to these and the level above. One tick at a time across every
 * process (a transaction-scoped advisory lock; the others skip), and each (user, case, kind, due time)
 * once whatever runs twice (the table's unique key).
 */
export function createReminderScheduler(deps: {
  sql: Sql; center: NotificationCenter; clock: () => Date; intervalMs?: number; log?: (m: string) => void;
}): ReminderScheduler {
  const calendars = createWorkCalendarRepo(deps.sql);
  const log = deps.log ?? ((m: string) => console.error(m));
  const intervalMs = deps.intervalMs ?? TICK_MS;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  // shared with the incidents services on the same handle: an admin's calendar edit reaches reminders at once
  const calendar = () => calendars.current(CALENDAR_TTL_MS);

  async function tick(now: Date): Promise<TickResult> {
    const until = dueDate(now, policies.remindBefore, await calendar(), { hours: policies.hours }).due!;
    const outcome = await deps.sql.begin(async (tx) => {
      const [lock] = await tx`select pg_try_advisory_xact_lock(hashtext('wangge.notifications.tick')) as ok`;
      if (!lock!.ok) return null;
      const cases = await deps.center.repo.dueCases(tx, now, until, new Date(now.getTime() - OVERDUE_LOOKBACK_MS));
      const deliveries: Delivery[] = cases.map((c) => {
        const late = now.getTime() > c.dueAt.getTime();
        return { incidentId: c.id, kind: late ? 'overdue' : 'reminder', dedupe: c.dedupe, at: now, audience: late ? audienceOfOverdue(c) : audienceOfReminder(c), exceptUserId: null };
      });
      return deps.center.repo.deliver(tx, deliveries.filter((d) => !isEmpty(d.audience)));
    });
    if (!outcome) return { ran: false, reminders: 0, overdue: 0 };
    deps.center.push(outcome as CreatedNotification[]);
    return { ran: true, reminders: outcome.filter((n) => n.kind === 'reminder').length, overdue: outcome.filter((n) => n.kind === 'overdue').length };
  }

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick(deps.clock())
        .catch((e: unknown) => log(`[notifications] reminder tick failed: ${(e as Error).message}`))
        .finally(() => {
          running = null;
          schedule(intervalMs);
        });
    }, ms);
    // never the reason a process stays alive
    timer.unref();
  };

  return {
    tick,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(Math.min(intervalMs, 5_000));
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
