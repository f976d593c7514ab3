import { describe, expect, it } from 'vitest';
import type { PlanDiff } from '../../api/types.ts';
import { buildingFocusBbox, DIFF_COLORS, PLAN_DIFF_LAYERS, PLAN_DIFF_SOURCES, planDiffData, planDiffLayers, planDiffSources } from './plan-diff-layers.ts';

const square = (x: number) => ({ type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] });
const change = (code: string, x: number, extra: Partial<PlanDiff['grids']['added'][number]> = {}): PlanDiff['grids']['added'][number] => ({
  code, name: `网格${code}`, communityName: '社区', before: null, after: { name: `网格${code}`, areaM2: 1, households: 300, buildings: 3 },
  parentCodes: [], reasons: [], delta: { areaM2: 1, households: 300, buildings: 3 }, geometry: square(x), beforeGeometry: null, bbox: [x, 0, x + 1, 1],
  ...extra,
});

const diff = {
  plan: { id: 2, name: 'new', status: 'draft', version: 3, validFrom: null },
  against: { id: 1, name: 'old', status: 'published', version: 1, validFrom: '2025-01-01' },
  grids: {
    added: [change('006', 0, { parentCodes: ['001'] })],
    removed: [change('001', 0, { before: { name: '网格001', areaM2: 2, households: 600, buildings: 6 }, after: null, delta: { areaM2: -2, households: -600, buildings: -6 } })],
    changed: [change('003', 2, { reasons: ['geometry'], beforeGeometry: square(2.1), delta: { areaM2: 5, households: 30, buildings: 1 } })],
    unchanged: ['002'],
  },
  buildings: [{ id: 9, name: '9号楼', households: 30, anchor: [2.05, 0.5], from: '004', to: '003' }],
  flows: [{ from: '004', to: '003', buildings: 1, households: 30 }],
  handover: [],
  totals: { added: 1, removed: 1, changed: 1, unchanged: 1, buildingsMoved: 1, householdsMoved: 30 },
} as unknown as PlanDiff;

describe('planDiffData', () => {
  it('puts removed grids under changed under added, each tagged with its change', () => {
    const { grids, before, buildings } = planDiffData(diff);
    expect(grids.features.map((f) => [f.properties.code, f.properties.change])).toEqual([['001', 'removed'], ['003', 'changed'], ['006', 'added']]);
    expect(grids.features[1]!.properties.deltaHouseholds).toBe(30);
    expect(before.features.map((f) => f.geometry)).toEqual([square(2.1)]);
    expect(buildings.features).toEqual([{
      type: 'Feature', geometry: { type: 'Point', coordinates: [2.05, 0.5] },
      properties: { id: 9, name: '9号楼', households: 30, from: '004', to: '003' },
    }]);
  });

  it('is empty for a diff without changes', () => {
    const none = { ...diff, grids: { added: [], removed: [], changed: [], unchanged: ['002'] }, buildings: [] } as unknown as PlanDiff;
    const d = planDiffData(none);
    expect([d.grids.features.length, d.before.features.length, d.buildings.features.length]).toEqual([0, 0, 0]);
  });
});

describe('planDiffSources and planDiffLayers', () => {
  it('gives one GeoJSON source per id the layers use', () => {
    const sources = planDiffSources(diff);
    expect(Object.keys(sources).sort()).toEqual(Object.values(PLAN_DIFF_SOURCES).sort());
    const used = new Set(planDiffLayers().map((l) => (l as { source: string }).source));
    expect([...used].every((s) => s in sources)).toBe(true);
  });

  it('draws added green, changed amber, removed red dashed and moved buildings as circles, all ids unique', () => {
    const layers = Object.fromEntries(planDiffLayers().map((l) => [l.id, l]));
    expect(Object.keys(layers).sort()).toEqual(Object.values(PLAN_DIFF_LAYERS).sort());
    expect(layers[PLAN_DIFF_LAYERS.addedFill]).toMatchObject({ type: 'fill', filter: ['==', ['get', 'change'], 'added'], paint: { 'fill-color': DIFF_COLORS.added } });
    expect(layers[PLAN_DIFF_LAYERS.changedLine]).toMatchObject({ paint: { 'line-color': DIFF_COLORS.changed } });
    expect(layers[PLAN_DIFF_LAYERS.removedLine]).toMatchObject({ filter: ['==', ['get', 'change'], 'removed'], paint: { 'line-color': DIFF_COLORS.removed, 'line-dasharray': [2, 2] } });
    expect(layers[PLAN_DIFF_LAYERS.moved]).toMatchObject({ type: 'circle', source: PLAN_DIFF_SOURCES.buildings });
    // moved buildings are drawn last, on top of every outline
    expect(planDiffLayers().at(-1)!.id).toBe(PLAN_DIFF_LAYERS.moved);
  });
});

describe('buildingFocusBbox', () => {
  it('is a small box centred on the building', () => {
    const [w, s, e, n] = buildingFocusBbox([116.3, 40]);
    expect([(w + e) / 2, (s + n) / 2].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([116.3, 40]);
    expect(e - w).toBeCloseTo(0.003, 6);
  });
});
