import type { zhCN } from './zh-CN.ts';

/** Replaces every string literal type in T by string, keeping the key structure. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The message schema: the shape of zh-CN.ts with plain strings, which every locale must fill. */
export type Messages = Widen<typeof zhCN>;

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Picks a supported locale from a stored or browser preference, defaulting to Simplified Chinese. */
export function resolveLocale(preferred: string | null | undefined): Locale {
  if (preferred && preferred.toLowerCase().startsWith('en')) return 'en';
  return 'zh-CN';
}

/** Every dotted key path of a nested message object, sorted. */
export function messageKeys(messages: object, prefix = ''): string[] {
  const keys: string[] = [];
  for (const [k, v] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') keys.push(...messageKeys(v as object, path));
    else keys.push(path);
  }
  return keys.sort();
}
