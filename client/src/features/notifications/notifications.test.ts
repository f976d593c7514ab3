import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../../../../server/src/features/notifications/notifications.domain.ts';
import { en } from '../../i18n/en.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { ago, badgeText, kindKey, markRead, mergeItem, parseItem, parseReady, reconnectDelay, type BellItem } from './notifications.ts';

const item = (id: number, createdAt: string, readAt: string | null = null): BellItem => ({ id, kind: 'dispatch', createdAt, readAt, incident: { id: 100 + id } });

describe('the bell', () => {
  it('shows the unread count up to 99, then 99+, and nothing without unread ones', () => {
    expect([0, -1, Number.NaN, 1, 42, 99, 100, 12_345].map(badgeText)).toEqual(['', '', '', '1', '42', '99', '99+', '99+']);
  });

  it('has words for every kind the server sends, in both languages, and a fallback for kinds it does not know', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(kindKey(kind)).toBe(`notifications.kinds.${kind}`);
      expect(zhCN.notifications.kinds[kind], kind).toBeTruthy();
      expect(en.notifications.kinds[kind], kind).toBeTruthy();
    }
    expect(kindKey('something_new')).toBe('notifications.kinds.other');
  });

  it('says how long ago: now, minutes, hours, days, then the date', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    expect(ago('2026-12-07T09:59:30Z', now)).toEqual({ key: 'notifications.ago.now', n: 0 });
    expect(ago('2026-12-07T10:05:00Z', now)).toEqual({ key: 'notifications.ago.now', n: 0 }); // a server clock slightly ahead
    expect(ago('2026-12-07T09:47:00Z', now)).toEqual({ key: 'notifications.ago.minutes', n: 13 });
    expect(ago('2026-12-07T07:00:00Z', now)).toEqual({ key: 'notifications.ago.hours', n: 3 });
    expect(ago('2026-12-04T10:00:00Z', now)).toEqual({ key: 'notifications.ago.days', n: 3 });
    expect(ago('2026-11-20T10:00:00Z', now).key).toBe('notifications.ago.date');
  });
});

describe('the list', () => {
  it('takes a live item once, newest first, within its length', () => {
    const list = [item(2, '2026-12-07T09:00:00Z'), item(1, '2026-12-07T08:00:00Z')];
    expect(mergeItem(list, item(3, '2026-12-07T10:00:00Z'), 20).map((i) => i.id)).toEqual([3, 2, 1]);
    expect(mergeItem(list, item(2, '2026-12-07T09:00:00Z'), 20).map((i) => i.id)).toEqual([2, 1]);
    expect(mergeItem(list, item(3, '2026-12-07T10:00:00Z'), 2).map((i) => i.id)).toEqual([3, 2]);
  });

  it('marks one or all read, keeping a first reading', () => {
    const list = [item(2, '2026-12-07T09:00:00Z'), item(1, '2026-12-07T08:00:00Z', 'earlier')];
    expect(markRead(list, 2, 'now').map((i) => i.readAt)).toEqual(['now', 'earlier']);
    expect(markRead(list, 'all', 'now').map((i) => i.readAt)).toEqual(['now', 'earlier']);
    expect(markRead(list, 9, 'now')).toEqual(list);
  });
});

describe('the stream', () => {
  it('reads items and the ready count, and refuses anything else', () => {
    const good = item(5, '2026-12-07T09:00:00Z');
    expect(parseItem(JSON.stringify(good))).toEqual(good);
    for (const bad of ['', '{', 'null', '[]', '{"id":"5"}', JSON.stringify({ ...good, incident: null }), JSON.stringify({ ...good, readAt: 3 })]) {
      expect(parseItem(bad), bad).toBeNull();
    }
    expect(parseReady('{"unread":3}')).toBe(3);
    expect(['{"unread":-1}', '{"unread":1.5}', '{}', 'x'].map(parseReady)).toEqual([null, null, null, null]);
  });

  it('waits 1 s, then twice as long each time up to a minute, plus up to a fifth at random', () => {
    const none = () => 0;
    expect([0, 1, 2, 3, 5, 6, 10, 100].map((a) => reconnectDelay(a, none))).toEqual([1000, 2000, 4000, 8000, 32_000, 60_000, 60_000, 60_000]);
    expect(reconnectDelay(0, () => 1)).toBe(1200);
    expect(reconnectDelay(-3, none)).toBe(1000);
  });
});
