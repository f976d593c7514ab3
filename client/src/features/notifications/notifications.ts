/**
 * The notification bell's rules: the badge's text, the words of each kind, how long ago, the list with
 * a live item merged in, and how long to wait before reconnecting a stream that broke. Pure.
 */
import { NOTIFICATION_KINDS } from '../../../../server/src/features/notifications/notifications.domain.ts';

/** The fields of a notification the bell reads (the API's item has these and more). */
export interface BellItem {
  id: number;
  kind: string;
  createdAt: string;
  readAt: string | null;
  incident: { id: number };
}

/** The badge: nothing without unread notifications, the count up to 99, then 99+. */
export function badgeText(unread: number): string {
  if (!Number.isFinite(unread) || unread <= 0) return '';
  return unread > 99 ? '99+' : String(Math.floor(unread));
}

/** The message key of a kind; a kind this client does not know yet reads as a change of the case. */
export function kindKey(kind: string): string {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind) ? `notifications.kinds.${kind}` : 'notifications.kinds.other';
}

/** Whether a kind asks for attention sooner than the others (the due time is near or passed). */
export const isUrgent = (kind: string) => kind === 'overdue' || kind === 'reminder';

/** How long ago, as a message key and its count: just now, minutes, hours, days, or the date itself after a week. */
export function ago(iso: string, now: Date): { key: string; n: number } {
  const minutes = Math.floor((now.getTime() - Date.parse(iso)) / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1) return { key: 'notifications.ago.now', n: 0 };
  if (minutes < 60) return { key: 'notifications.ago.minutes', n: minutes };
  if (minutes < 24 * 60) return { key: 'notifications.ago.hours', n: Math.floor(minutes / 60) };
  if (minutes < 7 * 24 * 60) return { key: 'notifications.ago.days', n: Math.floor(minutes / (24 * 60)) };
  return { key: 'notifications.ago.date', n: 0 };
}

/** The list with a live item in it: once (by id), newest first, at most `max` long. */
export function mergeItem<T extends BellItem>(items: readonly T[], item: T, max: number): T[] {
  const rest = items.filter((i) => i.id !== item.id);
  const merged = [item, ...rest].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
  return merged.slice(0, Math.max(1, max));
}

/** The list after reading one (now) or all of them. */
export function markRead<T extends BellItem>(items: readonly T[], id: number | 'all', at: string): T[] {
  return items.map((i) => ((id === 'all' || i.id === id) && i.readAt === null ? { ...i, readAt: at } : i));
}

const MIN_DELAY_MS = 1_000;
const MAX_DELAY_MS = 60_000;

/** Wait before reconnect attempt `n` (0-based): 1 s doubling to a minute, with up to a fifth added at random so tabs do not reconnect at once. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.max(0, Math.min(attempt, 16)));
  return Math.round(base * (1 + 0.2 * Math.min(1, Math.max(0, random()))));
}

/** A stream event's item, or null when it is not one (a newer or broken server). */
export function parseItem<T extends BellItem>(data: string): T | null {
  try {
    const v = JSON.parse(data) as Partial<BellItem> | null;
    const ok = v !== null && typeof v === 'object' && Number.isInteger(v.id) && typeof v.kind === 'string' && typeof v.createdAt === 'string'
      && (v.readAt === null || typeof v.readAt === 'string') && Number.isInteger(v.incident?.id);
    return ok ? (v as T) : null;
  } catch {
    return null;
  }
}

/** The stream's `ready` event: the unread count, or null. */
export function parseReady(data: string): number | null {
  try {
    const v = JSON.parse(data) as { unread?: unknown } | null;
    return typeof v?.unread === 'number' && Number.isInteger(v.unread) && v.unread >= 0 ? v.unread : null;
  } catch {
    return null;
  }
}
