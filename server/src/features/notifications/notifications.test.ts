import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationsWorld, type NotificationsWorld } from './notifications.fixtures.ts';

// Who hears of what on the Haidian demo: leader.furun1 and assistant.furun1 work the grid, manager.furun
// runs 富润社区, commander is the 学院路 street office's centre, commander.county the county's, and
// dept.sanitation is the member of a street-office department. The admin may act everywhere and is told of nothing.
let w: NotificationsWorld;
let minute = 0;
/** Each action a minute after the last, as people act: a timeline never has two lines at one instant. */
const tick = () => w.setNow(new Date(Date.parse('2026-12-07T02:00:00Z') + ++minute * 60_000));

beforeAll(async () => {
  w = await notificationsWorld(new Date('2026-12-07T02:00:00Z')); // Monday 10:00 in Beijing
});
afterAll(() => w.db.drop());

const act = async (who: string, id: number, body: Record<string, unknown>) => {
  await tick();
  return w.act(who, id, body);
};
const toDepartment = () => ({ action: 'dispatch', assignee: { kind: 'department', unitId: String(w.departmentId) } });

describe('the people concerned by each action', () => {
  it('carries a grid leader\'s case through the community and a department, telling each the right people once', async () => {
    const { id } = await w.report('leader.furun1');
    await act('leader.furun1', id, { action: 'escalate', note: '需社区协调' });
    expect(await w.notified(id, 'escalate')).toEqual(['manager.furun']);
    await act('manager.furun', id, { action: 'accept' });
    await act('manager.furun', id, toDepartment());
    expect(await w.notified(id, 'dispatch')).toEqual(['dept.sanitation']);
    await act('dept.sanitation', id, { action: 'start' });
    await act('dept.sanitation', id, { action: 'request_extension', note: '需订购配件', extra: { amount: 2, unit: 'working_days' } });
    expect(await w.notified(id, 'request_extension')).toEqual(['manager.furun']);
    await act('manager.furun', id, { action: 'approve_request' });
    expect(await w.notified(id, 'approve_request')).toEqual(['dept.sanitation']);
    await act('dept.sanitation', id, { action: 'feed_back', note: '已更换' });
    // the dispatching community and the reporter; the department itself acted
    expect(await w.notified(id, 'feed_back')).toEqual(['leader.furun1', 'manager.furun']);
    await act('leader.furun1', id, { action: 'rework', note: '仍有破损' });
    expect(await w.notified(id, 'rework')).toEqual(['dept.sanitation']);
    await act('dept.sanitation', id, { action: 'feed_back', note: '已重新更换' });
    // a second feed-back is a second notification each, not swallowed as a repeat of the first
    expect(await w.notified(id, 'feed_back')).toEqual(['leader.furun1', 'leader.furun1', 'manager.furun', 'manager.furun']);
    await act('manager.furun', id, { action: 'verify' });
    expect(await w.notified(id, 'verify')).toEqual(['leader.furun1']);
    const [all] = await w.db.sql`select count(*)::int as n, count(*) filter (where u.username in ('admin', 'commander', 'viewer'))::int as others
      from notification n join app_user u on u.id = n.user_id where n.incident_id = ${id}`;
    expect(all).toEqual({ n: 10, others: 0 });
  });

  it('tells a grid\'s leader and assistant of a case dispatched to their grid, and the reporter when it is voided', async () => {
    const { id } = await w.report('manager.furun');
    await act('manager.furun', id, { action: 'accept' });
    await act('manager.furun', id, { action: 'dispatch', assignee: { kind: 'grid', unitId: (await gridOf(id)) } });
    expect(await w.notified(id, 'dispatch')).toEqual(['assistant.furun1', 'leader.furun1']);
    const other = await w.report('leader.furun1');
    await act('leader.furun1', other.id, { action: 'escalate', note: '需社区处理' });
    await act('manager.furun', other.id, { action: 'void', note: '重复上报' });
    expect(await w.notified(other.id, 'void')).toEqual(['leader.furun1']);
  });

  it('tells the street office when escalated to it, the county (not the street office) when forwarded, and the street office when sent back', async () => {
    const { id } = await w.report('manager.furun');
    await act('manager.furun', id, { action: 'escalate', note: '超出社区职权' });
    expect(await w.notified(id, 'escalate')).toEqual(['commander']);
    await act('commander', id, { action: 'forward', note: '需区级部门' });
    expect(await w.notified(id, 'forward')).toEqual(['commander.county']);
    await act('commander.county', id, { action: 'send_back', note: '属街道职权' });
    expect(await w.notified(id, 'send_back')).toEqual(['commander']);
  });

  it('tells the reporter and followers when a grid worker solves a case on the spot, never the actor', async () => {
    const { id } = await w.report('assistant.furun1');
    await w.db.sql`insert into incident_follower (incident_id, user_id) values (${id}, ${w.ids['officer.furun']!})`;
    await act('leader.furun1', id, { action: 'self_handle', note: '已当场清理' });
    expect(await w.notified(id, 'self_handle')).toEqual(['assistant.furun1', 'officer.furun']);
    const own = await w.report('leader.furun1');
    await act('leader.furun1', own.id, { action: 'self_handle', note: '已当场清理' });
    expect(await w.notified(own.id, 'self_handle')).toEqual([]);
  });
});

const gridOf = async (id: number) => String((await w.db.sql`select grid_code from incident where id = ${id}`)[0]!.grid_code);

type Page = { items: { id: number; kind: string; incident: { id: number; status: string; category: { name: string }; community: { name: string } }; readAt: string | null }[]; unread: number; total: number };
const page = async (who: string, query = '') => (await (await w.get(who, `/api/notifications${query}`)).json()) as Page;

describe('reading them', () => {
  it('lists the caller\'s own, newest first, with the case\'s category, status and community, and counts the unread', async () => {
    const mine = await page('manager.furun');
    expect(mine.items.length).toBeGreaterThan(3);
    expect(mine.unread).toBe(mine.total);
    const [first] = mine.items;
    expect(first!.incident.category.name).toBe('广告牌匾破损');
    expect(first!.incident.community.name).toBe('富润社区');
    expect(typeof first!.incident.status).toBe('string');
    const [n] = await w.db.sql`select count(*)::int as n from notification where user_id = ${w.ids['manager.furun']!}`;
    expect(mine.total).toBe(n!.n);
    expect((await page('manager.furun', '?limit=2&offset=1')).items.map((i) => i.id)).toEqual(mine.items.slice(1, 3).map((i) => i.id));
    expect((await page('viewer')).items).toEqual([]);
  });

  it('marks one read (the first reading stays), keeps others\' out of reach (404), and marks all read', async () => {
    const [target] = (await page('leader.furun1')).items;
    const before = await page('leader.furun1');
    const stranger = await w.send('manager.furun', `/api/notifications/${target!.id}/read`);
    expect(stranger.status).toBe(404);
    expect(((await stranger.json()) as { error: { code: string } }).error.code).toBe('notification_not_found');
    expect((await page('leader.furun1')).unread).toBe(before.unread);
    const ok = await w.send('leader.furun1', `/api/notifications/${target!.id}/read`);
    expect(ok.status).toBe(200);
    const read = (await ok.json()) as { readAt: string; unread: number };
    expect(read.unread).toBe(before.unread - 1);
    await tick();
    const again = (await (await w.send('leader.furun1', `/api/notifications/${target!.id}/read`)).json()) as { readAt: string };
    expect(again.readAt).toBe(read.readAt);
    expect((await page('leader.furun1', '?unread=false')).items.map((i) => i.id)).toEqual([target!.id]);
    expect((await page('leader.furun1', '?unread=true')).items.map((i) => i.id)).not.toContain(target!.id);
    const managerUnread = (await page('manager.furun')).unread;
    const all = await w.send('leader.furun1', '/api/notifications/read-all');
    expect(await all.json()).toEqual({ updated: before.unread - 1, unread: 0 });
    expect((await page('leader.furun1', '?unread=true')).items).toEqual([]);
    expect((await page('manager.furun')).unread).toBe(managerUnread);
  });

  it('refuses bad input with a clear 4xx and anonymous callers with 401', async () => {
    for (const q of ['?unread=yes', '?limit=0', '?limit=101', '?offset=-1', '?surprise=1']) {
      expect((await w.get('manager.furun', `/api/notifications${q}`)).status, q).toBe(400);
    }
    expect((await w.send('manager.furun', '/api/notifications/abc/read')).status).toBe(400);
    expect((await w.send('manager.furun', '/api/notifications/99999999/read')).status).toBe(404);
    expect((await w.app().request('/api/notifications')).status).toBe(401);
    expect((await w.get('manager.furun', '/api/notifications/stream?x=1')).status).toBe(400);
  });
});
