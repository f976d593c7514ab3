import { describe, expect, it } from 'vitest';
import { progress, readTicks, REACH_M, routeFeatures, routeLayers, tick, targetKey, type RouteShape } from './patrol-route.ts';

// Three targets 100 m apart eastwards along one street at 40° N (1 m ≈ 1/85,300 ° of longitude there),
// the third off the network.
const lonAt = (m: number) => 116.3 + m / 85_300;
const route: RouteShape = {
  targets: [
    { kind: 'building', id: 7, name: '1号楼', lon: lonAt(200), lat: 40 },
    { kind: 'street', id: 7, name: '学院路', lon: lonAt(100), lat: 40 },
    { kind: 'building', id: 9, name: null, lon: lonAt(300), lat: 40 },
  ],
  order: [1, 0],
  legs: [{ target: 1, lengthM: 100 }, { target: 0, lengthM: 100 }],
  unreachable: [2],
  route: { type: 'LineString', coordinates: [[lonAt(0), 40], [lonAt(200), 40]] },
};

describe('reaching targets', () => {
  it('ticks a target passed within 30 m, not one 40 m away, and keeps what was reached', () => {
    const none = new Set<string>();
    expect(tick(route.targets, { lon: lonAt(60), lat: 40 }, none)).toBe(none);
    const first = tick(route.targets, { lon: lonAt(100 - REACH_M + 2), lat: 40 }, none);
    expect([...first]).toEqual(['street:7']);
    // a building and a street with the same id are different targets
    const second = tick(route.targets, { lon: lonAt(195), lat: 40 }, first);
    expect([...second].sort()).toEqual(['building:7', 'street:7']);
    expect(tick(route.targets, null, second)).toBe(second);
  });

  it('says what is done, what comes next and how far is left on the streets', () => {
    expect(progress(route, new Set())).toEqual({ done: 0, total: 3, next: 1, remainingM: 200 });
    expect(progress(route, new Set(['street:7']))).toEqual({ done: 1, total: 3, next: 0, remainingM: 100 });
    // the route done, the target off the network is still to visit
    expect(progress(route, new Set(['street:7', 'building:7']))).toEqual({ done: 2, total: 3, next: 2, remainingM: 0 });
    expect(progress({ ...route, route: null }, new Set()).remainingM).toBeNull();
    expect(progress(route, new Set(route.targets.map(targetKey))).next).toBeNull();
  });
});

describe('the marks on the map', () => {
  it('numbers the targets in walking order, marks the reached and the next, and draws the route under them', () => {
    const fc = routeFeatures(route, new Set(['street:7']));
    expect(fc.features[0]!.properties).toEqual({ part: 'route' });
    expect(fc.features.slice(1).map((f) => f.properties)).toEqual([
      { part: 'target', n: '2', reached: false, next: true, kind: 'building' },
      { part: 'target', n: '1', reached: true, next: false, kind: 'street' },
      { part: 'target', n: '·', reached: false, next: false, kind: 'building' },
    ]);
    expect(routeFeatures(null, new Set()).features).toEqual([]);
    expect(routeFeatures({ ...route, route: null }, new Set()).features.every((f) => f.properties?.part === 'target')).toBe(true);
  });

  it('draws the line, the circles and their numbers from the one source', () => {
    const layers = routeLayers();
    expect(layers.map((l) => l.type)).toEqual(['line', 'circle', 'symbol']);
    expect(new Set(layers.map((l) => ('source' in l ? l.source : null)))).toEqual(new Set(['patrol-route']));
  });
});

describe('remembered ticks', () => {
  it("keeps only this route's targets and reads anything broken as none", () => {
    expect([...readTicks('["street:7","building:99",3]', route.targets)]).toEqual(['street:7']);
    expect(readTicks('{not json', route.targets).size).toBe(0);
    expect(readTicks(null, route.targets).size).toBe(0);
    expect(readTicks('{"a":1}', route.targets).size).toBe(0);
  });
});
