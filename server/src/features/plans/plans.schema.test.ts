import { describe, expect, it } from 'vitest';
import { areaGeometry, drawBody, lineGeometry } from './plans.schema.ts';

const sq = [[116.3, 39.9], [116.301, 39.9], [116.301, 39.901], [116.3, 39.901], [116.3, 39.9]];

/** The messages of a refused geometry; each issue is marked for the 400 invalid_geometry of validate(). */
function refused(schema: typeof areaGeometry | typeof lineGeometry, g: unknown): string[] {
  const r = schema.safeParse(g);
  expect(r.success).toBe(false);
  const issues = r.error!.issues as { message: string; params?: { code?: string } }[];
  for (const i of issues) expect(i.params?.code).toBe('invalid_geometry');
  return issues.map((i) => i.message);
}

describe('areaGeometry', () => {
  it.each([
    ['an empty ring', { type: 'Polygon', coordinates: [[]] }, /ring 0 has 0 positions; a closed ring needs at least 4/],
    ['no rings', { type: 'Polygon', coordinates: [] }, /a polygon needs at least one ring/],
    ['a ring of 3 positions', { type: 'Polygon', coordinates: [sq.slice(0, 2).concat([sq[0]!])] }, /ring 0 has 3 positions/],
    ['an unclosed ring', { type: 'Polygon', coordinates: [sq.slice(0, 4)] }, /ring 0 is not closed/],
    ['a huge coordinate', { type: 'Polygon', coordinates: [sq.map(([x, y]) => [x! * 1e300, y!])] }, /out of range|metres/],
    ['an infinite coordinate', { type: 'Polygon', coordinates: [[[Infinity, 39.9], ...sq.slice(1)]] }, /must be \[longitude, latitude\] numbers/],
    ['text for numbers', { type: 'Polygon', coordinates: [[['a', 'b'], ['c', 'd'], ['e', 'f'], ['a', 'b']]] }, /numbers, got \["a", "b"\]/],
    ['a ring that is not an array', { type: 'Polygon', coordinates: [5] }, /a ring must be an array of positions/],
    ['positions nested too deep', { type: 'Polygon', coordinates: [[[[116.3, 39.9]]]] }, /numbers, got \[\[…\]\]/],
    ['coordinates that are not an array', { type: 'Polygon', coordinates: 'x' }, /coordinates must be an array/],
    ['an empty MultiPolygon', { type: 'MultiPolygon', coordinates: [] }, /A MultiPolygon needs at least one part/],
    ['a MultiPolygon with an empty part', { type: 'MultiPolygon', coordinates: [[sq], []] }, /polygon 1: a polygon needs at least one ring/],
    ['a point', { type: 'Point', coordinates: [116.3, 39.9] }, /Geometry type "Point" is not accepted here; expected Polygon or MultiPolygon/],
    ['no geometry', null, /A geometry needs a type and coordinates/],
  ])('refuses %s with a clear message', (_, g, message) => {
    expect(refused(areaGeometry, g).join('; ')).toMatch(message);
  });

  it('never recurses into 10,000 nested arrays', () => {
    const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown;
    expect(refused(areaGeometry, { type: 'Polygon', coordinates: deep })[0]).toMatch(/numbers, got \[\[…\]\]/);
  });

  it('keeps a good polygon, drops Z values and any member but type and coordinates', () => {
    const g = { type: 'Polygon', coordinates: [sq.map(([x, y]) => [x, y, 12.5])], crs: { type: 'name', properties: { name: 'EPSG:3857' } } };
    expect(areaGeometry.parse(g)).toEqual({ type: 'Polygon', coordinates: [sq] });
  });

  it('caps the vertices', () => {
    const ring = Array.from({ length: 20_001 }, (_, i) => [116 + i * 1e-6, 39.9 + (i % 2) * 1e-6]);
    ring.push(ring[0]!);
    expect(refused(areaGeometry, { type: 'Polygon', coordinates: [ring] })[0]).toMatch(/at most 20000 are accepted/);
  });
});

describe('lineGeometry and bodies', () => {
  it('refuses a line of one position, and reports geometry issues under the field', () => {
    expect(refused(lineGeometry, { type: 'LineString', coordinates: [[116.3, 39.9]] })[0]).toMatch(/line needs at least 2 positions/);
    const r = drawBody.safeParse({ version: 1, geom: { type: 'Polygon', coordinates: [[]] } });
    expect(r.error?.issues).toMatchObject([{ path: ['geom'], params: { code: 'invalid_geometry' } }]);
  });
});

describe('version', () => {
  it('names the version field when it is beyond a PostgreSQL integer, instead of a database range error', () => {
    const geom = { type: 'Polygon', coordinates: [sq] };
    expect(drawBody.safeParse({ version: 3, geom }).success).toBe(true);
    for (const version of [2 ** 31, 0, -1, 1.5]) {
      const r = drawBody.safeParse({ version, geom });
      expect(r.success, String(version)).toBe(false);
      expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['version']);
    }
  });
});
