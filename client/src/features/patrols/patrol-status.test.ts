import { describe, expect, it } from 'vitest';
import { statusParts, statusTone, type StatusInput } from './patrol-status.ts';

const base: StatusInput = { recording: true, online: true, pending: 0, sync: 'synced', stopWaiting: false };
const keys = (s: Partial<StatusInput>) => statusParts({ ...base, ...s }).map((p) => p.key);

describe('the patrol status line', () => {
  it('recording with everything sent: 记录中 · 已同步', () => {
    expect(keys({})).toEqual(['recording', 'synced']);
    expect(statusTone(base)).toBe('ok');
  });

  it('offline with points waiting: 记录中 · 离线 · n 个点待上传, in the alert tone', () => {
    const s = { ...base, online: false, pending: 12, sync: 'retry' as const };
    expect(statusParts(s)).toEqual([{ key: 'recording' }, { key: 'offline' }, { key: 'pending', params: { n: 12 } }]);
    expect(statusTone(s)).toBe('alert');
  });

  it('online with points on their way says so, and is not an alert', () => {
    expect(keys({ pending: 3, sync: 'uploading' })).toEqual(['recording', 'pending', 'uploading']);
    expect(statusTone({ ...base, pending: 3, sync: 'uploading' })).toBe('waiting');
  });

  it('points waiting for a sign-in say so', () => {
    expect(keys({ recording: false, pending: 4, sync: 'signin' })).toEqual(['pending', 'signin']);
    expect(statusTone({ ...base, pending: 4, sync: 'signin' })).toBe('alert');
  });

  it('a stop made offline waits for the points before it', () => {
    expect(keys({ recording: false, online: false, pending: 2, sync: 'retry', stopWaiting: true })).toEqual(['offline', 'pending', 'stopWaiting']);
  });

  it('says nothing without a patrol and nothing waiting, and 已同步 after the last upload', () => {
    expect(keys({ recording: false, sync: 'idle' })).toEqual([]);
    expect(keys({ recording: false, sync: 'synced' })).toEqual(['synced']);
  });
});
