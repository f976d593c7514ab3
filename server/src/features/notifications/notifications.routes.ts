import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { requireCaller, type AuthEnv, type Caller } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import { SESSION_IDLE_MS } from '../auth/auth.domain.ts';
import type { NotificationCenter } from './notification-center.ts';
import { listQuery, streamQuery } from './notifications.schema.ts';

/**
 * One live stream: the caller's new notifications as `notification` events, a `ready` event with the
 * unread count once subscribed, and a heartbeat comment that also checks the credential still holds
 * (a stream outlives the few seconds the caller cache trusts a session: a sign-out elsewhere ends it).
 */
async function live(stream: SSEStreamingApi, caller: Caller, center: NotificationCenter, clock: () => Date) {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  stream.onAbort(() => end());
  const unsubscribe = center.hub.subscribe(caller.userId, {
    send: (item) => void stream.writeSSE({ event: 'notification', id: String(item.id), data: JSON.stringify(item) }),
    close: () => end(),
  });
  const heartbeat = async () => {
    const now = clock();
    const valid = await center.repo.stillSignedIn(caller.userId, caller.sessionHash, now, new Date(now.getTime() - SESSION_IDLE_MS)).catch(() => false);
    if (valid) await stream.write(': heartbeat\n\n');
    else end();
  };
  const beat = setInterval(() => void heartbeat(), center.heartbeatMs);
  beat.unref();
  try {
    await stream.writeSSE({ event: 'ready', retry: 5000, data: JSON.stringify({ unread: await center.repo.unread(caller.userId) }) });
    await ended;
  } finally {
    clearInterval(beat);
    unsubscribe();
  }
}

/** GET /api/notifications, POST …/:id/read, POST …/read-all, GET …/stream — the caller's own notifications only. */
export function notificationsRoutes(center: NotificationCenter, clock: () => Date) {
  const { repo } = center;
  return new Hono<AuthEnv>()
    .get('/', validate('query', listQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const q = c.req.valid('query');
      const page = await repo.list(caller.userId, q);
      return c.json({ ...page, limit: q.limit, offset: q.offset });
    })
    .post('/read-all', async (c) => {
      const caller = requireCaller(c.get('caller'));
      const updated = await repo.markAllRead(caller.userId, clock());
      return c.json({ updated, unread: 0 });
    })
    .post('/:id/read', validate('param', idParam), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { id } = c.req.valid('param');
      const read = await repo.markRead(caller.userId, id, clock());
      // someone else's notification is as unknown as a missing one
      if (!read) throw notFound('notification_not_found', `No notification ${id} of yours`);
      return c.json({ ...read, unread: await repo.unread(caller.userId) });
    })
    .get('/stream', validate('query', streamQuery), (c) => {
      const caller = requireCaller(c.get('caller'));
      // proxies (nginx) must pass events on as they come rather than buffer them
      c.header('X-Accel-Buffering', 'no');
      return streamSSE(c, (stream) => live(stream, caller, center, clock), async (e) => {
        console.error(`[notifications] stream of user ${caller.userId} failed: ${e.message}`);
      });
    });
}
