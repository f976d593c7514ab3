import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { zhCN } from '../src/i18n/zh-CN.ts';
import { chooseOption } from './kit.ts';
import { apiSession } from './residents-fixtures.ts';
import { reportFailure, type RunningApp, saveShot, signIn, startSuite } from './harness.ts';

// 巡查覆盖 in the UI (issue 12): on the demo's synthetic month of patrols, a supervisor sees the grids nobody
// walked on the map and in the list, opens a grid's patrols and replays one with the slider, at 1920 × 1080
// and 390 × 844; a community manager sees a worker's live position arrive from the Traccar endpoint; an
// admin binds a phone to a worker and sees its secret once, then revokes it through the app's own dialog.
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1920, height: 1080 };

let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page | undefined;
const pageErrors: string[] = [];
const RAW_KEY = new RegExp(`\\b(?:${Object.keys(zhCN).join('|')})\\.[a-zA-Z][\\w.]*`);

async function as(username: string, viewport: { width: number; height: number }) {
  await page?.context().close();
  const phone = viewport.width < 500;
  const context = await browser!.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
  await signIn(page, username, DEMO_PASSWORD);
  return page;
}

async function openCoverage(p: Page) {
  await p.locator('nav.view-tabs [data-view="coverage"]').click();
  // on a phone the list comes first and the map waits hidden behind it
  await p.locator('[data-testid="coverage-map"][data-coverage-map-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
  await p.getByTestId('coverage-totals').waitFor({ timeout: 30_000 });
}

const idle = (p: Page) => p.waitForSelector('[data-testid="coverage-map"][data-map-idle="true"]', { state: 'attached', timeout: 60_000 });

/** The grid codes the map paints in a colour, by colour (read from the fill's match expression). */
const paintedCodes = (p: Page) => p.evaluate(() => {
  const e = window.__wanggeMap!.getPaintProperty('grids-fill', 'fill-color') as unknown[];
  const out: Record<string, string[]> = {};
  if (Array.isArray(e) && e[0] === 'match') for (let i = 2; i + 1 < e.length; i += 2) out[e[i + 1] as string] = e[i] as string[];
  return out;
});

/** Grid codes drawn on the screen now. */
const drawnCodes = (p: Page) => p.evaluate(() => [...new Set(window.__wanggeMap!.queryRenderedFeatures({ layers: ['grids-fill'] }).map((f) => String(f.properties.code)))]);

/** A point on the page where one of the grids is the top grid drawn (searched on a lattice over the map), or null. */
const pointOnGrid = (p: Page, codes: string[]) => p.evaluate((wanted) => {
  const m = window.__wanggeMap!;
  const r = m.getCanvas().getBoundingClientRect();
  // clear of the overlays along the edges (the live switch, the legend, the zoom buttons)
  for (let i = 4; i < 21; i++) {
    for (let j = 4; j < 21; j++) {
      const pt: [number, number] = [(r.width * i) / 24, (r.height * j) / 24];
      const f = m.queryRenderedFeatures(pt, { layers: ['grids-fill'] })[0];
      if (f && wanted.includes(String(f.properties.code))) return { x: r.left + pt[0], y: r.top + pt[1] };
    }
  }
  return null;
}, codes);

/** A GPX 1.1 track of 12 points a minute apart across a box, starting at `start` (ms). */
function gpxWalk([w, s, e, n]: [number, number, number, number], start: number): string {
  const pts = Array.from({ length: 12 }, (_, i) => {
    const f = (i + 1) / 13;
    return `<trkpt lat="${(s + (n - s) * f).toFixed(6)}" lon="${(w + (e - w) * f).toFixed(6)}"><time>${new Date(start + i * 60_000).toISOString()}</time></trkpt>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="e2e" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>walk</name><trkseg>${pts.join('')}</trkseg></trk></gpx>`;
}

async function speaksChinese(p: Page) {
  const { scrollWidth, innerWidth, text } = await p.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth, text: document.body.innerText }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  expect(text).not.toMatch(RAW_KEY);
  expect(pageErrors).toEqual([]);
}

function begin(shot: string) {
  onTestFailed(() => reportFailure(page, app, pageErrors, shot));
}

/** Where the replay's marker stands on the map, or null. */
const markerAt = (p: Page) => p.evaluate(async () => {
  const source = window.__wanggeMap!.getSource('coverage-marker') as unknown as { getData: () => Promise<GeoJSON.FeatureCollection<GeoJSON.Point>> };
  return (await source.getData()).features[0]?.geometry.coordinates ?? null;
});

/** Replays the first patrol of the list: the slider moves the marker and the time. */
async function replayFirstPatrol(p: Page, tap: boolean) {
  const first = p.getByTestId('coverage-patrol').first();
  await first.waitFor({ timeout: 30_000 });
  await (tap ? first.tap() : first.click());
  const slider = p.getByTestId('replay-slider');
  await slider.waitFor({ timeout: 30_000 });
  const before = await p.getByTestId('replay-time').innerText();
  const marker = () => markerAt(p);
  const start = await marker();
  expect(start).not.toBeNull();
  // the slider to 60 % of the patrol, as a person drags it
  await slider.evaluate((el: HTMLInputElement) => {
    el.value = String(Number(el.min) + (Number(el.max) - Number(el.min)) * 0.6);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect.poll(() => p.getByTestId('replay-time').innerText()).not.toBe(before);
  await expect.poll(marker).not.toEqual(start);
  expect(await p.getByTestId('replay-speed').innerText()).toMatch(/公里\/小时|—/);
}

describe('patrol coverage in the UI', () => {
  beforeAll(async () => {
    let first: Page;
    ({ app, browser, page: first } = await startSuite(['coverage-failure.png'], pageErrors));
    await first.context().close();
    page = undefined;
  }, 300_000);

  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('a supervisor sees the grids nobody walked on the map and in the list, and replays a patrol, at 1920 × 1080', async () => {
    begin('coverage-failure.png');
    const p = await as('supervisor', DESKTOP);
    await openCoverage(p);
    await p.getByTestId('coverage-grids-window').click();
    const rows = p.getByTestId('coverage-grid-row');
    await rows.first().waitFor({ timeout: 30_000 });
    const listed = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-code')!));
    expect(listed.length).toBeGreaterThan(0);
    // the same grids painted as not walked within the window (or never) on the map, and drawn there
    await idle(p);
    const painted = await paintedCodes(p);
    const neglected = [...(painted['#E5732E'] ?? []), ...(painted['#B3261E'] ?? [])];
    for (const code of listed) expect(neglected).toContain(code);
    await expect.poll(() => drawnCodes(p), { timeout: 30_000 }).toEqual(expect.arrayContaining([listed[0]]));
    await saveShot(p, 'coverage-1-desktop.png');
    // drill down on the map: a click on a grid walked within the window opens its patrols, then one is replayed
    const walked = [...(painted['#2BAE86'] ?? []), ...(painted['#F2C14E'] ?? [])];
    expect(walked.length).toBeGreaterThan(0);
    const at = await pointOnGrid(p, walked);
    expect(at).not.toBeNull();
    await p.mouse.click(at!.x, at!.y);
    await p.getByTestId('coverage-patrols').waitFor({ timeout: 30_000 });
    await replayFirstPatrol(p, false);
    await idle(p);
    await saveShot(p, 'coverage-2-replay-desktop.png');
    await p.getByTestId('replay-play').click();
    await expect.poll(() => p.getByTestId('replay-play').innerText()).toBe(zhCN.coverage.replay.pause);
    await p.getByTestId('replay-play').click();
    await speaksChinese(p);
  }, 300_000);

  it('the same on a phone at 390 × 844: the list and the map take turns', async () => {
    begin('coverage-failure.png');
    const p = await as('supervisor', PHONE);
    await openCoverage(p);
    await p.getByTestId('coverage-grid-row').first().waitFor({ timeout: 30_000 });
    await saveShot(p, 'coverage-3-list-phone.png');
    expect(await p.getByTestId('coverage-map').isVisible()).toBe(false);
    await p.getByTestId('coverage-phone-switch').tap();
    await idle(p);
    expect(await p.getByTestId('coverage-map').isVisible()).toBe(true);
    await saveShot(p, 'coverage-4-map-phone.png');
    await p.getByTestId('coverage-phone-switch').tap();
    await p.getByTestId('coverage-tab-workers').tap();
    await p.getByTestId('coverage-tab-grids').tap();
    // a grid walked within the window (not on the chosen day) has patrols to replay
    await p.locator('[data-testid="coverage-grid-row"][data-state="recent"]').first().locator('button.link').tap();
    await p.getByTestId('coverage-patrols').waitFor({ timeout: 30_000 });
    await replayFirstPatrol(p, true);
    await saveShot(p, 'coverage-5-replay-phone.png');
    await p.getByTestId('replay-show-map').tap();
    await idle(p);
    expect(await p.evaluate(() => window.__wanggeMap!.queryRenderedFeatures({ layers: ['coverage-track-line'] }).length)).toBeGreaterThan(0);
    // the replay's bar comes over the map: played at 60×, the marker moves while the map is watched
    const before = await markerAt(p);
    await p.getByTestId('map-replay-rate-60').tap();
    await p.getByTestId('map-replay-play').tap();
    await expect.poll(() => markerAt(p), { timeout: 20_000 }).not.toEqual(before);
    await p.getByTestId('map-replay-play').tap();
    await saveShot(p, 'coverage-6-replay-map-phone.png');
    await speaksChinese(p);
  }, 300_000);
  it('an admin binds an OwnTracks phone to a worker and sees its secret once; the phone reports and shows live; revoked, it is refused', async () => {
    begin('coverage-failure.png');
    const p = await as('admin', DESKTOP);
    await p.getByTestId('admin-open').click();
    await p.getByTestId('admin-tab-devices').click();
    await p.getByTestId('admin-devices').waitFor();
    await p.getByTestId('device-create').click();
    const dialog = p.getByTestId('device-dialog');
    await p.getByTestId('device-worker').fill('王磊');
    await p.getByTestId('device-worker-options').getByRole('option').filter({ hasText: 'leader.furun1' }).first().click({ timeout: 20_000 });
    await chooseOption(p, 'device-protocol', 'OwnTracks');
    await dialog.getByTestId('device-identifier').fill('wanglei-e2e');
    await dialog.getByTestId('device-submit').click();
    const setup = p.getByTestId('device-setup');
    await setup.waitFor({ timeout: 20_000 });
    const secret = await setup.getByTestId('device-secret').inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    const fields = await setup.locator('input').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
    expect(fields).toEqual(['HTTP', `${app!.baseUrl}/gps/owntracks`, 'wanglei-e2e', secret]);
    await saveShot(p, 'coverage-7-device-secret.png');
    await setup.getByTestId('device-setup-done').click();
    await setup.waitFor({ state: 'detached' });
    const row = p.locator('[data-testid="device-row"][data-identifier="wanglei-e2e"]');
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain('使用中');
    // once closed, the secret is nowhere: not on the page, not in what the server lists
    expect(await p.evaluate(() => document.body.innerHTML)).not.toContain(secret);
    const admin = await apiSession(app!.baseUrl, 'admin', DEMO_PASSWORD);
    expect(JSON.stringify(await admin.call('GET', '/api/devices'))).not.toContain(secret);
    await speaksChinese(p);

    // a past walk from a GPX file, for the same worker
    const leader = await apiSession(app!.baseUrl, 'leader.furun1', DEMO_PASSWORD);
    const [w, s, e, n] = (await leader.call<{ ownGrids: { bbox: number[] }[] }>('GET', '/api/map')).ownGrids[0]!.bbox as [number, number, number, number];
    const gpx = gpxWalk([w, s, e, n], Date.now() - 26 * 3_600_000);
    const importer = p.getByTestId('gpx-import');
    await importer.getByTestId('gpx-worker').fill('王磊');
    await p.getByTestId('gpx-worker-options').getByRole('option').filter({ hasText: 'leader.furun1' }).first().click({ timeout: 20_000 });
    await importer.getByTestId('gpx-file').setInputFiles({ name: 'walk.gpx', mimeType: 'application/gpx+xml', buffer: Buffer.from(gpx) });
    await importer.getByTestId('gpx-upload').click();
    await expect.poll(() => importer.getByTestId('gpx-done').innerText(), { timeout: 30_000 }).toMatch(/已导入 12 个点/);

    // the phone reports in the worker's grid, and the community manager sees the worker live
    const manager = await browser!.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const m = await manager.newPage();
    m.on('pageerror', (err) => pageErrors.push(err.message));
    await m.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
    await signIn(m, 'manager.furun', DEMO_PASSWORD);
    await openCoverage(m);
    const report = (user: string, password: string) => fetch(`${app!.baseUrl}/gps/owntracks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'X-Limit-U': user, 'X-Limit-D': 'phone' },
      body: JSON.stringify({ _type: 'location', lat: (s + n) / 2, lon: (w + e) / 2, tst: Math.floor(Date.now() / 1000), acc: 8, tid: 'wl' }),
    });
    const ok = await report('wanglei-e2e', secret);
    expect(ok.status).toBe(200);
    const liveNames = () => m.evaluate(() => window.__wanggeMap!.querySourceFeatures('coverage-live').map((f) => String(f.properties.name)));
    await expect.poll(liveNames, { timeout: 30_000 }).toContain('王磊（网格长）');
    await m.evaluate(([lon, lat]) => window.__wanggeMap!.jumpTo({ center: [lon!, lat!], zoom: 16 }), [(w + e) / 2, (s + n) / 2]);
    await idle(m);
    await saveShot(m, 'coverage-8-live.png');
    await manager.close();

    // revoked through the app's own confirmation dialog, the phone's reports are refused
    await row.getByTestId('device-revoke').click();
    await p.getByTestId('device-confirm').waitFor();
    await p.getByTestId('device-confirm-ok').click();
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain('已停用');
    expect((await report('wanglei-e2e', secret)).status).toBe(401);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
