import { describe, expect, it } from 'vitest';
import { absoluteTileUrl, tileSource } from './tiles.ts';

describe('absoluteTileUrl', () => {
  it('prefixes the origin and keeps the placeholders unencoded', () => {
    expect(absoluteTileUrl('/tiles/roads/{z}/{x}/{y}.mvt?v=2', 'http://h:1/')).toBe('http://h:1/tiles/roads/{z}/{x}/{y}.mvt?v=2');
    expect(absoluteTileUrl('tiles/{z}/{x}/{y}.mvt', 'http://h')).toBe('http://h/tiles/{z}/{x}/{y}.mvt');
  });
  it('leaves absolute URLs alone', () => {
    expect(absoluteTileUrl('https://cdn.example/{z}/{x}/{y}.pbf', 'http://h')).toBe('https://cdn.example/{z}/{x}/{y}.pbf');
  });
});

describe('tileSource', () => {
  it('reads a bare template with the default zooms of the layer', () => {
    expect(tileSource('buildings', '/b/{z}/{x}/{y}', 'http://h')).toEqual({ tiles: ['http://h/b/{z}/{x}/{y}'], minzoom: 13, maxzoom: 16 });
  });
  it('reads an object with tiles array and zooms', () => {
    expect(tileSource('roads', { tiles: ['/r/{z}/{x}/{y}'], minzoom: 8, maxzoom: 14 }, 'http://h')).toEqual({ tiles: ['http://h/r/{z}/{x}/{y}'], minzoom: 8, maxzoom: 14 });
  });
  it('returns null for a missing or empty layer', () => {
    expect(tileSource('roads', undefined, 'http://h')).toBeNull();
    expect(tileSource('roads', { tiles: [] }, 'http://h')).toBeNull();
  });
});
