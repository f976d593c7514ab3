import { describe, expect, it } from 'vitest';
import { checkDevice, deviceUrl, IDENTIFIER, setupLines, suggestIdentifier } from './devices.ts';

describe('the add-device form', () => {
  it('wants a worker and an identifier the database accepts', () => {
    expect(checkDevice({ userId: null, protocol: 'osmand', identifier: '', label: '' })).toEqual({ userId: 'devices.errors.workerRequired', identifier: 'devices.errors.identifierRequired' });
    expect(checkDevice({ userId: 3, protocol: 'osmand', identifier: '王磊的手机', label: '' })).toEqual({ identifier: 'devices.errors.identifierFormat' });
    expect(checkDevice({ userId: 3, protocol: 'owntracks', identifier: ' wang.lei ', label: 'x'.repeat(101) })).toEqual({ label: 'devices.errors.labelLong' });
    expect(checkDevice({ userId: 3, protocol: 'osmand', identifier: '123456', label: '' })).toEqual({});
  });
  it('matches migration 019’s check: up to 64 of letters, digits and _.:@-', () => {
    expect(IDENTIFIER.test('a'.repeat(64))).toBe(true);
    expect(IDENTIFIER.test('a'.repeat(65))).toBe(false);
    expect(IDENTIFIER.test('user@phone:1')).toBe(true);
    expect(IDENTIFIER.test('has space')).toBe(false);
  });
  it('suggests a six-digit number for Traccar Client and the username for OwnTracks', () => {
    expect(suggestIdentifier('osmand', 'x', () => 0.5)).toBe('550000');
    expect(suggestIdentifier('owntracks', 'leader.furun1')).toBe('leader.furun1');
    expect(suggestIdentifier('owntracks', '王磊', () => 0.1234)).toBe('worker-1234');
  });
});

describe('the phone apps’ settings', () => {
  it('points Traccar Client at /gps/osmand on this host, with the identifier as its device id', () => {
    expect(setupLines('osmand', 'https://wangge.example.cn/', '123456', 's3cret')).toEqual([
      { key: 'devices.setup.traccar.deviceId', value: '123456' },
      { key: 'devices.setup.traccar.serverUrl', value: 'https://wangge.example.cn/gps/osmand' },
    ]);
  });
  it('sets OwnTracks to HTTP mode at /gps/owntracks, the identifier as user and the secret as password', () => {
    const lines = setupLines('owntracks', 'http://10.0.0.5:3000', 'leader.furun1', 's3cret');
    expect(lines.map((l) => l.value)).toEqual(['HTTP', 'http://10.0.0.5:3000/gps/owntracks', 'leader.furun1', 's3cret']);
    expect(lines.at(-1)!.secret).toBe(true);
    expect(deviceUrl('http://h', 'owntracks')).toBe('http://h/gps/owntracks');
  });
});
