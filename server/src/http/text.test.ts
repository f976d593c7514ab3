import { describe, expect, it } from 'vitest';
import { findBadText, textProblem } from './text.ts';

describe('textProblem', () => {
  it('refuses NUL and lone surrogates, and nothing else', () => {
    expect(textProblem('ad\u0000min')).toMatch(/NUL/);
    expect(textProblem('\ud800')).toMatch(/lone UTF-16 surrogate/);
    expect(textProblem('x\udfffy')).toMatch(/lone UTF-16 surrogate/);
    expect(textProblem('\udfff\ud800')).toMatch(/lone/); // a pair in the wrong order is two lone halves
    for (const ok of ['', '网格 😀', '\u0001\t\r\n\u007f', '\ufeff', 'x'.repeat(100_000)]) expect(textProblem(ok)).toBeNull();
  });
});

describe('findBadText', () => {
  it('names the path of the first bad string, keys included', () => {
    expect(findBadText({ a: [1, { b: 'ok' }, { c: 'x\u0000' }] })).toMatchObject({ path: ['a', 2, 'c'], message: expect.stringMatching(/NUL/) });
    expect(findBadText({ ['k\u0000']: 1 })).toMatchObject({ path: ['k\u0000'], message: expect.stringMatching(/^has a key that/) });
    expect(findBadText('\ud800')).toMatchObject({ path: [] });
    expect(findBadText({ a: ['x', 2, null, true, { b: '网格' }] })).toBeNull();
  });

  it('stops at absurd nesting without recursing (10,000 levels)', () => {
    const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown;
    expect(findBadText(deep)).toMatchObject({ message: 'is nested more than 64 levels deep' });
    expect(findBadText(JSON.parse('['.repeat(64) + ']'.repeat(64)) as unknown)).toBeNull();
  });
});
