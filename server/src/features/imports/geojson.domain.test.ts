import { describe, expect, it } from 'vitest';
import { checkFeatures, distanceM, duplicateProblems, readFeatureCollection, toWgs84, vertexCount } from './geojson.domain.ts';

const square = (x: number, y: number, s = 0.001) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];
const feature = (geometry: unknown, properties: unknown = {}) => ({ type: 'Feature', geometry, properties });

describe('readFeatureCollection', () => {
  it('reports bad JSON, a wrong document type and an empty collection as file problems', () => {
    expect(readFeatureCollection('{"type":').problems[0]).toMatchObject({ index: null, message: expect.stringMatching(/Not valid JSON/) });
    expect(readFeatureCollection('{"type":"Point","coordinates":[1,2]}').problems[0]!.message).toMatch(/FeatureCollection/);
    expect(readFeatureCollection('{"type":"FeatureCollection","features":[]}').problems[0]!.message).toMatch(/no features/);
  });
  it('accepts lon/lat CRS names and rejects projected ones', () => {
    const fc = (name: string) => JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name } }, features: [feature(null)] });
    expect(readFeatureCollection(fc('urn:ogc:def:crs:OGC:1.3:CRS84')).problems).toEqual([]);
    expect(readFeatureCollection(fc('EPSG:4490')).problems).toEqual([]);
    const p = readFeatureCollection(fc('urn:ogc:def:crs:EPSG::3857')).problems;
    expect(p).toEqual([expect.objectContaining({ index: null, field: 'crs', message: expect.stringMatching(/3857.*EPSG:4326/) })]);
  });
  it('strips a byte-order mark', () => {
    expect(readFeatureCollection('\uFEFF{"type":"FeatureCollection","features":[{}]}').problems).toEqual([]);
  });
});

describe('checkFeatures', () => {
  it('keeps good features and locates every broken one', () => {
    const { features, problems } = checkFeatures([
      feature({ type: 'Polygon', coordinates: square(116.3, 40) }, { code: 'A' }),
      feature({ type: 'Point', coordinates: [116.3, 40] }, { code: 'B' }),
      feature({ type: 'Polygon', coordinates: square(12_950_000, 4_860_000, 50) }, { id: 7 }),
      feature({ type: 'Polygon', coordinates: [[[116.3, 40], [116.31, 40], [116.31, 40.01], [116.3, 40.01]]] }),
      feature({ type: 'Polygon', coordinates: [[[116.3, 40], ['116.31', 40], [116.31, 40.01], [116.3, 40]]] }),
      { type: 'Feature', properties: {} },
      feature({ type: 'Polygon', coordinates: square(200, 40) }),
    ], 'polygon');
    expect(features.map((f) => f.index)).toEqual([0]);
    expect(problems.map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(problems[0]).toMatchObject({ id: 'B', field: 'geometry.type', message: expect.stringMatching(/Point.*Polygon or MultiPolygon/) });
    expect(problems[1]).toMatchObject({ id: '7', message: expect.stringMatching(/metres/) });
    expect(problems[2]).toMatchObject({ message: expect.stringMatching(/not closed/), location: [116.3, 40] });
    expect(problems[3]!.message).toMatch(/numbers/);
    expect(problems[4]!.field).toBe('geometry');
    expect(problems[5]!.message).toMatch(/out of range/);
  });
  it('accepts lines for the line family only', () => {
    const line = feature({ type: 'LineString', coordinates: [[116.3, 40], [116.31, 40]] });
    expect(checkFeatures([line], 'line').features).toHaveLength(1);
    expect(checkFeatures([line], 'polygon').problems).toHaveLength(1);
    expect(checkFeatures([feature({ type: 'LineString', coordinates: [[116.3, 40]] })], 'line').problems[0]!.message).toMatch(/at least 2/);
  });
  it('counts the vertices of every part and refuses a geometry over the cap, naming it', () => {
    const multi = { type: 'MultiPolygon', coordinates: [square(116.3, 40), square(116.4, 40)] };
    expect(vertexCount(multi)).toBe(10);
    expect(vertexCount({ type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[5, 6], [7, 8], [9, 9]]] })).toBe(5);
    expect(vertexCount({ type: 'Polygon', coordinates: 'nonsense' })).toBe(0);
    expect(checkFeatures([feature(multi)], 'polygon', 10).features).toHaveLength(1);
    const { features, problems } = checkFeatures([feature(multi, { code: 'A' })], 'polygon', 9);
    expect(features).toEqual([]);
    expect(problems).toEqual([{ index: 0, id: 'A', field: 'geometry.coordinates', location: [116.3, 40], code: 'too_many_vertices', params: { vertices: 10, max: 9 },
      message: 'The geometry has 10 vertices; at most 9 are accepted per feature: simplify it (e.g. ogr2ogr -simplify) or split it' }]);
  });
});

describe('datum conversion and helpers', () => {
  it('moves GCJ-02 coordinates in Beijing by a few hundred metres and leaves WGS-84 alone', () => {
    const g = { type: 'Polygon', coordinates: square(116.35, 40) };
    expect(toWgs84(g, 'wgs84')).toBe(g);
    const moved = toWgs84(g, 'gcj02') as { coordinates: number[][][] };
    const d = distanceM([116.35, 40], moved.coordinates[0]![0] as [number, number]);
    expect(d).toBeGreaterThan(300);
    expect(d).toBeLessThan(700);
    expect(g.coordinates[0]![0]).toEqual([116.35, 40]);
  });
  it('names every repeated value with the feature that had it first', () => {
    expect(duplicateProblems([{ index: 0, value: 'a' }, { index: 1, value: 'b' }, { index: 2, value: 'a' }, { index: 3, value: undefined }], 'code'))
      .toEqual([{ index: 2, id: 'a', field: 'code', code: 'duplicate', params: { field: 'code', value: 'a', first: 1 }, message: 'Duplicate code a: feature 0 has it too' }]);
  });
});

describe('bad JSON', () => {
  it('says where it breaks, in line and column, whether or not the parser names a position', () => {
    const at = (text: string) => readFeatureCollection(text).problems[0]!.params;
    expect(at('{\n  "type": "FeatureCollection",\n  "features": [}')).toEqual({ line: 3, column: 16 });
    expect(at('{"type" 1}')).toEqual({ line: 1, column: 9 });
    expect(at('{"type":')).toEqual({ line: 1, column: 9 });
    expect(at('abc')).toEqual({ line: 1, column: 1 });
  });
});
