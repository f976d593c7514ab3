import { describe, expect, it } from 'vitest';
import { createAppI18n } from './index.ts';
import { messageKeys } from './messages.ts';
import { zhCN } from './zh-CN.ts';

// Every message of the coverage and devices screens compiles and renders in both languages: vue-i18n
// reads @ | { } as syntax, and a message it cannot compile breaks the screen that shows it.
describe('coverage and devices messages', () => {
  const keys = messageKeys({ coverage: zhCN.coverage, devices: zhCN.devices });
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`render in ${locale}`, () => {
      const { t } = createAppI18n(locale).global;
      const params = { n: 3, total: 9, at: 'x', reason: 'x', name: 'x', from: 'x', to: 'x', d: 'x', kept: 1, all: 2, v: 1, shown: 1, identifier: 'x', worker: 'x', stored: 1, duplicates: 0, refused: 0, km: 1 };
      const broken = keys.filter((k) => {
        try {
          const out = t(k, params);
          return out === k || out.includes('{');
        } catch {
          return true;
        }
      });
      expect(broken).toEqual([]);
    });
  }
  it('say the one sign vue-i18n would read as a link where it belongs', () => {
    expect(createAppI18n('zh-CN').global.t('devices.errors.identifierFormat')).toContain('_ . : @ -');
  });
});
