import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { openSql } from '../../server/src/db/connect.ts';
import { zhCN } from '../src/i18n/zh-CN.ts';
import { reportFailure, type RunningApp, saveShot, signIn, startSuite } from './harness.ts';
import { onPage, waitForMapIdle } from './map-page.ts';

// A grid leader's day on a 390 × 844 phone (issue 10, point 1): sign in and land on their own grid,
// marked and framed above its panel; locate-me opens the grid under the phone's position (and says
// in words when there is none); then the ledger: find a resident by typing, open, edit, save. At
// every step the page fits the screen's width and shows no raw message key. Layer ids as in
// client/src/map/own-grids.ts and locate.ts; words from the zh-CN locale files.
const OWN_LINE = 'own-grids-line';
const LOCATE_DOT = 'locate-dot';
// a neighbour of the leader's grid (富润家园, …002) in the demo's plan in force
const NEIGHBOUR = '110108010031001';
const PHONE = { width: 390, height: 844 };

let app: RunningApp | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page | undefined;
const pageErrors: string[] = [];
let neighbourPoint: { longitude: number; latitude: number };

const shot = (name: string) => saveShot(page, name);

// the namespaces of the locale files: text like "residents.edit.save" on screen is a key that was not translated
const RAW_KEY = new RegExp(`\\b(?:${Object.keys(zhCN).join('|')})\\.[a-zA-Z][\\w.]*`);

/** What every step must keep: nothing wider than the phone, no untranslated key, no page error. */
async function fitsAndSpeaksChinese(p: Page) {
  const { scrollWidth, innerWidth, text } = await p.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth, text: document.body.innerText,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  expect(text).not.toMatch(RAW_KEY);
  expect(pageErrors).toEqual([]);
}

/** The map's view and what the own-grid and position layers draw now. */
const mapState = (p: Page) => p.evaluate(([own, dot]) => {
  const m = window.__wanggeMap!;
  const b = m.getBounds();
  return {
    bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
    ownFilter: JSON.stringify(m.getLayer(own!) ? m.getFilter(own!) : null),
    ownDrawn: m.getLayer(own!) ? m.queryRenderedFeatures({ layers: [own!] }).map((f) => String(f.properties.code)) : [],
    dotDrawn: m.getLayer(dot!) ? m.queryRenderedFeatures({ layers: [dot!] }).length : 0,
  };
}, [OWN_LINE, LOCATE_DOT]);

/** A part of the page that must lie wholly within the phone's width. */
async function expectWithinWidth(target: Locator) {
  const b = (await target.boundingBox())!;
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(PHONE.width);
}

/** A test's page, with a screenshot, the page's errors and the server log kept if the test fails. */
function begin(): Page {
  onTestFailed(() => reportFailure(page, app, pageErrors, 'grid-leader-failure.png'));
  return page!;
}

const toastText = (p: Page) => p.getByTestId('toast').allInnerTexts().then((t) => t.join('\n'));

describe("a grid leader's day on a phone", () => {
  beforeAll(async () => {
    let desktop: Page;
    ({ app, browser, page: desktop } = await startSuite(['grid-leader-failure.png'], pageErrors));
    await desktop.close();
    const sql = openSql(app.dbUrl, 1);
    try {
      const [pt] = await sql<{ longitude: number; latitude: number }[]>`
        select ST_X(pt) as longitude, ST_Y(pt) as latitude from (
          select ST_PointOnSurface(g.geom) as pt from grid g join grid_plan p on p.id = g.plan_id
          where g.code = ${NEIGHBOUR} and p.status = 'published') x`;
      neighbourPoint = pt!;
    } finally {
      await sql.end();
    }
    context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('lands on their own grid, marked and framed above its panel, with a bottom bar whose labels are whole', async () => {
    const p = begin();
    await p.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
    await signIn(p, 'leader.furun1', DEMO_PASSWORD);
    const own = await p.evaluate(async () => ((await (await fetch('/api/map')).json()) as { ownGrids: { id: number; code: string; bbox: number[] }[] }).ownGrids);
    expect(own).toHaveLength(1);
    const grid = own[0]!;
    await expect.poll(() => p.getByTestId('grid-code').textContent(), { timeout: 20_000 }).toBe(grid.code);
    await waitForMapIdle(p);
    const state = await mapState(p);
    expect(state.ownFilter).toContain(grid.code);
    expect(state.ownDrawn.length).toBeGreaterThan(0);
    expect(new Set(state.ownDrawn)).toEqual(new Set([grid.code]));
    const [w, s, e, n] = grid.bbox as [number, number, number, number];
    expect(state.bounds[0]! <= w && state.bounds[1]! <= s && state.bounds[2]! >= e && state.bounds[3]! >= n).toBe(true);
    // framed above the bottom sheet, not under it
    const box = await onPage(p, grid.bbox);
    expect(box.bottom).toBeLessThanOrEqual((await p.getByTestId('grid-panel').boundingBox())!.y);
    expect(box.top).toBeGreaterThanOrEqual((await p.locator('header.app-header').boundingBox())!.height);

    // the views are a bottom bar: each tab whole and a thumb's size; the header keeps language and account
    const tabs = p.locator('nav.view-tabs button');
    expect(await tabs.allInnerTexts()).toEqual([zhCN.residents.tabs.map, zhCN.incidents.tab, zhCN.residents.tabs.residents, zhCN.patrols.tab]);
    for (const tab of await tabs.all()) {
      const b = (await tab.boundingBox())!;
      expect(b.height).toBeGreaterThanOrEqual(44);
      expect(b.y + b.height).toBeLessThanOrEqual(PHONE.height + 1);
      expect(await tab.locator('.text').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    }
    for (const target of [p.getByTestId('locate-me'), p.getByTestId('account-menu').locator('button.trigger'), p.locator('[data-locale="en"]')]) {
      const b = (await target.boundingBox())!;
      expect(Math.min(b.width, b.height)).toBeGreaterThanOrEqual(44);
      expect(b.x + b.width).toBeLessThanOrEqual(PHONE.width);
    }
    await fitsAndSpeaksChinese(p);
    await shot('grid-leader-1-own-grid.png');
  }, 180_000);

  it('locate-me shows the position and opens the grid under it, or says why not', async () => {
    const p = begin();
    await context!.grantPermissions(['geolocation'], { origin: app!.baseUrl });
    await context!.setGeolocation({ ...neighbourPoint, accuracy: 25 });
    await p.getByTestId('locate-me').tap();
    await expect.poll(() => p.getByTestId('grid-code').textContent(), { timeout: 20_000 }).toBe(NEIGHBOUR);
    await expect.poll(() => toastText(p), { timeout: 10_000 }).toContain('你在');
    await waitForMapIdle(p);
    expect((await mapState(p)).dotDrawn).toBe(1);
    const dot = await onPage(p, [neighbourPoint.longitude, neighbourPoint.latitude, neighbourPoint.longitude, neighbourPoint.latitude]);
    expect(dot.top).toBeLessThanOrEqual((await p.getByTestId('grid-panel').boundingBox())!.y);
    await fitsAndSpeaksChinese(p);
    await shot('grid-leader-2-located.png');

    // far from every grid (Shanghai): said in words, the panel closed
    await context!.setGeolocation({ longitude: 121.47, latitude: 31.23, accuracy: 30 });
    await p.getByTestId('locate-me').tap();
    await expect.poll(() => toastText(p), { timeout: 20_000 }).toContain(zhCN.phone.locate.outside);
    expect(await p.getByTestId('grid-panel').count()).toBe(0);
    // no permission: said in words too
    await context!.clearPermissions();
    await p.getByTestId('locate-me').tap();
    await expect.poll(() => toastText(p), { timeout: 20_000 }).toContain(zhCN.phone.locate.denied);
    await fitsAndSpeaksChinese(p);
    await shot('grid-leader-3-denied.png');
  }, 120_000);

  it('finds a resident in the ledger by typing, opens them, edits the phone and sees it saved', async () => {
    const p = begin();
    await p.locator('nav.view-tabs [data-view="residents"]').tap();
    const search = p.getByRole('searchbox', { name: zhCN.residents.search });
    await search.waitFor({ timeout: 30_000 });
    // the line over the ledger names the leader's grid in words (its name, with its community), not its code
    const [grid] = await p.evaluate(async () => ((await (await fetch('/api/map')).json()) as { ownGrids: { code: string; name: string }[] }).ownGrids);
    const scope = p.getByTestId('residents-panel').locator('.eyebrow');
    await expect.poll(() => scope.innerText(), { timeout: 20_000 }).toContain(grid!.name);
    // the community comes with the first rows, a moment after the grid's name
    await expect.poll(() => scope.innerText(), { timeout: 20_000 }).toContain('社区');
    expect(await scope.innerText()).not.toContain(grid!.code);
    await fitsAndSpeaksChinese(p);
    await shot('grid-leader-4-ledger.png');

    // someone of the leader's grid far down the ledger (not on its first page), as its own API lists them
    const someone = await p.evaluate(async () => ((await (await fetch('/api/residents?limit=1&offset=300')).json()) as { items: { id: number; name: string }[] }).items[0]!);
    const row = p.locator(`[data-resident-id="${someone.id}"]`);
    const rows = p.locator('[data-resident-id]');
    await rows.first().waitFor({ timeout: 20_000 });
    expect(await row.count()).toBe(0);
    await search.fill(someone.name);
    await row.waitFor({ timeout: 20_000 });
    // the list narrowed to that name: every row shown names them
    expect(await rows.count()).toBeLessThan(10);
    for (const text of await rows.allInnerTexts()) expect(text).toContain(someone.name);
    await expectWithinWidth(row);
    await fitsAndSpeaksChinese(p);
    await shot('grid-leader-5-found.png');
    await row.tap();

    const drawer = p.getByTestId('resident-drawer');
    await expect.poll(() => drawer.locator('h2').first().innerText(), { timeout: 20_000 }).toContain(someone.name);
    await expectWithinWidth(drawer);
    const phone = `139${String(Date.now()).slice(-8)}`;
    await drawer.getByLabel(zhCN.residents.edit.phone).fill(phone);
    await fitsAndSpeaksChinese(p);
    await shot('grid-leader-6-editing.png');
    await drawer.getByRole('button', { name: zhCN.residents.edit.save }).tap();
    await expect.poll(() => toastText(p), { timeout: 20_000 }).toContain(zhCN.residents.edit.saved);
    // saved on the server, and shown masked: its last four digits only
    const stored = await p.evaluate(async (id) => ((await (await fetch(`/api/residents/${id}`)).json()) as { phone: string | null }).phone, someone.id);
    expect(stored).toMatch(new RegExp(`${phone.slice(-4)}$`));
    expect(stored).not.toBe(phone);
    await expect.poll(() => drawer.innerText(), { timeout: 10_000 }).toContain(phone.slice(-4));
    await fitsAndSpeaksChinese(p);
    await shot('grid-leader-7-saved.png');
  }, 180_000);
});
