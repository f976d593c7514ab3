import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { reportFailure, type RunningApp, saveShot, signIn, startSuite } from './harness.ts';

// Issue 10, point 6: every demo role signs in and sees tabs only for what it can use, and pages
// that say honestly what it can do or whom to ask; with it, the map's side panels of point 2 (a
// place's totals as far as the role may see them, a grid's staff with work phones to call or masked).
let app: RunningApp | undefined;
let browser: Browser | undefined;
let first: Page;
const pageErrors: string[] = [];
const GRID_CODE = '110108010031002'; // 富润家园网格: leader.furun1 and assistant.furun1 work it
const DESKTOP = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };

/** The tabs each demo role must see (viewer: the map alone, so no tab strip at all). */
const TABS: Record<string, string[]> = {
  admin: ['map', 'incidents', 'residents', 'plans', 'patrol', 'coverage'],
  planner: ['map', 'plans'],
  commander: ['map', 'incidents', 'plans', 'coverage'],
  supervisor: ['map', 'incidents', 'residents', 'patrol', 'coverage'],
  'manager.furun': ['map', 'incidents', 'residents', 'plans', 'patrol', 'coverage'],
  'leader.furun1': ['map', 'incidents', 'residents', 'patrol'],
  'assistant.furun1': ['map', 'incidents', 'residents', 'patrol'],
  'officer.furun': ['map', 'incidents', 'residents'],
  viewer: [],
};
const ADMIN_ENTRY = new Set(['admin', 'planner']);

let page: Page;
async function as(username: string) {
  await page?.context().close();
  const context = await browser!.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
  await page.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
  await signIn(page, username, DEMO_PASSWORD);
  return page;
}
const waitForMapIdle = (p: Page) => p.waitForSelector('[data-testid="map"][data-map-idle="true"]', { timeout: 60_000 });
const tabsShown = (p: Page) => p.locator('header.app-header nav [data-view]').evaluateAll((els) => els.map((e) => e.getAttribute('data-view')));
/** Chooses a place in the tree (opening the sidebar first on a phone). */
async function choosePlace(p: Page, name: string) {
  const menu = p.locator('header.app-header button.menu');
  if (await menu.isVisible()) await menu.click();
  // a query left in the search box stands where the tree was
  await p.getByTestId('place-search-input').fill('');
  await p.getByTestId('jurisdiction-tree').locator('button.label', { hasText: name }).first().click();
}
/** Opens a grid from the search box, as a user would. */
async function openGrid(p: Page, code: string) {
  const input = p.getByTestId('place-search-input');
  await input.fill(code);
  await p.locator('[role="option"][data-kind="grid"]').first().waitFor({ timeout: 20_000 });
  await input.press('Enter');
  await expect.poll(() => p.getByTestId('grid-code').textContent(), { timeout: 20_000 }).toBe(code);
  await p.getByTestId('grid-staff').waitFor({ timeout: 20_000 });
}

describe('each demo role in a real browser', () => {
  beforeAll(async () => {
    ({ app, browser, page: first } = await startSuite(['roles-failure.png'], pageErrors));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('the sign-in page promises only what exists: map, planning, ledger, access control', async () => {
    onTestFailed(() => reportFailure(first, app, pageErrors, 'roles-failure.png'));
    await first.setViewportSize(DESKTOP);
    await first.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
    const points = await first.getByTestId('login-points').innerText();
    expect(points).toContain('网格规划');
    expect(points).toContain('居民台账');
    expect(points).not.toMatch(/事件|派遣|处置|核查/);
    await saveShot(first, 'roles-login-desktop.png');
    await first.setViewportSize(PHONE);
    await saveShot(first, 'roles-login-phone.png');
  }, 60_000);

  it('shows each role the tabs it can use, at 1920 × 1080 and 390 × 844', async () => {
    onTestFailed(() => reportFailure(page, app, pageErrors, 'roles-failure.png'));
    for (const [username, tabs] of Object.entries(TABS)) {
      await as(username);
      expect.soft(await tabsShown(page), username).toEqual(tabs);
      expect.soft(await page.getByTestId('admin-open').count(), `${username} admin entry`).toBe(ADMIN_ENTRY.has(username) ? 1 : 0);
      await waitForMapIdle(page);
      await saveShot(page, `roles-${username}-desktop.png`);
      await page.setViewportSize(PHONE);
      expect.soft(await tabsShown(page), `${username} on a phone`).toEqual(tabs);
      await saveShot(page, `roles-${username}-phone.png`);
    }
    expect(pageErrors).toEqual([]);
  }, 600_000);

  it('a commander reads the plan in force as published, with its date, and is told who drafts plans', async () => {
    onTestFailed(() => reportFailure(page, app, pageErrors, 'roles-failure.png'));
    await as('commander');
    await page.locator('[data-view="plans"]').click();
    const list = page.getByTestId('plan-list');
    await list.waitFor({ timeout: 30_000 });
    await expect.poll(() => list.getByTestId('plan-list-readonly').innerText(), { timeout: 20_000 }).toContain('网格办');
    expect(await list.getByTestId('plan-create').count()).toBe(0);
    await list.locator('button.plan', { hasText: '已发布' }).first().click();
    const state = page.getByTestId('plan-state');
    await expect.poll(() => state.innerText(), { timeout: 30_000 }).toMatch(/已发布，\d{4}年\d{1,2}月\d{1,2}日 起施行/);
    expect(await page.getByTestId('plan-publishable').count()).toBe(0);
    expect(await page.getByTestId('plan-panel').innerText()).not.toContain('尚不能提交');
    await saveShot(page, 'roles-commander-plan-desktop.png');
    await page.setViewportSize(PHONE);
    await saveShot(page, 'roles-commander-plan-phone.png');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('a grid leader gets their own grid\'s totals and can call its staff; a viewer sees the numbers masked', async () => {
    onTestFailed(() => reportFailure(page, app, pageErrors, 'roles-failure.png'));
    await as('leader.furun1');
    await waitForMapIdle(page);
    await choosePlace(page, '富润社区');
    const summary = page.getByTestId('place-summary');
    await expect.poll(() => summary.getByTestId('place-partial').innerText(), { timeout: 20_000 }).toContain('1 个网格');
    expect(await summary.getByTestId('place-grids').innerText()).toMatch(/^1/);
    expect(await summary.getByTestId('place-workers').innerText()).toMatch(/^2/);
    await waitForMapIdle(page);
    await saveShot(page, 'roles-leader-summary-desktop.png');
    // a community they do not work in: said so, no numbers
    await choosePlace(page, '中国农业大学东校区社区');
    await expect.poll(() => summary.getByTestId('place-outside').innerText(), { timeout: 20_000 }).toContain('联系系统管理员');

    await openGrid(page, GRID_CODE);
    expect(await page.getByTestId('place-summary').count()).toBe(0);
    const calls = page.getByTestId('staff-call');
    expect(await calls.evaluateAll((els) => els.map((e) => e.getAttribute('href')))).toEqual(
      expect.arrayContaining(['tel:13900000102', 'tel:13900000103', 'tel:13900000101']));
    for (const box of await calls.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) expect(box).toBeGreaterThanOrEqual(44);
    const staff = await page.getByTestId('grid-staff').innerText();
    expect(staff).toContain('网格长');
    expect(staff).toContain('网格协管员');
    expect(staff).not.toMatch(/grid_leader|grid_assistant/);
    await saveShot(page, 'roles-leader-grid-desktop.png');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(800); // the sidebar slides away as the layout turns into the phone's
    await saveShot(page, 'roles-leader-grid-phone.png');
    // choosing a place closes the grid panel and shows the place's totals instead
    await choosePlace(page, '富润社区');
    await expect.poll(() => summary.getByTestId('place-workers').innerText(), { timeout: 20_000 }).toMatch(/^2/);
    expect(await page.getByTestId('grid-panel').count()).toBe(0);
    await page.waitForTimeout(800);
    await saveShot(page, 'roles-leader-summary-phone.png');

    await as('viewer');
    await waitForMapIdle(page);
    await openGrid(page, GRID_CODE);
    expect(await page.getByTestId('staff-call').count()).toBe(0);
    expect(await page.getByTestId('grid-staff').innerText()).toContain('139****0102');
    await saveShot(page, 'roles-viewer-grid-desktop.png');
    await choosePlace(page, '学院路街道');
    await expect.poll(() => page.getByTestId('place-summary').getByTestId('place-unstaffed').innerText(), { timeout: 20_000 }).toMatch(/^\d+/);
    expect(await page.getByTestId('place-summary').getByTestId('place-partial').count()).toBe(0);
    await waitForMapIdle(page);
    await saveShot(page, 'roles-viewer-town-desktop.png');
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
