import { describe, expect, it } from 'vitest';
import { bandGaugePosition, bandStatus, householdDensity, specialGroupRows, telHref } from './grids.ts';

const band = { min: 200, max: 500 };

describe('bandStatus', () => {
  it('classifies against an inclusive band', () => {
    expect(bandStatus(199, band)).toBe('under');
    expect(bandStatus(200, band)).toBe('within');
    expect(bandStatus(500, band)).toBe('within');
    expect(bandStatus(501, band)).toBe('over');
  });
});

describe('bandGaugePosition', () => {
  it('puts the band in the middle third and clamps to [0, 1]', () => {
    expect(bandGaugePosition(0, band)).toBe(0);
    expect(bandGaugePosition(100, band)).toBeCloseTo(1 / 6);
    expect(bandGaugePosition(200, band)).toBeCloseTo(1 / 3);
    expect(bandGaugePosition(350, band)).toBeCloseTo(0.5);
    expect(bandGaugePosition(500, band)).toBeCloseTo(2 / 3);
    expect(bandGaugePosition(750, band)).toBeCloseTo(5 / 6);
    expect(bandGaugePosition(5000, band)).toBe(1);
  });
});

describe('specialGroupRows', () => {
  it('lists every group in canonical order with missing ones as zero', () => {
    const rows = specialGroupRows({ migrant: 12, elderly_alone: 3 });
    expect(rows.map((r) => r.group)).toEqual(['elderly_alone', 'disabled', 'low_income', 'unemployed', 'migrant', 'renter', 'key_person']);
    expect(rows[0]).toEqual({ group: 'elderly_alone', count: 3 });
    expect(rows[1]).toEqual({ group: 'disabled', count: 0 });
    expect(rows[4]).toEqual({ group: 'migrant', count: 12 });
  });
});

describe('householdDensity', () => {
  it('gives households per hectare', () => {
    expect(householdDensity(300, 20_000)).toBe(150);
    expect(householdDensity(300, 0)).toBeNull();
  });
});

describe('telHref', () => {
  it('dials a work phone as written, without separators', () => {
    expect(telHref('010-6234 5678')).toBe('tel:01062345678');
    expect(telHref('13812345678')).toBe('tel:13812345678');
    expect(telHref('+86 138-1234-5678')).toBe('tel:+8613812345678');
  });
});
