import { describe, expect, it } from 'vitest';
import { replaceSection } from './sections.ts';

describe('replaceSection', () => {
  it('starts a new document with the title and the section', () => {
    expect(replaceSection('', 'plans', 'body\n')).toBe('# Benchmark results\n\n<!-- bench:plans -->\nbody\n<!-- /bench:plans -->\n');
  });

  it('replaces only its own section and keeps what surrounds it', () => {
    const doc = replaceSection(replaceSection('# T\n\nintro\n', 'tiles', 'old tiles'), 'plans', 'old plans');
    const next = replaceSection(doc, 'tiles', 'new tiles');
    expect(next).toContain('new tiles');
    expect(next).not.toContain('old tiles');
    expect(next).toContain('<!-- bench:plans -->\nold plans\n<!-- /bench:plans -->');
    expect(next.startsWith('# T\n\nintro\n\n<!-- bench:tiles -->')).toBe(true);
  });

  it('refuses a name that could break the markers', () => {
    expect(() => replaceSection('', 'a -->', 'x')).toThrow(RangeError);
  });
});
