import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../../test/factories.ts';
import { MAX_STREAMS_PER_USER } from './notification-hub.ts';
import { notificationsWorld, type NotificationsWorld } from './notifications.fixtures.ts';

// The live stream over a real listening server, read with fetch as a browser's EventSource reads it.
let w: NotificationsWorld;
let server: ServerType;
let base: string;

beforeAll(async () => {
  w = await notificationsWorld(new Date(), { heartbeatMs: 150 });
  server = serve({ fetch: w.app().fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  (server as unknown as { closeAllConnections(): void }).closeAllConnections();
  await new Promise((r) => server.close(r));
  await w.db.drop();
});

interface SseEvent { event: string; data: string; comment: boolean }

/** Opens the stream as a session (cookie) and reads its events one by one. */
async function open(cookie: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/notifications/stream`, { headers: { Cookie: cookie, Accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  const events: SseEvent[] = [];
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const field = (name: string) => block.split('\n').filter((l) => l.startsWith(`${name}: `)).map((l) => l.slice(name.length + 2)).join('\n');
          events.push({ event: field('event'), data: field('data'), comment: block.startsWith(':') });
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true;
  })();
  const next = async (test: (e: SseEvent) => boolean, timeout = 10_000) => {
    await expect.poll(() => events.some(test), { timeout, interval: 20 }).toBe(true);
    return events.find(test)!;
  };
  return { res, events, next, ended: () => ended, close: async () => { abort.abort(); await pump; } };
}

const cookieOf = (who: string) => w.as[who]!.cookie;

describe('the live stream', () => {
  it('delivers a notification made by another user\'s transition, uncompressed, with heartbeats between', async () => {
    const s = await open(cookieOf('leader.furun1'), { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(s.res.status).toBe(200);
    expect(s.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(s.res.headers.get('content-encoding')).toBeNull();
    const ready = await s.next((e) => e.event === 'ready');
    expect(JSON.parse(ready.data)).toEqual({ unread: 0 });
    // the manager dispatches a case of the community to leader.furun1's grid, through the same server
    const { id } = await w.report('manager.furun');
    const post = (action: Record<string, unknown>, version: number) => fetch(`${base}/api/incidents/${id}/transitions`, {
      method: 'POST', headers: { ...w.headers('manager.furun') }, body: JSON.stringify({ version, ...action }),
    });
    expect((await post({ action: 'accept' }, 1)).status).toBe(200);
    const [g] = await w.db.sql`select grid_code from incident where id = ${id}`;
    expect((await post({ action: 'dispatch', assignee: { kind: 'grid', unitId: g!.grid_code } }, 2)).status).toBe(200);
    const pushed = await s.next((e) => e.event === 'notification');
    const item = JSON.parse(pushed.data) as { kind: string; incident: { id: number; status: string; community: { name: string } }; readAt: null };
    expect(item).toMatchObject({ kind: 'dispatch', incident: { id, status: 'dispatched', community: { name: '富润社区' } }, readAt: null });
    await s.next((e) => e.comment);
    // the manager acted: nothing reached a stream of theirs
    const manager = await open(cookieOf('manager.furun'));
    await manager.next((e) => e.event === 'ready');
    expect(manager.events.filter((e) => e.event === 'notification')).toEqual([]);
    await Promise.all([s.close(), manager.close()]);
  });

  it('leaves no subscriber behind when 50 streams close', async () => {
    const users = await w.db.sql`insert into app_user (username, display_name, password_hash)
      select 'stream' || n, '流' || n, 'x' from generate_series(1, 10) n returning id`;
    const sessions = await Promise.all(users.map((u) => createSession(w.db.sql, Number(u.id), w.now())));
    const before = w.center.hub.subscribers();
    const streams = await Promise.all(Array.from({ length: 50 }, (_, i) => open(sessions[i % 10]!.cookie)));
    await Promise.all(streams.map((s) => s.next((e) => e.event === 'ready')));
    expect(w.center.hub.subscribers()).toBe(before + 50);
    await Promise.all(streams.map((s) => s.close()));
    await expect.poll(() => w.center.hub.subscribers(), { timeout: 10_000 }).toBe(before);
  });

  it('closes the oldest of a user\'s streams beyond one a tab may need, and a stream whose session ended', async () => {
    const [u] = await w.db.sql`insert into app_user (username, display_name, password_hash) values ('stream.tabs', '多标签', 'x') returning id`;
    const session = await createSession(w.db.sql, Number(u!.id), w.now());
    const tabs: Awaited<ReturnType<typeof open>>[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_USER + 1; i++) {
      const s = await open(session.cookie);
      await s.next((e) => e.event === 'ready');
      tabs.push(s);
    }
    await expect.poll(() => tabs[0]!.ended(), { timeout: 5_000 }).toBe(true);
    expect(tabs.slice(1).some((t) => t.ended())).toBe(false);
    expect(w.center.hub.subscribers(Number(u!.id))).toBe(MAX_STREAMS_PER_USER);
    // signed out elsewhere: the next heartbeat finds the session gone and ends every stream of it
    await w.db.sql`delete from user_session where user_id = ${Number(u!.id)}`;
    await expect.poll(() => tabs.every((t) => t.ended()), { timeout: 5_000 }).toBe(true);
    expect(w.center.hub.subscribers(Number(u!.id))).toBe(0);
  });

  it('is refused without a session (401) and with any parameter (400)', async () => {
    expect((await fetch(`${base}/api/notifications/stream`)).status).toBe(401);
    const res = await fetch(`${base}/api/notifications/stream?since=1`, { headers: { Cookie: cookieOf('leader.furun1') } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });
});
