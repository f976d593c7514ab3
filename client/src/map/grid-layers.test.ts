import { featureFilter, createExpression } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { BAND_INSET_FILTER, gridColorFill, gridLayers, LAYER_IDS } from './overlay-layers.ts';
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
});
