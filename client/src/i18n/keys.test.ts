import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN.ts';

// Every message key the client names literally must exist: a missing key shows the raw key on screen.

const SRC = join(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(vue|ts)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [join(dir, e.name)] : []);
}

/** The message (string) or subtree at a dotted key, if any. */
function at(key: string): unknown {
  return key.split('.').reduce<unknown>((m, k) => (m && typeof m === 'object' ? (m as Record<string, unknown>)[k] : undefined), zhCN);
}

describe('message keys used by the client', () => {
  it('exist in the locale files (literal keys are messages; the fixed start of a computed key is a subtree)', () => {
    const missing: string[] = [];
    for (const f of files(SRC)) {
      const text = readFileSync(f, 'utf8');
      // t('a.b'), t("a.b"), te('a.b') and t(`a.b.${x}`): the calls of vue-i18n's t and te
      for (const m of text.matchAll(/\bte?\(\s*(['"`])([a-zA-Z][\w.]*)(\$\{)?[^'"`]*\1/g)) {
        const [, , key, computed] = m;
        if (computed) {
          const prefix = key!.replace(/\.$/, '');
          if (prefix.includes('.') && (typeof at(prefix) !== 'object')) missing.push(`${f.slice(SRC.length + 1)}: ${key}\${…}`);
        } else if (key!.includes('.') && typeof at(key!) !== 'string') missing.push(`${f.slice(SRC.length + 1)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
