import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustProxy } from './client-address.ts';

describe('client address', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.9', '1.2.3.4', null)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:203.0.113.9', undefined, null)).toBe('203.0.113.9');
    expect(clientAddress(null, '1.2.3.4', null)).toBeNull();
  });

  it('behind trusted proxies is the right-most forwarded address that is not a proxy', () => {
    const trust = parseTrustProxy('10.0.0.0/8, loopback');
    expect(clientAddress('127.0.0.1', '198.51.100.7', trust)).toBe('198.51.100.7');
    // the client can prepend anything; only what our proxies appended counts
    expect(clientAddress('10.1.1.1', 'forged, 6.6.6.6, 198.51.100.7, 10.2.2.2', trust)).toBe('198.51.100.7');
    expect(clientAddress('10.1.1.1', '10.3.3.3, 10.2.2.2', trust)).toBe('10.3.3.3');
    expect(clientAddress('10.1.1.1', 'garbage', trust)).toBe('10.1.1.1');
    // a peer that is not a trusted proxy cannot speak for anyone
    expect(clientAddress('198.51.100.8', '1.2.3.4', trust)).toBe('198.51.100.8');
    expect(clientAddress('::1', '2001:db8::5', trust)).toBe('2001:db8::5');
  });

  it('is off unless configured, and refuses entries that are not addresses', () => {
    expect(parseTrustProxy(undefined)).toBeNull();
    expect(parseTrustProxy('')).toBeNull();
    expect(parseTrustProxy('off')).toBeNull();
    expect(() => parseTrustProxy('proxy.local')).toThrow(/not an IP/);
    expect(() => parseTrustProxy('10.0.0.0/40')).toThrow(/prefix/);
    expect(parseTrustProxy('private')!.check('192.168.3.4', 'ipv4')).toBe(true);
  });
});
