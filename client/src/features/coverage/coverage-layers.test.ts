import { describe, expect, it } from 'vitest';
import { buildingPoints, COVERAGE_LAYERS, COVERAGE_SOURCES, gapLayers, liveLayers, staffingLayer, streetLines, trackLayers } from './coverage-layers.ts';

const filterOf = (l: object) => (l as { filter?: unknown }).filter;

describe('the coverage map’s layers', () => {
  const layers = [staffingLayer('grids'), ...gapLayers(), ...trackLayers(), ...liveLayers()];
  it('have unique ids, each declared, drawn from the view’s own sources or the style’s grids', () => {
    const ids = layers.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(Object.values(COVERAGE_LAYERS).sort());
    const sources = new Set<string>([...Object.values(COVERAGE_SOURCES), 'grids']);
    for (const l of layers) expect(sources.has((l as { source: string }).source)).toBe(true);
  });
  it('outline no grid for want of staff until the codes are known', () => {
    expect(filterOf(staffingLayer('grids'))).toEqual(['==', ['to-number', ['get', 'id']], -1]);
  });
  it('draw set-aside fixes faint and stops apart on the track', () => {
    const byId = new Map(trackLayers().map((l) => [l.id, l]));
    expect(filterOf(byId.get(COVERAGE_LAYERS.trackAside)!)).toEqual(['==', ['get', 'part'], 'aside']);
    expect((byId.get(COVERAGE_LAYERS.trackAside)!.paint as Record<string, unknown>)['circle-opacity']).toBeLessThan(0.5);
    expect(filterOf(byId.get(COVERAGE_LAYERS.trackStops)!)).toEqual(['==', ['get', 'part'], 'stop']);
  });
  it('turn a worker grey when the position is stale', () => {
    const dot = liveLayers()[0]!;
    expect((dot.paint as Record<string, unknown>)['circle-color']).toEqual(['case', ['get', 'stale'], '#9AA5B1', '#0B7A5A']);
  });
});

describe('the gap marks', () => {
  it('make points of buildings with a position and lines of streets with a geometry', () => {
    const pts = buildingPoints([{ id: 1, lon: 116.3, lat: 39.9, name: null }, { id: 2, lon: Number.NaN, lat: 39.9, name: 'x' }]);
    expect(pts.features.map((f) => f.properties!.id)).toEqual([1]);
    const lines = streetLines([{ id: 5, geometry: { type: 'LineString', coordinates: [[1, 1], [2, 2]] } }, { id: 6, geometry: null }]);
    expect(lines.features.map((f) => f.properties!.id)).toEqual([5]);
  });
});
