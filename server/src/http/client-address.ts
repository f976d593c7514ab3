import { BlockList, isIP } from 'node:net';

/** Which peers are reverse proxies whose X-Forwarded-For is believed; null trusts nobody. */
export type TrustProxy = BlockList | null;

/**
 * Parses WANGGE_TRUSTED_PROXIES: a comma-separated list of addresses or CIDR ranges of the reverse
 * proxies in front of the app, or `loopback` / `private` for the usual ranges. Empty or unset = off.
 * Throws on an entry that is not an address, so a typo does not silently trust nobody (or everybody).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const entries = (value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (!entries.length || entries.includes('off')) return null;
  const list = new BlockList();
  const add = (cidr: string) => {
    const [addr = '', bits] = cidr.split('/');
    const family = isIP(addr);
    if (!family) throw new Error(`WANGGE_TRUSTED_PROXIES: "${cidr}" is not an IP address or CIDR range`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) throw new Error(`WANGGE_TRUSTED_PROXIES: bad prefix in "${cidr}"`);
    list.addSubnet(addr, prefix, type);
  };
  for (const e of entries) {
    if (e === 'loopback') ['127.0.0.0/8', '::1/128'].forEach(add);
    else if (e === 'private') ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', '127.0.0.0/8', '::1/128'].forEach(add);
    else add(e);
  }
  return list;
}

const unmapped = (a: string) => (a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a);

function trusted(trust: BlockList, addr: string): boolean {
  const a = unmapped(addr);
  const family = isIP(a);
  return family !== 0 && trust.check(a, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address: the socket peer, unless that peer is a trusted proxy; then the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy (entries left of it could be forged by
 * the client). Malformed entries stop the walk at the last good address.
 */
export function clientAddress(peer: string | null, forwardedFor: string | undefined, trust: TrustProxy): string | null {
  if (!peer) return null;
  let addr = unmapped(peer);
  if (!trust || !forwardedFor || !trusted(trust, addr)) return addr;
  const hops = forwardedFor.split(',').map((h) => unmapped(h.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) break;
    addr = hop;
    if (!trusted(trust, hop)) break;
  }
  return addr;
}
