import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { zhCN } from '../i18n/zh-CN.ts';
import { accuracyCircle, fixBbox, fixFeatures, inBbox, LOCATE_SOURCE, locateErrorKey, locateLayers } from './locate.ts';

/** Great-circle distance in metres (haversine). */
function metres(a: number[], b: number[]) {
  const rad = Math.PI / 180;
  const dLat = (b[1]! - a[1]!) * rad;
  const dLon = (b[0]! - a[0]!) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1]! * rad) * Math.cos(b[1]! * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

const at = (key: string) => key.split('.').reduce<unknown>((m, k) => (m as Record<string, unknown> | undefined)?.[k], zhCN);
const fix = { lon: 116.3478, lat: 39.9985, accuracy: 40 };

describe('locate-me', () => {
  it('draws the accuracy circle at its radius in metres, closed', () => {
    const ring = accuracyCircle(fix).coordinates[0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    for (const p of ring) expect(metres([fix.lon, fix.lat], p)).toBeCloseTo(40, 0);
    // a fix of a few metres is still drawn (and framed) at 15 m
    expect(metres([fix.lon, fix.lat], accuracyCircle({ ...fix, accuracy: 2 }).coordinates[0]![0]!)).toBeCloseTo(15, 0);
  });

  it('frames the circle with room around it, and tells a point inside a box from one outside', () => {
    const box = fixBbox(fix);
    expect(inBbox(box, fix.lon, fix.lat)).toBe(true);
    expect(metres([box[0], fix.lat], [fix.lon, fix.lat])).toBeGreaterThan(40);
    expect(metres([fix.lon, box[3]], [fix.lon, fix.lat])).toBeGreaterThan(40);
    expect(inBbox(box, fix.lon + 0.01, fix.lat)).toBe(false);
  });

  it('gives the dot and the circle as GeoJSON, nothing without a fix, on valid layers', () => {
    expect(fixFeatures(fix).features.map((f) => f.geometry.type)).toEqual(['Polygon', 'Point']);
    expect(fixFeatures(null).features).toEqual([]);
    const style = { version: 8 as const, sources: { [LOCATE_SOURCE]: { type: 'geojson' as const, data: fixFeatures(fix) } }, layers: locateLayers() };
    expect(validateStyleMin(style)).toEqual([]);
  });

  it('says why there is no position in words: denied, timed out, unavailable', () => {
    const keys = [1, 2, 3, undefined].map(locateErrorKey);
    expect(keys).toEqual(['phone.locate.denied', 'phone.locate.unavailable', 'phone.locate.timeout', 'phone.locate.unavailable']);
    for (const k of [...keys, 'phone.locate.noGrid', 'phone.locate.outside', 'phone.locate.inGrid', 'phone.locate.unsupported']) expect(typeof at(k)).toBe('string');
  });
});
