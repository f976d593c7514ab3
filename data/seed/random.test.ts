import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';

describe('createRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = Array.from({ length: 5 }, createRandom(42).next);
    const b = Array.from({ length: 5 }, createRandom(42).next);
    const c = Array.from({ length: 5 }, createRandom(43).next);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const rng = createRandom('bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('weighted() follows the weights roughly', () => {
    const rng = createRandom(7);
    let a = 0;
    for (let i = 0; i < 10000; i++) if (rng.weighted({ a: 9, b: 1 }) === 'a') a++;
    expect(a).toBeGreaterThan(8700);
    expect(a).toBeLessThan(9300);
  });
});
