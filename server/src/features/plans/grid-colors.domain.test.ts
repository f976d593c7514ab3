import { describe, expect, it } from 'vitest';
import { colorChanges, colorGrids, colorParts, isProperColoring, TARGET_COLORS, type ColorNode } from './grid-colors.domain.ts';

const nodes = (keys: string[], color: (k: string) => number | null = () => null, changed: (k: string) => boolean = () => false): ColorNode[] =>
  keys.map((key) => ({ key, color: color(key), changed: changed(key) }));

/** A w × h block of square grids, each touching its four side neighbours. */
function lattice(w: number, h: number) {
  const key = (x: number, y: number) => `${x},${y}`;
  const keys: string[] = [];
  const edges: [string, string][] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      keys.push(key(x, y));
      if (x > 0) edges.push([key(x - 1, y), key(x, y)]);
      if (y > 0) edges.push([key(x, y - 1), key(x, y)]);
      // every other cell is cut by a diagonal street: triangles make the map need more than two colours
      if (x > 0 && y > 0 && (x + y) % 2 === 0) edges.push([key(x - 1, y - 1), key(x, y)]);
    }
  }
  return { keys, edges };
}

/** A hub surrounded by a ring of `n` grids: an odd ring around a hub needs four colours. */
function wheel(n: number) {
  const keys = ['hub', ...Array.from({ length: n }, (_, i) => `r${i}`)];
  const edges: [string, string][] = keys.slice(1).flatMap((k, i) => [['hub', k] as [string, string], [k, `r${(i + 1) % n}`] as [string, string]]);
  return { keys, edges };
}

const used = (colors: ReadonlyMap<string, number>) => new Set(colors.values()).size;

describe('colorGrids', () => {
  it('gives neighbours different colours and every grid a colour', () => {
    const { keys, edges } = lattice(12, 9);
    const colors = colorGrids(nodes(keys), edges);
    expect(colors.size).toBe(keys.length);
    expect(isProperColoring(edges, colors)).toBe(true);
    expect(used(colors)).toBeLessThanOrEqual(TARGET_COLORS);
  });

  it('colours an odd wheel with exactly four colours', () => {
    const { keys, edges } = wheel(7);
    const colors = colorGrids(nodes(keys), edges);
    expect(isProperColoring(edges, colors)).toBe(true);
    expect(used(colors)).toBe(4);
  });

  it('keeps the colour of every grid that did not change', () => {
    const { keys, edges } = lattice(8, 8);
    const first = colorGrids(nodes(keys), edges);
    // one grid is redrawn (its colour cleared) and a new one appears beside three others
    const next = [...nodes(keys, (k) => (k === '3,3' ? null : first.get(k)!), (k) => k === '3,3'), { key: 'new', color: null, changed: true }];
    const moreEdges: [string, string][] = [...edges, ['new', '3,3'], ['new', '4,3'], ['new', '3,4']];
    const second = colorGrids(next, moreEdges);
    expect(isProperColoring(moreEdges, second)).toBe(true);
    for (const k of keys.filter((k) => k !== '3,3')) expect(second.get(k)).toBe(first.get(k));
    expect(colorChanges(next, second).map((c) => c.key).sort()).toEqual(['3,3', 'new']);
  });

  it('recolours the changed grid, not its unchanged neighbour, when an edit makes them touch with one colour', () => {
    const keys = ['a', 'b', 'c'];
    const colors = colorGrids(nodes(keys, (k) => ({ a: 0, b: 1, c: 0 })[k]!, (k) => k === 'c'), [['a', 'b'], ['b', 'c'], ['a', 'c']]);
    expect(colors.get('a')).toBe(0);
    expect(colors.get('b')).toBe(1);
    expect(colors.get('c')).toBe(2);
  });

  it('ignores edges to unknown grids and self-loops, and a colour outside the palette', () => {
    const colors = colorGrids(nodes(['a', 'b'], (k) => (k === 'a' ? 99 : null)), [['a', 'a'], ['a', 'x'], ['a', 'b']]);
    expect(colors.get('a')).not.toBe(colors.get('b'));
    expect(colors.get('a')).toBeLessThan(TARGET_COLORS);
  });

  it('isProperColoring finds two neighbours of one colour', () => {
    expect(isProperColoring([['a', 'b']], new Map([['a', 1], ['b', 1]]))).toBe(false);
  });
});

describe('colorParts', () => {
  it('colours the parts of a partition so that parts meeting along a unit edge differ', () => {
    // units 0–5 in a row; parts {0,1} {2,3} {4,5}: the middle part meets both others
    const colors = colorParts([[0, 1], [2, 3], [4, 5]], [0, 1, 2, 3, 4].map((i) => ({ a: i, b: i + 1 })));
    expect(colors[0]).not.toBe(colors[1]);
    expect(colors[1]).not.toBe(colors[2]);
  });
});
