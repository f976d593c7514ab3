import { describe, expect, it } from 'vitest';
import { ByteLru } from './tiles.cache.ts';

const bytes = (n: number) => new Uint8Array(n);

describe('ByteLru', () => {
  it('evicts the least recently used entries past its byte budget', () => {
    const lru = new ByteLru(10);
    lru.set('a', bytes(4));
    lru.set('b', bytes(4));
    lru.get('a');
    lru.set('c', bytes(4));
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')?.byteLength).toBe(4);
    expect(lru.get('c')?.byteLength).toBe(4);
    expect(lru.bytes).toBe(8);
  });

  it('replaces a key without double counting and ignores values larger than the budget', () => {
    const lru = new ByteLru(10);
    lru.set('a', bytes(4));
    lru.set('a', bytes(6));
    expect(lru.bytes).toBe(6);
    lru.set('huge', bytes(11));
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.count).toBe(1);
  });

  it('keeps empty tiles (zero bytes) as hits', () => {
    const lru = new ByteLru(0);
    lru.set('empty', bytes(0));
    expect(lru.get('empty')?.byteLength).toBe(0);
  });
});
