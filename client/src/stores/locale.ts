import { defineStore } from 'pinia';
import { resolveLocale, type Locale } from '../i18n/messages.ts';

const STORAGE_KEY = 'wangge.locale';

function storedLocale(): Locale {
  try {
    return resolveLocale(localStorage.getItem(STORAGE_KEY));
  } catch {
    // storage can be disabled (private mode); the default language still works
    return 'zh-CN';
  }
}

/** The UI language, remembered across visits; App.vue mirrors it into vue-i18n and <html lang>. */
export const useLocale = defineStore('locale', {
  state: () => ({ locale: storedLocale() }),
  actions: {
    setLocale(locale: Locale) {
      this.locale = locale;
      try {
        localStorage.setItem(STORAGE_KEY, locale);
      } catch {
        // not remembered, but switched for this visit
      }
    },
  },
});
