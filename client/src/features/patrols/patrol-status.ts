// The status line of the patrol app, in words a worker reads at a glance: 记录中 (recording), 离线
// (offline), n 个点待上传 (n points waiting), 已同步 (all sent). Pure: the view passes what it knows.

/** Where the upload stands. */
export type SyncState = 'idle' | 'uploading' | 'synced' | 'retry' | 'signin';

export interface StatusInput {
  recording: boolean;
  online: boolean;
  pending: number;
  sync: SyncState;
  /** The worker stopped while fixes still waited: the stop goes to the server after them. */
  stopWaiting: boolean;
}

/** One part of the line: a message key under `patrols.status` and its parameters. */
export interface StatusPart {
  key: 'recording' | 'offline' | 'pending' | 'uploading' | 'synced' | 'signin' | 'stopWaiting';
  params?: { n: number };
}

/** The parts of the status line, most important first; empty when there is nothing to say (no patrol, nothing waiting). */
export function statusParts(s: StatusInput): StatusPart[] {
  const parts: StatusPart[] = [];
  if (s.recording) parts.push({ key: 'recording' });
  if (!s.online) parts.push({ key: 'offline' });
  if (s.pending > 0) {
    parts.push({ key: 'pending', params: { n: s.pending } });
    if (s.online && s.sync === 'uploading') parts.push({ key: 'uploading' });
    if (s.sync === 'signin') parts.push({ key: 'signin' });
  } else if (s.recording || s.sync === 'synced') {
    parts.push({ key: 'synced' });
  }
  if (s.stopWaiting) parts.push({ key: 'stopWaiting' });
  return parts;
}

/** The line's tone: alert while points wait offline or for a sign-in, calm when all is sent. */
export function statusTone(s: StatusInput): 'ok' | 'waiting' | 'alert' {
  if (s.pending > 0 && (!s.online || s.sync === 'signin' || s.sync === 'retry')) return 'alert';
  if (s.pending > 0 || s.stopWaiting) return 'waiting';
  return 'ok';
}
