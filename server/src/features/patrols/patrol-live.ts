import type { SSEStreamingApi } from 'hono/streaming';
import type { Sql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { SESSION_IDLE_MS } from '../auth/auth.domain.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { createNotificationsRepo } from '../notifications/notifications.repo.ts';
import type { PatrolBus } from './patrol-bus.ts';
import { presentPatrol, presentPosition } from './patrols.present.ts';
import type { PatrolsService } from './patrols.service.ts';

export interface LiveOptions {
  /** Positions are sent at most this often per stream (news in between is coalesced per worker). */
  coalesceMs: number;
  heartbeatMs: number;
}

/**
 * One screen's live stream: `position` events (a worker of the caller's scope moved; at most one per
 * worker per `coalesceMs`), `patrol` events (a patrol started or ended), a `ready` event with the current
 * positions once subscribed, and a heartbeat that also checks the credential still holds.
 */
export async function patrolLive(stream: SSEStreamingApi, caller: Caller, sql: Sql, service: PatrolsService, bus: PatrolBus, clock: () => Date, o: LiveOptions) {
  const sessions = createNotificationsRepo(sql);
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  stream.onAbort(() => end());
  const moved = new Set<number>();
  const patrols = new Set<number>();
  const off = bus.on((n) => (n.kind === 'position' ? moved.add(n.userId) : patrols.add(n.patrolId)));
  let busy = false;
  const flush = async () => {
    if (busy || (!moved.size && !patrols.size)) return;
    busy = true;
    const users = [...moved];
    const ids = [...patrols];
    moved.clear();
    patrols.clear();
    try {
      // the scope decides: a worker outside it is simply not found here
      for (const p of users.length ? await service.positions(caller, 24 * 60, users) : []) {
        await stream.writeSSE({ event: 'position', data: JSON.stringify(presentPosition(p, clock())) });
      }
      for (const id of ids) {
        const p = await service.repo.byId(id);
        if (p && (await service.repo.sees(scopeOf(caller), caller.userId, p.userId))) await stream.writeSSE({ event: 'patrol', data: JSON.stringify(presentPatrol(p)) });
      }
    } catch {
      end();
    } finally {
      busy = false;
    }
  };
  const tick = setInterval(() => void flush(), o.coalesceMs);
  const beat = setInterval(async () => {
    const now = clock();
    const valid = await sessions.stillSignedIn(caller.userId, caller.sessionHash, now, new Date(+now - SESSION_IDLE_MS)).catch(() => false);
    if (valid) await stream.write(': heartbeat\n\n').catch(() => end());
    else end();
  }, o.heartbeatMs);
  tick.unref();
  beat.unref();
  try {
    const now = clock();
    const positions = (await service.positions(caller, 24 * 60)).map((p) => presentPosition(p, now));
    await stream.writeSSE({ event: 'ready', retry: 3000, data: JSON.stringify({ positions }) });
    await ended;
  } finally {
    clearInterval(tick);
    clearInterval(beat);
    off();
  }
}

const scopeOf = (caller: Caller) => scopeFor(caller.grants, 'patrols.view');
