// What the browser tests need from the system: Debian's Chromium and CJK fonts. Checked once by the
// vitest global setup; on Debian/Ubuntu as root the missing packages are installed with apt-get (as
// `npm start` installs PostGIS), anywhere else the run stops with one message naming them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { aptInstall, canApt } from '../../server/src/db/system-packages.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Raised when Chromium or the CJK fonts are missing and cannot be installed here. */
export class MissingBrowserError extends Error {
  constructor(missing: readonly string[]) {
    super(
      `The browser tests need ${missing.join(' and ')}, which this machine lacks.\n` +
        `  Debian/Ubuntu (as root):  apt-get install ${missing.join(' ')}\n` +
        '  The tests drive Chromium at /usr/bin/chromium (playwright-core, no downloaded browser) and need Noto Sans CJK for Chinese text.',
    );
    this.name = 'MissingBrowserError';
  }
}

function hasCjkFont(): boolean {
  try {
    return /noto sans cjk/i.test(execFileSync('fc-list', [], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return false;
  }
}

/** The Debian packages the browser tests still lack. */
export function missingBrowserPackages(): string[] {
  return [...(existsSync(CHROMIUM) ? [] : ['chromium']), ...(hasCjkFont() ? [] : ['fonts-noto-cjk'])];
}

/** Makes sure Chromium and CJK fonts are there: installs them with apt-get where possible, else throws one clear error. */
export function ensureBrowserDeps(log: (msg: string) => void = console.log): void {
  const missing = missingBrowserPackages();
  if (!missing.length) return;
  if (!canApt()) throw new MissingBrowserError(missing);
  const ok = aptInstall(missing, log, 'needed by the browser tests');
  const still = missingBrowserPackages();
  if (!ok || still.length) throw new MissingBrowserError(still.length ? still : missing);
}

/** Debian's Chromium, headless, drawing WebGL on SwiftShader since there is no GPU (browser tests and the first-load bench). */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
      '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}
