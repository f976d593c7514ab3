import { featureFilter, createExpression } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { BAND_INSET_FILTER, gridColorFill, gridLabelText, gridLayers, LAYER_IDS } from './overlay-layers.ts';
import { GRID_COLOR_NONE, GRID_COLORS } from './palette.ts';

const feature = (properties: Record<string, unknown>) => ({ type: 1 as const, properties, geometry: [] });

/** The colour a fill expression gives a grid with these properties. */
function fillOf(properties: Record<string, unknown>): unknown {
  const e = createExpression(gridColorFill());
  if (e.result !== 'success') throw new Error('bad expression');
  return e.value.evaluate({ zoom: 15 }, feature(properties));
}

describe('grid layers', () => {
  it('fill each grid with its stored colour, grey when it has none', () => {
    expect(fillOf({ color: 2 })).toBe(GRID_COLORS[2]);
    expect(fillOf({ color: 0 })).toBe(GRID_COLORS[0]);
    expect(fillOf({})).toBe(GRID_COLOR_NONE);
  });

  it('outline only the grids under or over the band, in the band colour, inside their edge', () => {
    const f = featureFilter(BAND_INSET_FILTER);
    expect(['under', 'within', 'over'].map((band) => f.filter({ zoom: 15 }, feature({ band })))).toEqual([true, false, true]);
    const inset = gridLayers('grids').find((l) => l.id === LAYER_IDS.gridBand)!;
    expect(inset.type).toBe('line');
    expect((inset.paint as { 'line-offset': number })['line-offset']).toBeGreaterThan(0);
  });

  it('label a grid by its name, or its community and sequence, never by a bare sequence at any zoom', () => {
    const spec = { type: 'formatted', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } };
    const e = createExpression(gridLabelText(' 户', 'zh-CN'), spec as Parameters<typeof createExpression>[1]);
    if (e.result !== 'success') throw new Error('bad expression');
    const text = (zoom: number, properties: Record<string, unknown>) => {
      const v = e.value.evaluate({ zoom }, feature(properties)) as string | { sections: { text: string }[] };
      return typeof v === 'string' ? v : v.sections.map((s) => s.text).join('');
    };
    const named = { code: '110108010031003', name: '富润家园网格', community: '富润社区', households: 1234 };
    const nameless = { ...named, name: '' };
    expect(text(15, named)).toBe('富润家园网格');
    expect(text(15, nameless)).toBe('富润社区 003');
    expect(text(15, { ...nameless, name: null })).toBe('富润社区 003');
    expect(text(17, nameless)).toBe('富润社区 003\n110108010031003\n1,234 户');
    expect(text(17, named)).toBe('富润家园网格\n110108010031003\n1,234 户');
    for (const zoom of [14.5, 16, 18, 22]) expect(text(zoom, nameless)).not.toMatch(/^\d{3}$/m);
  });
});
