import { describe, expect, it } from 'vitest';
import { absoluteUrl, categoryTree, formatDateTime, formatDay, overlayBbox, overlayFeatures, periodStart, stars, vocabularyName } from './public.ts';
import { OVERLAY_LAYERS, overlayLayers, publicBaseStyle } from './public-map.ts';
import { publicRoute } from './public-route.ts';

describe('public routes', () => {
  it('knows the three public pages and nothing else under /public', () => {
    expect(publicRoute('/public/my-grid')).toEqual({ page: 'my-grid' });
    expect(publicRoute('/public/incidents')).toEqual({ page: 'incidents' });
    expect(publicRoute('/public/track/AbCdEf0123456789_-xyzW')).toEqual({ page: 'track', token: 'AbCdEf0123456789_-xyzW' });
    for (const p of ['/', '/public', '/public/track/', '/public/track/short', '/public/track/has space in it!', '/public/other', '/index.html']) expect(publicRoute(p), p).toBeNull();
  });
});

describe('words and dates', () => {
  it('names steps and statuses in the locale with the workflow\'s words', () => {
    expect(vocabularyName('actions', 'verify', 'zh-CN')).toBe('核查结案');
    expect(vocabularyName('actions', 'self_handle', 'en')).toBe('Solved on the spot');
    expect(vocabularyName('statuses', 'evaluated', 'zh-CN')).toBe('已评价');
    expect(vocabularyName('actions', 'report', 'zh-CN')).toBeNull();
  });

  it('shows times in Beijing whatever the phone\'s zone, and periods from Beijing\'s calendar', () => {
    expect(formatDateTime('2026-12-07T16:30:00Z', 'zh-CN')).toBe('2026/12/8 00:30');
    expect(formatDay('2026-12-07T16:30:00Z', 'en')).toBe('12/8/2026');
    expect(periodStart(30, new Date('2026-12-31T17:00:00Z'))).toBe('2026-12-02');
    expect(periodStart(null, new Date())).toBeUndefined();
  });

  it('draws stars and makes a full follow link', () => {
    expect(stars(4)).toBe('★★★★☆');
    expect(absoluteUrl('/public/track/abc', 'https://wangge.example.cn')).toBe('https://wangge.example.cn/public/track/abc');
  });

  it('groups categories into classes and their minor classes, in the locale', () => {
    const rows = [
      { code: '01', parentCode: null, name: '市容环境', nameEn: 'City appearance' },
      { code: '0101', parentCode: '01', name: '私搭乱建', nameEn: 'Illegal structures' },
      { code: '0102', parentCode: '01', name: '暴露垃圾', nameEn: 'Exposed rubbish' },
      { code: '02', parentCode: null, name: '宣传广告', nameEn: 'Advertising' },
    ];
    const zh = categoryTree(rows, 'zh-CN');
    expect(zh.classes).toEqual([{ value: '01', label: '市容环境' }, { value: '02', label: '宣传广告' }]);
    expect(zh.minors('01').map((m) => m.label)).toEqual(['私搭乱建', '暴露垃圾']);
    expect(categoryTree(rows, 'en').minors('01')[1]).toEqual({ value: '0102', label: 'Exposed rubbish' });
    expect(zh.minors('02')).toEqual([]);
  });
});

describe('the small maps', () => {
  const boundary: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[[116, 40], [116.01, 40], [116.01, 40.02], [116, 40.02], [116, 40]]] };

  it('puts the outline, the points and the place in one collection, and frames the outline and points', () => {
    const fc = overlayFeatures({ boundary, points: [{ id: 1, lon: 116.05, lat: 39.99 }], place: [116.005, 40.01] });
    expect(fc.features.map((f) => f.properties?.part)).toEqual(['boundary', 'point', 'place']);
    expect(overlayBbox(overlayFeatures({ boundary, points: [{ id: 1, lon: 116.05, lat: 39.99 }] }))).toEqual([116, 39.99, 116.05, 40.02]);
    expect(overlayBbox(overlayFeatures({}))).toBeNull();
  });

  it('draws the base map without the planning layers, and its own overlay on top', () => {
    const config = {
      center: [116.35, 40] as [number, number], zoom: 15, bounds: null, ownGrids: [], band: { min: 200, max: 500 }, basemap: null,
      tiles: { landcover: '/tiles/landcover/{z}/{x}/{y}.mvt', roads: '/tiles/roads/{z}/{x}/{y}.mvt', buildings: '/tiles/buildings/{z}/{x}/{y}.mvt', jurisdictions: '/tiles/jurisdictions/{z}/{x}/{y}.mvt', grids: '/tiles/grids/{z}/{x}/{y}.mvt' },
    };
    const ids = publicBaseStyle(config as never, 'http://localhost', 'zh-CN').layers.map((l) => l.id);
    expect(ids).toContain('roads-major');
    expect(ids).toContain('buildings-fill');
    expect(ids).toContain('jurisdictions-community');
    expect(ids.filter((id) => id.startsWith('grids-') || id.startsWith('buildings-found') || id.startsWith('jurisdictions-selected'))).toEqual([]);
    expect(overlayLayers().map((l) => l.id)).toEqual(Object.values(OVERLAY_LAYERS));
  });
});
