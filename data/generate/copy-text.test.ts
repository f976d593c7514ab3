import { describe, expect, it } from 'vitest';
import { copyLine, textArray } from './copy-text.ts';

describe('COPY text', () => {
  it('escapes separators and writes nulls as \\N', () => {
    expect(copyLine(['a\tb', null, 3, true, 'x\\y\nz'])).toBe('a\\tb\t\\N\t3\ttrue\tx\\\\y\\nz\n');
    expect(textArray(['migrant', 'renter'])).toBe('{migrant,renter}');
    expect(textArray([])).toBe('{}');
  });
});
