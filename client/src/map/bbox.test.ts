import { describe, expect, it } from 'vitest';
import { bboxCenter, isValidBbox, padBbox, toLngLatBounds, unionBbox } from './bbox.ts';

describe('bbox helpers', () => {
  it('validates boxes', () => {
    expect(isValidBbox([116.3, 39.9, 116.4, 40])).toBe(true);
    expect(isValidBbox([116.4, 39.9, 116.3, 40])).toBe(false);
    expect(isValidBbox([0, 0, 1])).toBe(false);
    expect(isValidBbox([0, 0, 1, Number.NaN])).toBe(false);
    expect(isValidBbox(null)).toBe(false);
    expect(isValidBbox([-181, 0, 1, 1])).toBe(false);
  });
  it('converts to MapLibre bounds', () => {
    expect(toLngLatBounds([1, 2, 3, 4])).toEqual([[1, 2], [3, 4]]);
  });
  it('pads by a fraction, a point by the minimum margin, clamped to the globe', () => {
    expect(padBbox([0, 0, 10, 10], 0.1)).toEqual([-1, -1, 11, 11]);
    expect(padBbox([5, 5, 5, 5], 0.1, 0.01)).toEqual([4.99, 4.99, 5.01, 5.01]);
    expect(padBbox([-180, -90, 180, 90], 0.5)).toEqual([-180, -90, 180, 90]);
  });
  it('unions boxes', () => {
    expect(unionBbox([])).toBeNull();
    expect(unionBbox([[0, 0, 1, 1], [2, -1, 3, 0.5]])).toEqual([0, -1, 3, 1]);
  });
  it('finds the centre', () => {
    expect(bboxCenter([0, 0, 2, 4])).toEqual([1, 2]);
  });
});
