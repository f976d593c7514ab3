import type { Sql } from 'postgres';
import type { IncidentBus, IncidentChange } from '../incidents/incident-bus.ts';
import { createNotificationHub, type NotificationHub } from './notification-hub.ts';
import { audienceOfAction, isEmpty } from './notifications.domain.ts';
import { createNotificationsRepo, type CreatedNotification, type Delivery, type NotificationItem, type NotificationsRepo } from './notifications.repo.ts';

/** The notifications of one process: the bus's changes turned into notifications, and the hub that pushes them live. */
export interface NotificationCenter {
  repo: NotificationsRepo;
  hub: NotificationHub<NotificationItem>;
  /** Creates the deliveries' notifications (once each) and pushes the new ones to their users' streams. */
  deliver(deliveries: readonly Delivery[]): Promise<number>;
  /** Pushes notifications created elsewhere (in a transaction, once it committed) to their users' streams. */
  push(created: readonly CreatedNotification[]): void;
  /** Resolves when every change announced so far has been turned into notifications (tests wait on it). */
  settled(): Promise<void>;
  /** Stops listening to the bus. */
  close(): void;
  /** How long between two heartbeats of a live stream. */
  heartbeatMs: number;
}

const centers = new WeakMap<IncidentBus, NotificationCenter>();

/** A heartbeat comment every 25 s keeps proxies and browsers from closing a quiet stream. */
export const HEARTBEAT_MS = 25_000;

/**
 * Listens to the bus: each change that concerns somebody becomes notifications for them (never for the
 * actor). The first centre of a bus is the one notificationCenterFor gives for it.
 */
export function createNotificationCenter(deps: { sql: Sql; bus: IncidentBus; heartbeatMs?: number; log?: (m: string) => void }): NotificationCenter {
  const repo = createNotificationsRepo(deps.sql);
  const log = deps.log ?? ((m: string) => console.error(m));
  const hub = createNotificationHub<NotificationItem>({ log });
  const inFlight = new Set<Promise<unknown>>();

  const push = (created: readonly CreatedNotification[]) => {
    for (const { userId, ...item } of created) hub.publish(userId, item);
  };
  async function deliver(deliveries: readonly Delivery[]): Promise<number> {
    const created = await repo.deliver(deps.sql, deliveries);
    push(created);
    return created.length;
  }

  async function onChange(change: IncidentChange) {
    const facts = await repo.caseFacts(change.id, change.action, change.at);
    if (!facts) return;
    const audience = audienceOfAction(change.action, facts);
    if (!audience || isEmpty(audience)) return;
    // the timeline line of the action makes it unique; without one (never expected) the time does
    const dedupe = facts.eventId !== null ? `event:${facts.eventId}` : `at:${change.at.toISOString()}`;
    await deliver([{ incidentId: change.id, kind: change.action, dedupe, at: change.at, audience, exceptUserId: change.actorUserId }]);
  }

  const unsubscribe = deps.bus.subscribe((change) => {
    const job = onChange(change)
      .catch((e: unknown) => log(`[notifications] case ${change.id} (${change.action}): ${(e as Error).message}`))
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
  });

  const center: NotificationCenter = {
    repo,
    hub,
    deliver,
    push,
    heartbeatMs: deps.heartbeatMs ?? HEARTBEAT_MS,
    async settled() {
      // the bus calls its listeners in microtasks after the emitter: let them start first
      await new Promise((r) => setImmediate(r));
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    close: unsubscribe,
  };
  if (!centers.has(deps.bus)) centers.set(deps.bus, center);
  return center;
}

/**
 * The one centre of a bus: apps built again and again on the same bus (tests build one per request)
 * share it, so each change is turned into notifications once and every stream hears of it.
 */
export function notificationCenterFor(bus: IncidentBus, sql: Sql): NotificationCenter {
  return centers.get(bus) ?? createNotificationCenter({ sql, bus });
}
