import { describe, expect, it } from 'vitest';
import {
  KMH_MPS, KNOT_MPS, attributesProblem, fromEpoch, numberField, parseDecimal, parseTimestamp, unknownIfNegative, ValueRefused,
} from './protocol-values.domain.ts';

describe('units', () => {
  it('a knot is 1,852 m an hour, a km/h 1,000 m', () => {
    expect(10 * KNOT_MPS).toBeCloseTo(5.1444, 4);
    expect(36 * KMH_MPS).toBeCloseTo(10, 10);
  });
});

describe('parseDecimal', () => {
  it('reads plain decimals, signs and exponents', () => {
    expect(['0', '-1', '+2.5', '.5', '5.', '1e3', ' 39.98 '].map(parseDecimal)).toEqual([0, -1, 2.5, 0.5, 5, 1000, 39.98]);
  });

  it('refuses what Number() would wrongly read', () => {
    expect(['', ' ', '0x1f', '0b1', 'Infinity', 'NaN', '1,5', '1.2.3', '1e999', '--1'].map(parseDecimal)).toEqual(Array(10).fill(null));
  });
});

describe('unknownIfNegative', () => {
  it('turns the apps\' -1 into null and keeps zero', () => {
    expect([unknownIfNegative(-1), unknownIfNegative(-0.1), unknownIfNegative(0), unknownIfNegative(3), unknownIfNegative(null)]).toEqual([null, null, 0, 3, null]);
  });
});

describe('fromEpoch and parseTimestamp', () => {
  it('reads seconds below 2^31 and milliseconds from it on', () => {
    expect(fromEpoch(1_700_000_000)?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(fromEpoch(1_700_000_000_123)?.toISOString()).toBe('2023-11-14T22:13:20.123Z');
    expect(fromEpoch(-1)).toBeNull();
    expect(fromEpoch(NaN)).toBeNull();
    expect(fromEpoch(1e20)).toBeNull();
  });

  it('reads the date-time forms the apps write, zoneless as UTC', () => {
    expect(parseTimestamp('2016-01-01 12:00:00')?.toISOString()).toBe('2016-01-01T12:00:00.000Z');
    expect(parseTimestamp('2016-01-01T12:00:00')?.toISOString()).toBe('2016-01-01T12:00:00.000Z');
    expect(parseTimestamp('2016-01-01t12:00:00z')?.toISOString()).toBe('2016-01-01T12:00:00.000Z');
    expect(parseTimestamp('2016-01-01T20:00:00+0800')?.toISOString()).toBe('2016-01-01T12:00:00.000Z');
    expect(parseTimestamp('2016-01-01T12:00:00.123456Z')?.toISOString()).toBe('2016-01-01T12:00:00.123Z');
    expect(parseTimestamp('1451649600')?.toISOString()).toBe('2016-01-01T12:00:00.000Z');
  });

  it('refuses dates that do not exist and forms it does not know', () => {
    for (const t of ['2023-02-29 00:00:00', '2016-13-01 00:00:00', '2016-01-01 12:60:00', '2016-01-01', '12:00:00', 'Fri, 01 Jan 2016 12:00:00 GMT', '2016-01-01T12:00:00+19:00']) {
      expect(parseTimestamp(t), t).toBeNull();
    }
    expect(parseTimestamp('2024-02-29 00:00:00')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });
});

describe('numberField', () => {
  it('answers null for absent and null, the number for a number, and refuses anything else naming the path', () => {
    expect(numberField({}, 'a', 'x')).toBeNull();
    expect(numberField({ a: null }, 'a', 'x')).toBeNull();
    expect(numberField({ a: -2.5 }, 'a', 'x')).toBe(-2.5);
    expect(() => numberField({ a: '1' }, 'a', 'x.y')).toThrow(new ValueRefused('invalid', 'x.y.a is not a number'));
    expect(() => numberField({ a: true }, 'a', '')).toThrow('a is not a number');
  });
});

describe('attributesProblem', () => {
  it('accepts a handful of short attributes and names the one too long or the count too high', () => {
    expect(attributesProblem({ a: '1', b: 2, c: [1, 2], d: { e: true } })).toBeNull();
    expect(attributesProblem({ note: 'x'.repeat(996) })).toBeNull();
    expect(attributesProblem({ note: 'x'.repeat(997) })).toMatch(/Attribute note is too long/);
    expect(attributesProblem({ list: Array(600).fill(1) })).toMatch(/list is too long/);
    expect(attributesProblem(Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`k${i}`, i])))).toMatch(/Too many attributes: 41/);
  });
});
