import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { messageKeys, resolveLocale } from './messages.ts';
import { zhCN } from './zh-CN.ts';

describe('locales', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(messageKeys(en)).toEqual(messageKeys(zhCN));
  });
  it('have no empty strings', () => {
    const values = (m: object): string[] => Object.values(m).flatMap((v) => (typeof v === 'string' ? [v] : values(v as object)));
    expect(values(zhCN).filter((v) => v.trim() === '')).toEqual([]);
    expect(values(en).filter((v) => v.trim() === '')).toEqual([]);
  });
  it('use the same placeholders in each message', () => {
    const flat = (m: object, p = ''): [string, string][] =>
      Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v] as [string, string]] : flat(v as object, `${p}${k}.`)));
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    const enMap = new Map(flat(en));
    for (const [key, zh] of flat(zhCN)) expect([key, placeholders(enMap.get(key) ?? '')]).toEqual([key, placeholders(zh)]);
  });
  it('defaults to Simplified Chinese and accepts English', () => {
    expect(resolveLocale(null)).toBe('zh-CN');
    expect(resolveLocale('fr')).toBe('zh-CN');
    expect(resolveLocale('en-US')).toBe('en');
  });
});
