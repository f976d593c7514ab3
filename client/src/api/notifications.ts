import { rpc, unwrap, type Ok } from './client.ts';

type Notifications = typeof rpc.api.notifications;
/** A page of the caller's notifications with the unread count and the total. */
export type NotificationPage = Ok<Notifications['$get']>;
/** One notification: its kind, the case (category, status, community) and when it came and was read. */
export type NotificationItem = NotificationPage['items'][number];

/** The caller's own notifications (the server answers 404 for anyone else's), and their live stream. */
export const notificationsApi = {
  list: (q: { unread?: boolean; limit: number; offset: number }) =>
    unwrap<NotificationPage>(rpc.api.notifications.$get({
      query: { unread: q.unread === undefined ? undefined : String(q.unread) as 'true' | 'false', limit: String(q.limit), offset: String(q.offset) },
    })),
  read: (id: number) => unwrap<Ok<Notifications[':id']['read']['$post']>>(rpc.api.notifications[':id'].read.$post({ param: { id: String(id) } })),
  readAll: () => unwrap<Ok<Notifications['read-all']['$post']>>(rpc.api.notifications['read-all'].$post()),
  /** The server-sent events of new notifications; same origin, so the session cookie goes with it. */
  stream: () => new EventSource(rpc.api.notifications.stream.$url().toString()),
};
