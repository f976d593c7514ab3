import { createI18n } from 'vue-i18n';
import { en } from './en.ts';
import { type Locale, type Messages } from './messages.ts';
import { zhCN } from './zh-CN.ts';

/** Creates the app's vue-i18n instance (Composition API mode) in the given locale. */
export function createAppI18n(locale: Locale) {
  return createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN, en },
  });
}
