import { describe, expect, it } from 'vitest';
import { areaParts, formatDate, formatInt } from './format.ts';

describe('formatInt', () => {
  it('groups thousands and rounds', () => {
    expect(formatInt(12345.6, 'en')).toBe('12,346');
    expect(formatInt(12345, 'zh-CN')).toBe('12,345');
  });
});

describe('areaParts', () => {
  it('picks m², ha or km²', () => {
    expect(areaParts(8420, 'en')).toEqual({ value: '8,420', unit: 'm2' });
    expect(areaParts(12_500, 'en')).toEqual({ value: '1.25', unit: 'ha' });
    expect(areaParts(2_345_678, 'en')).toEqual({ value: '2.35', unit: 'km2' });
  });
});

describe('formatDate', () => {
  it('formats a calendar date without shifting the day', () => {
    expect(formatDate('2025-01-01', 'en')).toBe('January 1, 2025');
    expect(formatDate('2025-01-01', 'zh-CN')).toBe('2025年1月1日');
  });
  it('passes other text through', () => {
    expect(formatDate('soon', 'en')).toBe('soon');
  });
});
