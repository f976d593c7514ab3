import { describe, expect, it } from 'vitest';
import { bboxCenter, framePadding, isValidBbox, padBbox, toLngLatBounds, unionBbox } from './bbox.ts';

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

describe('framePadding', () => {
  const desktop = { width: 1640, height: 1038 };
  const phone = { width: 390, height: 792 };

  it('keeps 48 px all round with no panel', () => {
    expect(framePadding(desktop, 0, false)).toEqual({ top: 48, left: 48, right: 48, bottom: 48 });
    expect(framePadding(phone, 0, true)).toEqual({ top: 48, left: 48, right: 48, bottom: 48 });
  });

  it('frames beside the grid panel on a wide screen, above its bottom sheet on a phone', () => {
    expect(framePadding(desktop, 384, false)).toEqual({ top: 48, left: 48, right: 432, bottom: 48 });
    const sheet = framePadding(phone, 384, true);
    expect(sheet).toMatchObject({ top: 48, left: 48, right: 48 });
    expect(sheet.bottom).toBeGreaterThan(792 * 0.58); // clear of the sheet
    expect(sheet.bottom).toBe(792 * (2 / 3) - 48); // and a third of the map left to frame in
  });

  it('never pads away more than two thirds of the map, so MapLibre can still fit the box', () => {
    const small = framePadding({ width: 500, height: 300 }, 384, false);
    expect(small.left + small.right).toBeLessThan(500);
    expect(framePadding({ width: 390, height: 300 }, 384, true).bottom).toBe(152);
  });
});
