import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { RESULTS, signIn, startSuite, type RunningApp } from './harness.ts';
import { onPage, waitForMapIdle } from './map-page.ts';

// The one search box in the real app: type a grid code or a building's address, choose the
// result (Enter on a desktop, a tap on a phone) and land on it: the grid selected with its panel
// open, or the building framed and highlighted. Layer ids as in client/src/map/overlay-layers.ts.
const GRID_SELECTED = 'grids-selected';
const FOUND_FILL = 'buildings-found-fill';
const GRID_CODE = '110108010031002';
const ADDRESS = '学院路18号';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

async function shot(p: Page, name: string) {
  mkdirSync(RESULTS, { recursive: true });
  await p.screenshot({ path: join(RESULTS, name) }).catch(() => {});
}


/** What the map shows now: its bounds, zoom, the selected grid and found-building filters, and what those layers draw. */
function mapState(p: Page) {
  return p.evaluate(([selected, found]) => {
    const m = window.__wanggeMap!;
    const b = m.getBounds();
    return {
      bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      zoom: m.getZoom(),
      selectedFilter: JSON.stringify(m.getFilter(selected!)),
      foundFilter: JSON.stringify(m.getFilter(found!)),
      selectedDrawn: m.queryRenderedFeatures({ layers: [selected!] }).length,
      foundDrawn: m.queryRenderedFeatures({ layers: [found!] }).length,
    };
  }, [GRID_SELECTED, FOUND_FILL]);
}

/** The result rows the box lists now, as kind and visible text. */
const rows = (p: Page) => p.locator('[role="option"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}: ${e.textContent?.trim()}`));

/** The search's answer for a query, straight from the API as the page's session sees it. */
const apiFirst = (p: Page, q: string) => p.evaluate(async (query) => {
  const res = await fetch(`/api/search?q=${encodeURIComponent(query)}`);
  return ((await res.json()) as { items: { id: number; bbox: [number, number, number, number] }[] }).items[0]!;
}, q);

const inside = (outer: number[], inner: number[]) =>
  outer[0]! <= inner[0]! && outer[1]! <= inner[1]! && outer[2]! >= inner[2]! && outer[3]! >= inner[3]!;

describe('the map search in a real browser', () => {
  beforeAll(async () => {
    ({ app, browser, page } = await startSuite(['search-failure.png', 'search-phone-failure.png'], pageErrors));
    await page.setViewportSize({ width: 1920, height: 1080 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('at 1920 × 1080: a grid code opens the grid, an address frames the building', async () => {
    onTestFailed(async () => {
      await shot(page, 'search-failure.png');
      console.error(`page errors: ${pageErrors.join('\n') || 'none'}\nserver log (tail):\n${app?.log().slice(-3000)}`);
    });
    await page.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
    await signIn(page, 'admin', DEMO_PASSWORD);
    await waitForMapIdle(page);
    const input = page.getByTestId('place-search-input');

    await input.fill(GRID_CODE);
    await expect.poll(() => rows(page), { timeout: 20_000 }).toEqual([`grid: 富润家园网格${GRID_CODE}富润社区 · 学院路街道`]);
    await shot(page, 'search-desktop-results.png');
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('grid-code').textContent(), { timeout: 20_000 }).toBe(GRID_CODE);
    const grid = await apiFirst(page, GRID_CODE);
    await waitForMapIdle(page);
    let state = await mapState(page);
    expect(state.selectedFilter).toContain(`${grid.id}]`);
    expect(state.selectedDrawn).toBeGreaterThan(0);
    expect(inside(state.bounds, grid.bbox)).toBe(true);
    // framed beside the grid panel, not under it
    expect((await onPage(page, grid.bbox)).right).toBeLessThanOrEqual((await page.getByTestId('grid-panel').boundingBox())!.x);
    await shot(page, 'search-desktop-grid.png');

    // one name, every kind it names, each group under its heading
    await input.fill('富润');
    await expect.poll(() => page.locator('#place-search-results .group-title').allTextContents(), { timeout: 20_000 })
      .toEqual(['辖区', '网格', '小区']);
    await shot(page, 'search-desktop-groups.png');

    // the arrow keys walk the list; Escape clears the box and brings the tree back
    await input.fill('学');
    await expect.poll(async () => (await rows(page)).length, { timeout: 20_000 }).toBeGreaterThan(3);
    await input.press('ArrowDown');
    expect(await page.locator('[role="option"][aria-selected="true"]').getAttribute('id')).toBe('place-search-option-1');
    await input.press('Escape');
    await page.getByTestId('jurisdiction-tree').locator('[role="tree"]').waitFor();

    await input.fill(ADDRESS);
    const address = page.locator('[role="option"][data-kind="address"]');
    await expect.poll(() => address.textContent(), { timeout: 20_000 }).toContain('10号楼 · 石科院生活区');
    await address.click();
    const building = await apiFirst(page, ADDRESS);
    await expect.poll(async () => (await mapState(page)).foundFilter, { timeout: 20_000 }).toBe(JSON.stringify(['==', ['to-number', ['get', 'id']], building.id]));
    await waitForMapIdle(page);
    state = await mapState(page);
    expect(state.foundDrawn).toBeGreaterThan(0);
    expect(inside(state.bounds, building.bbox)).toBe(true);
    expect(state.zoom).toBeGreaterThan(16);
    expect(await page.getByTestId('grid-panel').count()).toBe(0);
    await shot(page, 'search-desktop-address.png');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('at 390 × 844: typed and tapped in the drawer, the drawer gives way to the grid, then to the building', async () => {
    const phone = await browser!.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    phone.on('pageerror', (err) => pageErrors.push(err.message));
    try {
      await phone.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
      await phone.locator('[data-testid="login-form"], header.app-header').first().waitFor({ timeout: 30_000 });
      if (!(await phone.locator('header.app-header').isVisible())) await signIn(phone, 'admin', DEMO_PASSWORD);
      await waitForMapIdle(phone);
      const drawer = phone.getByTestId('jurisdiction-tree');
      const openDrawer = async () => {
        await phone.getByRole('button', { name: /辖区|Areas/ }).click();
        await expect.poll(async () => (await drawer.boundingBox())!.x >= 0, { timeout: 10_000 }).toBe(true);
      };
      const drawerGone = async () => {
        const box = await drawer.boundingBox();
        return !box || box.x + box.width <= 0;
      };
      const input = phone.getByTestId('place-search-input');

      await openDrawer();
      await input.fill(GRID_CODE);
      const option = phone.locator('[role="option"][data-kind="grid"]');
      await option.waitFor({ timeout: 20_000 });
      expect((await option.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await shot(phone, 'search-phone-results.png');
      await option.tap();
      await expect.poll(drawerGone, { timeout: 10_000 }).toBe(true);
      await expect.poll(() => phone.getByTestId('grid-code').textContent(), { timeout: 20_000 }).toBe(GRID_CODE);
      await waitForMapIdle(phone);
      expect((await mapState(phone)).selectedDrawn).toBeGreaterThan(0);
      // framed above the bottom sheet, not under it
      const grid = await apiFirst(phone, GRID_CODE);
      expect((await onPage(phone, grid.bbox)).bottom).toBeLessThanOrEqual((await phone.getByTestId('grid-panel').boundingBox())!.y);
      await shot(phone, 'search-phone-grid.png');

      await openDrawer();
      await input.fill(ADDRESS);
      const address = phone.locator('[role="option"][data-kind="address"]');
      await address.waitFor({ timeout: 20_000 });
      await address.tap();
      await expect.poll(drawerGone, { timeout: 10_000 }).toBe(true);
      const building = await apiFirst(phone, ADDRESS);
      await expect.poll(async () => (await mapState(phone)).foundFilter, { timeout: 20_000 }).toContain(`${building.id}]`);
      await waitForMapIdle(phone);
      const state = await mapState(phone);
      expect(state.foundDrawn).toBeGreaterThan(0);
      expect(inside(state.bounds, building.bbox)).toBe(true);
      expect(await phone.getByTestId('grid-panel').count()).toBe(0);
      await shot(phone, 'search-phone-address.png');
      expect(pageErrors).toEqual([]);
    } catch (err) {
      await shot(phone, 'search-phone-failure.png');
      throw err;
    } finally {
      await phone.close();
    }
  }, 120_000);
});
