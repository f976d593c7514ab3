/** One cold first load in throttled headless Chromium: the sign-in page until its form is usable, then sign-in until the map is idle. */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../../client/e2e/browser-deps.ts';
import type { Transfer } from './report.ts';

/** The emulated phone connection and CPU of issue 10 §7. */
export const CONDITIONS = { downKbps: 1600, upKbps: 750, latencyMs: 150, cpuSlowdown: 4, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 };

/** One run's timings (ms) and every response it received. */
export interface RunResult {
  /** Navigation start → the sign-in form rendered and usable. */
  signInMs: number;
  /** Submitting the form → the map element reports idle (every tile drawn). */
  mapIdleMs: number;
  /** Navigation start → map idle, the user's own typing included (the bench types at once). */
  totalMs: number;
  transfers: Transfer[];
}

// Page-side clock: the first moment the form is there, the submit, the first idle map after it. A
// MutationObserver sees each as the DOM changes, without polling the page under its CPU throttle.
const MARKS = `(() => {
  const fl = (window.__firstload = {});
  const check = () => {
    if (fl.form === undefined && document.querySelector('[data-testid="login-form"] button[type="submit"]')) fl.form = performance.now();
    if (fl.submit !== undefined && fl.idle === undefined && document.querySelector('[data-testid="map"][data-map-idle="true"]')) fl.idle = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-map-idle'] });
  document.addEventListener('submit', () => { if (fl.submit === undefined) fl.submit = performance.now(); }, true);
})();`;

interface Marks {
  form?: number;
  submit?: number;
  idle?: number;
}
type Page$ = { __firstload: Marks };

// Every response's bytes on the wire (headers included) and decoded, with when it finished (wall clock).
// Playwright's request events, not the page's CDP session: MapLibre fetches tiles from a web worker,
// whose requests the page's session never sees.
function recordTransfers(page: Page) {
  const pending: Promise<Omit<Transfer, 'phase'> & { finishedWall: number }>[] = [];
  page.on('requestfinished', (req) => {
    // blob: and data: URLs (MapLibre's worker code) never touch the network
    if (!/^https?:/.test(req.url())) return;
    pending.push((async () => {
      const [sizes, res] = await Promise.all([req.sizes(), req.response()]);
      const t = req.timing();
      return {
        url: req.url(),
        type: req.resourceType(),
        encoding: (await res?.headerValue('content-encoding')) ?? '',
        wire: sizes.responseHeadersSize + sizes.responseBodySize,
        decoded: (await res?.body().catch(() => null))?.length ?? 0,
        finishedWall: t.startTime + t.responseEnd,
      };
    })());
  });
  return () => Promise.all(pending);
}

async function throttle(cdp: CDPSession) {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: CONDITIONS.latencyMs,
    downloadThroughput: (CONDITIONS.downKbps * 1000) / 8,
    uploadThroughput: (CONDITIONS.upKbps * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CONDITIONS.cpuSlowdown });
}

async function measureIn(browser: Browser, baseUrl: string, user: { username: string; password: string }): Promise<RunResult> {
  const context = await browser.newContext({ viewport: CONDITIONS.viewport, deviceScaleFactor: CONDITIONS.deviceScaleFactor, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.addInitScript(MARKS);
  const transfers = recordTransfers(page);
  const cdp = await context.newCDPSession(page);
  await throttle(cdp);
  await page.goto(baseUrl, { waitUntil: 'commit' });
  // functions, not strings: the app's CSP forbids eval; globalThis, as this file is compiled without the DOM's types
  await page.waitForFunction(() => (globalThis as unknown as Page$).__firstload.form !== undefined, null, { polling: 100, timeout: 120_000 });
  await page.locator('#login-username').fill(user.username);
  await page.locator('#login-password').fill(user.password);
  await page.getByTestId('login-form').locator('button[type="submit"]').click();
  await page.waitForFunction(() => (globalThis as unknown as Page$).__firstload.idle !== undefined, null, { polling: 100, timeout: 180_000 });
  const m = await page.evaluate(() => (globalThis as unknown as Page$).__firstload);
  const origin = await page.evaluate(() => performance.timeOrigin);
  const done = await transfers();
  // FIRSTLOAD_DEBUG=1 lists every transfer of the run: when it finished, what, its bytes
  if (process.env.FIRSTLOAD_DEBUG) console.log(`form ${Math.round(m.form!)} ms, submit ${Math.round(m.submit!)} ms, idle ${Math.round(m.idle!)} ms`);
  if (process.env.FIRSTLOAD_DEBUG) for (const d of done) console.log(`${Math.round(d.finishedWall - origin)} ms ${d.type} ${d.wire} ${d.decoded} ${d.encoding} ${d.url}`);
  await context.close();
  if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  const at = (ms: number) => origin + ms;
  return {
    signInMs: m.form!,
    mapIdleMs: m.idle! - m.submit!,
    totalMs: m.idle!,
    transfers: done.map(({ finishedWall, ...t }) => ({ ...t, phase: finishedWall <= at(m.form!) ? 'sign-in' : finishedWall <= at(m.idle!) ? 'map' : 'after' })),
  };
}

/** One cold run: a fresh Chromium (empty cache, new profile) on the phone connection. */
export async function measureOnce(baseUrl: string, user: { username: string; password: string }): Promise<RunResult> {
  const browser = await launchChromium();
  try {
    return await measureIn(browser, baseUrl, user);
  } finally {
    await browser.close();
  }
}

/** The Chromium version the figures come from. */
export async function chromiumVersion(): Promise<string> {
  const browser = await launchChromium();
  try {
    return browser.version();
  } finally {
    await browser.close();
  }
}
