import { describe, expect, it } from 'vitest';
import { TRACK_LAYERS, TRACK_SOURCE, trackFeatures, trackLayers, wellInside } from './patrol-layers.ts';

const pt = (i: number) => ({ at: i * 1000, lon: 116.35 + i * 1e-4, lat: 39.98 });

describe('the track on the patrol map', () => {
  it('is nothing before the first position, a start mark after it, and a line from the second', () => {
    expect(trackFeatures([]).features).toEqual([]);
    expect(trackFeatures([pt(0)]).features.map((f) => f.properties!.part)).toEqual(['start']);
    const fc = trackFeatures([pt(0), pt(1), pt(2)]);
    expect(fc.features.map((f) => f.properties!.part)).toEqual(['start', 'line']);
    expect(fc.features[1]!.geometry).toEqual({ type: 'LineString', coordinates: [[116.35, 39.98], [116.3501, 39.98], [116.3502, 39.98]] });
  });

  it('draws the line on a casing, both from the track source', () => {
    const layers = trackLayers();
    expect(layers.map((l) => l.id)).toEqual([TRACK_LAYERS.casing, TRACK_LAYERS.line, TRACK_LAYERS.start]);
    expect(layers.every((l) => 'source' in l && l.source === TRACK_SOURCE)).toBe(true);
  });
});

describe('following the worker', () => {
  it('leaves the map still while the position is well inside the view, and moves it near an edge', () => {
    const view: [number, number, number, number] = [116, 39, 117, 40];
    expect(wellInside(view, 116.5, 39.5)).toBe(true);
    expect(wellInside(view, 116.1, 39.5)).toBe(false);
    expect(wellInside(view, 116.5, 39.95)).toBe(false);
    expect(wellInside(view, 118, 39.5)).toBe(false);
  });
});
