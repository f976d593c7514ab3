import { describe, expect, it } from 'vitest';
import { parseGenerateArgs } from './args.ts';

describe('parseGenerateArgs', () => {
  it('fills the defaults around --households', () => {
    expect(parseGenerateArgs(['--households', '1_000_000'])).toEqual({
      households: 1_000_000, seed: 1, region: '990101', replace: false, asOf: '2025-01-01', center: [120.1, 30.25],
    });
    expect(parseGenerateArgs(['--households', '5000', '--seed', 'abc', '--region', '990102', '--replace', '--center', '116.3,39.9']))
      .toMatchObject({ seed: 'abc', region: '990102', replace: true, center: [116.3, 39.9] });
  });

  it('rejects bad input with a readable message', () => {
    expect(() => parseGenerateArgs([])).toThrow(/--households is required/);
    expect(() => parseGenerateArgs(['--households', '0'])).toThrow(/positive integer/);
    expect(() => parseGenerateArgs(['--households', 'lots'])).toThrow(/positive integer/);
    expect(() => parseGenerateArgs(['--households', '10', '--region', '11'])).toThrow(/6-digit/);
    expect(() => parseGenerateArgs(['--households', '10', '--center', '500,1'])).toThrow(/lon,lat/);
    expect(() => parseGenerateArgs(['--households', '10', '--as-of', 'soon'])).toThrow(/YYYY-MM-DD/);
    expect(() => parseGenerateArgs(['--households', '10', '--bogus'])).toThrow();
  });
});
