import { describe, expect, it } from 'vitest';
import { distance, timeOfDay, when } from './coverage-format.ts';

describe('coverage formats', () => {
  it('writes moments in Beijing time whatever the browser’s zone', () => {
    expect(when('2025-03-02T16:05:00Z', 'zh-CN')).toMatch(/3\/3.*00:05/);
    expect(when(null, 'zh-CN')).toBe('');
    expect(timeOfDay(Date.parse('2025-03-03T01:02:03Z'), 'en')).toBe('09:02:03');
  });
  it('writes metres, then kilometres', () => {
    expect(distance(845.4, 'zh-CN')).toBe('845 m');
    expect(distance(1234, 'en')).toBe('1.2 km');
  });
});
