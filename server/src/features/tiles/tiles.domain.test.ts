import { describe, expect, it } from 'vitest';
import { isTileLayer, outsideLayerZoom, tileCacheControl, tileCoordProblem, tileEtag } from './tiles.domain.ts';

describe('tileCoordProblem', () => {
  it('accepts tiles inside the pyramid', () => {
    expect(tileCoordProblem({ z: 0, x: 0, y: 0 })).toBeUndefined();
    expect(tileCoordProblem({ z: 14, x: 13487, y: 6200 })).toBeUndefined();
    expect(tileCoordProblem({ z: 22, x: 2 ** 22 - 1, y: 0 })).toBeUndefined();
  });
  it('rejects zooms above 22, negative values, fractions and x/y outside the zoom', () => {
    expect(tileCoordProblem({ z: 23, x: 0, y: 0 })).toMatch(/between 0 and 22/);
    expect(tileCoordProblem({ z: 3, x: 8, y: 0 })).toMatch(/between 0 and 7/);
    expect(tileCoordProblem({ z: 3, x: 0, y: -1 })).toMatch(/between 0 and 7/);
    expect(tileCoordProblem({ z: 3, x: 1.5, y: 0 })).toMatch(/integers/);
  });
});

describe('layers, zooms and caching', () => {
  it('knows only the allow-listed layers', () => {
    expect(isTileLayer('grids')).toBe(true);
    expect(isTileLayer('toString')).toBe(false);
    expect(isTileLayer('residents')).toBe(false);
  });
  it('skips buildings below their minzoom', () => {
    expect(outsideLayerZoom('buildings', 12)).toBe(true);
    expect(outsideLayerZoom('buildings', 13)).toBe(false);
  });
  it('changes the ETag with the data version and the plan date', () => {
    const t = { z: 15, x: 1, y: 2 };
    expect(tileEtag('grids', 3, t, '2026-01-01')).not.toBe(tileEtag('grids', 4, t, '2026-01-01'));
    expect(tileEtag('grids', 3, t, '2026-01-01')).not.toBe(tileEtag('grids', 3, t, '2026-01-02'));
  });
  it('lets only version-pinned URLs be cached for long', () => {
    expect(tileCacheControl('7', 7)).toMatch(/max-age=86400/);
    expect(tileCacheControl('6', 7)).toMatch(/max-age=0/);
    expect(tileCacheControl(undefined, 7)).toMatch(/must-revalidate/);
  });
});
