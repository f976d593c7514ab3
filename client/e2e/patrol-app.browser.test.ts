import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { zhCN } from '../src/i18n/zh-CN.ts';
import { reportFailure, type RunningApp, saveShot, signIn, startSuite } from './harness.ts';

// The grid worker's patrol app (issue 12) on a 390 × 844 phone with its position granted: start a
// patrol, walk (the position moved through the browser context), lose the network and see the points
// wait on the phone, get it back and see them stored by the server, reload with points waiting and find
// the patrol recording again, report an incident on the way, stop. Then the same worker at 1920 × 1080
// on another device: the patrol shows as open elsewhere; with positions refused, says so.
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1920, height: 1080 };
const STATUS = zhCN.patrols.status;
// one kept point every ≥ 5 s and ≥ 5 m (features/patrols/sampling.ts): a step of ~17 m every 5.5 s, round a
// small square in the middle of the worker's grid (reports outside it are refused)
const STEP_MS = 5_500;
const SQUARE: [number, number][] = [[0.0002, 0], [0, 0.00015], [-0.0002, 0], [0, -0.00015]];
let steps = 0;

let app: RunningApp | undefined;
let browser: Browser | undefined;
let phone: BrowserContext | undefined;
let page: Page | undefined;
const pageErrors: string[] = [];
let here = { longitude: 0, latitude: 0 };
let patrolId = 0;

function begin(): Page {
  onTestFailed(() => reportFailure(page, app, pageErrors, 'patrol-app-failure.png'));
  return page!;
}

/** Walks `n` steps round the square, one kept point each. */
async function walk(n: number) {
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setTimeout(r, STEP_MS));
    const [dx, dy] = SQUARE[steps++ % SQUARE.length]!;
    here = { longitude: here.longitude + dx, latitude: here.latitude + dy };
    await phone!.setGeolocation({ ...here, accuracy: 8 });
  }
}

const statusText = (p: Page) => p.getByTestId('patrol-status').innerText();
/** The n of "n 个点待上传" in the status line (0 when the line does not say it). */
const waiting = async (p: Page) => Number(/(\d+)/.exec(await p.locator('[data-testid="patrol-status"] [data-part="pending"]').innerText().catch(() => ''))?.[1] ?? 0);
const points = async (p: Page) => Number((await p.getByTestId('patrol-points').innerText()).replace(/\D+/g, ''));
/** The fixes the server holds for the patrol, read through the API as the worker. */
const storedFixes = (p: Page) => p.evaluate(async (id) => {
  const res = await fetch(`/api/patrols/${id}/track`);
  return res.ok ? ((await res.json()) as { fixes: unknown[] }).fixes.length : -res.status;
}, patrolId);
/** The fixes waiting in the phone's IndexedDB queue (the adapter of features/patrols/patrol-store.idb.ts). */
const queuedInDb = (p: Page) => p.evaluate(() => new Promise<number>((resolve, reject) => {
  const req = indexedDB.open('wangge-patrols');
  req.onsuccess = () => {
    const count = req.result.transaction('queue').objectStore('queue').count();
    count.onsuccess = () => {
      resolve(count.result);
      req.result.close();
    };
    count.onerror = () => reject(count.error);
  };
  req.onerror = () => reject(req.error);
}));

describe('a grid worker patrols with the phone app', () => {
  beforeAll(async () => {
    let desktop: Page;
    ({ app, browser, page: desktop } = await startSuite(['patrol-app-failure.png'], pageErrors));
    await desktop.close();
    phone = await browser.newContext({
      viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', permissions: ['geolocation'],
      geolocation: { longitude: 116.35, latitude: 39.98, accuracy: 8 },
    });
    page = await phone.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // the Content-Security-Policy must let the service worker and the manifest through
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
    });
  }, 240_000);

  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('starts a patrol in the worker\'s grid and records the walk, uploading as it goes', async () => {
    const p = begin();
    await p.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
    await signIn(p, 'leader.furun1', DEMO_PASSWORD);
    // stand in the middle of the worker's own grid
    const box = await p.evaluate(async () => ((await (await fetch('/api/map')).json()) as { ownGrids: { bbox: number[] }[] }).ownGrids[0]!.bbox);
    here = { longitude: (box[0]! + box[2]!) / 2, latitude: (box[1]! + box[3]!) / 2 };
    await phone!.setGeolocation({ ...here, accuracy: 8 });
    await p.locator('nav.view-tabs [data-view="patrol"]').tap();
    await p.locator('[data-testid="patrol-map"][data-patrol-map-ready="true"]').waitFor({ timeout: 60_000 });
    expect(await p.getByTestId('patrol-start').innerText()).toBe(zhCN.patrols.start);
    await p.getByTestId('patrol-start').tap();
    await expect.poll(() => statusText(p), { timeout: 20_000 }).toContain(STATUS.recording);
    patrolId = await p.evaluate(async () => ((await (await fetch('/api/patrols/current')).json()) as { patrol: { id: number } | null }).patrol?.id ?? 0);
    expect(patrolId).toBeGreaterThan(0);
    await expect.poll(() => points(p), { timeout: 20_000 }).toBe(1);
    await walk(3);
    await expect.poll(() => points(p), { timeout: 10_000 }).toBe(4);
    // uploaded in the background within the upload tick (15 s)
    await expect.poll(() => statusText(p), { timeout: 40_000 }).toContain(STATUS.synced);
    expect(await storedFixes(p)).toBe(4);
    expect(await p.getByTestId('patrol-distance').innerText()).toMatch(/^\d+米$/);
    await saveShot(p, 'patrol-app-1-recording-phone.png');
  }, 180_000);

  it('keeps the points on the phone while offline, says how many wait, and uploads them when back online', async () => {
    const p = begin();
    await phone!.setOffline(true);
    await walk(3);
    await expect.poll(() => statusText(p), { timeout: 10_000 }).toContain(STATUS.offline);
    await expect.poll(() => statusText(p), { timeout: 10_000 }).toContain(STATUS.pending.replace('{n}', '3'));
    expect(await queuedInDb(p)).toBe(3);
    expect(await points(p)).toBe(7);
    await saveShot(p, 'patrol-app-2-offline-phone.png');
    await phone!.setOffline(false);
    await expect.poll(() => statusText(p), { timeout: 30_000 }).toContain(STATUS.synced);
    expect(await statusText(p)).not.toContain(STATUS.offline);
    expect(await queuedInDb(p)).toBe(0);
    expect(await storedFixes(p)).toBe(7);
  }, 120_000);

  it('after a reload with points waiting, records the same patrol again and sends them', async () => {
    const p = begin();
    // the server unreachable for uploads only: the points wait while the page reloads
    await p.route('**/api/patrols/*/fixes', (r) => r.abort('internetdisconnected'));
    await walk(2);
    await expect.poll(() => waiting(p), { timeout: 10_000 }).toBe(2);
    await p.reload({ waitUntil: 'domcontentloaded' });
    // the open patrol comes forward by itself, its track and waiting points read back from IndexedDB
    await p.getByTestId('patrol-view').waitFor({ timeout: 60_000 });
    await expect.poll(() => statusText(p), { timeout: 20_000 }).toContain(STATUS.recording);
    // (a third when the reload took over 30 s: standing still is recorded every 30 s)
    expect(await waiting(p)).toBeGreaterThanOrEqual(2);
    expect(await points(p)).toBeGreaterThanOrEqual(9);
    expect(await p.evaluate(async () => ((await (await fetch('/api/patrols/current')).json()) as { patrol: { id: number } }).patrol.id)).toBe(patrolId);
    await p.unroute('**/api/patrols/*/fixes');
    await walk(1);
    await expect.poll(() => statusText(p), { timeout: 40_000 }).toContain(STATUS.synced);
    expect(await storedFixes(p)).toBe(await points(p));
  }, 150_000);

  it('reports an incident at the place the worker stands with the incident form, while recording', async () => {
    const p = begin();
    await p.getByTestId('patrol-report').tap();
    const sheet = p.getByTestId('patrol-report-sheet');
    await sheet.getByTestId('report-form').waitFor({ timeout: 20_000 });
    const [lon, lat] = (await sheet.getByTestId('report-place').innerText()).match(/\d+\.\d{5}/g)!.map(Number);
    expect(lon).toBeCloseTo(here.longitude, 4);
    expect(lat).toBeCloseTo(here.latitude, 4);
    await sheet.getByTestId('report-category').fill('暴露垃圾');
    await p.getByTestId('report-category-options').getByRole('option').filter({ hasText: '暴露垃圾' }).first().click({ timeout: 20_000 });
    await sheet.getByTestId('report-description').fill('巡查发现：路边堆放建筑垃圾');
    await saveShot(p, 'patrol-app-3-report-phone.png');
    await sheet.getByTestId('report-submit').tap();
    await sheet.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => p.getByTestId('toast').allInnerTexts().then((t) => t.join('\n')), { timeout: 10_000 }).toMatch(/事件 #\d+ 已上报/);
    // still recording behind the form
    expect(await statusText(p)).toContain(STATUS.recording);
  }, 90_000);

  it('is open on another device of the worker (1920 × 1080), and says so when positions are refused there', async () => {
    begin();
    const desk = await browser!.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    try {
      const d = await desk.newPage();
      d.on('pageerror', (err) => pageErrors.push(err.message));
      await d.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
      await signIn(d, 'leader.furun1', DEMO_PASSWORD);
      await d.locator('nav.view-tabs [data-view="patrol"]').click();
      await d.getByTestId('patrol-resume').waitFor({ timeout: 30_000 });
      expect(await d.getByTestId('patrol-panel').innerText()).toContain('有一次巡查尚未结束');
      // the walk so far, as the server has it, on this device's map
      await expect.poll(() => points(d), { timeout: 10_000 }).toBeGreaterThanOrEqual(9);
      await d.getByTestId('patrol-resume').click();
      await expect.poll(() => d.getByTestId('patrol-geo-problem').innerText().catch(() => ''), { timeout: 20_000 }).toContain('没有获准使用位置信息');
      await d.locator('[data-testid="patrol-map"][data-map-idle="true"]').waitFor({ timeout: 60_000 });
      await saveShot(d, 'patrol-app-4-desktop.png');
    } finally {
      await desk.close();
    }
  }, 120_000);

  it('stops: the patrol ends on the server with every point stored', async () => {
    const p = begin();
    const before = await points(p);
    await p.getByTestId('patrol-stop').tap();
    await p.getByTestId('patrol-start').waitFor({ timeout: 30_000 });
    expect(await p.evaluate(async () => ((await (await fetch('/api/patrols/current')).json()) as { patrol: unknown }).patrol)).toBeNull();
    expect(await storedFixes(p)).toBe(before);
    expect(await queuedInDb(p)).toBe(0);
    await saveShot(p, 'patrol-app-5-stopped-phone.png');
  }, 60_000);

  it('installs as an app: manifest linked, service worker running, and no answer with personal data in its caches', async () => {
    const p = begin();
    expect(await p.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
    const cached = await p.evaluate(async () => {
      await navigator.serviceWorker.ready;
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
      return urls;
    });
    expect(cached).toContain('/');
    expect(cached.some((u) => u.startsWith('/assets/'))).toBe(true);
    expect(cached.filter((u) => /^\/api\/(auth|patrols|residents|incidents|map)/.test(u))).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
