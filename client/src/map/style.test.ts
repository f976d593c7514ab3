import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { foundFilter, LAYER_IDS, NO_MATCH } from './overlay-layers.ts';
import { buildStyle, householdsSuffix, type StyleConfig } from './style.ts';

// the style-spec validator ships with maplibre-gl (its own dependency); it is what MapLibre runs on setStyle

const config: StyleConfig = {
  center: [116.35, 40.0],
  zoom: 15,
  bounds: [116.3, 39.95, 116.4, 40.05],
  band: { min: 200, max: 500 },
  tiles: {
    grids: '/tiles/grids/{z}/{x}/{y}.mvt?v=12',
    buildings: '/tiles/buildings/{z}/{x}/{y}.mvt?v=3',
    roads: '/tiles/roads/{z}/{x}/{y}.mvt?v=1',
    jurisdictions: '/tiles/jurisdictions/{z}/{x}/{y}.mvt?v=1',
    landcover: '/tiles/landcover/{z}/{x}/{y}.mvt?v=1',
  },
  basemap: null,
};
const opts = { origin: 'http://127.0.0.1:8080', locale: 'zh-CN' };

describe('buildStyle', () => {
  it('produces a valid style without a glyphs URL (local fonts draw the labels)', () => {
    const style = buildStyle(config, opts);
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
  });

  it('uses the versioned tile URLs verbatim, made absolute, with braces intact', () => {
    const style = buildStyle(config, opts);
    expect(style.sources.grids).toMatchObject({ type: 'vector', tiles: ['http://127.0.0.1:8080/tiles/grids/{z}/{x}/{y}.mvt?v=12'] });
  });

  it('prefers the per-layer zooms of /api/map, overzooming above z16', () => {
    const style = buildStyle({ ...config, layers: { grids: { url: '/tiles/grids/{z}/{x}/{y}.mvt?v=13', minzoom: 10, maxzoom: 22 } } }, opts);
    expect(style.sources.grids).toMatchObject({ minzoom: 10, maxzoom: 16, tiles: ['http://127.0.0.1:8080/tiles/grids/{z}/{x}/{y}.mvt?v=13'] });
  });

  it('credits OpenStreetMap on the vector sources', () => {
    const style = buildStyle(config, opts);
    expect(JSON.stringify(style.sources.roads)).toContain('OpenStreetMap');
  });

  it('draws the raster basemap beneath every vector layer only when configured', () => {
    expect(buildStyle(config, opts).sources.basemap).toBeUndefined();
    const style = buildStyle({ ...config, basemap: { tiles: ['https://tiles.example/{z}/{x}/{y}.png'], attribution: '© Example' } }, opts);
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.layers.map((l) => l.id).slice(0, 2)).toEqual(['background', 'basemap']);
    expect(style.sources.basemap).toMatchObject({ type: 'raster', attribution: '© Example' });
  });

  it('stacks grid fill under the selected outline and grid labels on top', () => {
    const ids = buildStyle(config, opts).layers.map((l) => l.id);
    const at = (id: string) => ids.indexOf(id);
    expect(at('landcover-water')).toBeLessThan(at('roads-major'));
    expect(at('roads-major')).toBeLessThan(at('buildings-fill'));
    expect(at('buildings-fill')).toBeLessThan(at(LAYER_IDS.gridFill));
    expect(at(LAYER_IDS.gridFill)).toBeLessThan(at(LAYER_IDS.gridSelected));
    expect(at(LAYER_IDS.gridSelected)).toBeLessThan(at(LAYER_IDS.gridLabel));
    expect(ids.at(-1)).toBe(LAYER_IDS.gridLabel);
  });

  it('highlights found buildings above the grids and under the labels: one by id, a compound by compound_id', () => {
    const style = buildStyle(config, opts);
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf(LAYER_IDS.foundFill)).toBeGreaterThan(ids.indexOf(LAYER_IDS.gridFill));
    expect(ids.indexOf(LAYER_IDS.foundLine)).toBeLessThan(ids.indexOf(LAYER_IDS.gridLabel));
    expect(style.layers.find((l) => l.id === LAYER_IDS.foundFill)).toMatchObject({ source: 'buildings', filter: NO_MATCH });
    expect(foundFilter({ kind: 'building', id: 7 })).toEqual(['==', ['to-number', ['get', 'id']], 7]);
    expect(foundFilter({ kind: 'compound', id: 2 })).toEqual(['==', ['to-number', ['get', 'compound_id']], 2]);
    expect(foundFilter(null)).toEqual(NO_MATCH);
  });

  it('leaves out the layers of a tile set the server does not offer', () => {
    const style = buildStyle({ ...config, tiles: { grids: config.tiles.grids } }, opts);
    expect(validateStyleMin(style)).toEqual([]);
    expect(Object.keys(style.sources)).toEqual(['grids']);
    expect(style.layers.some((l) => l.id.startsWith('roads'))).toBe(false);
  });

  it('writes the household unit in the UI language', () => {
    expect(householdsSuffix('zh-CN')).toBe(' 户');
    expect(householdsSuffix('en')).toBe(' hh');
    const label = buildStyle(config, { ...opts, locale: 'en' }).layers.find((l) => l.id === LAYER_IDS.gridLabel);
    expect(JSON.stringify(label)).toContain(' hh');
  });
});
