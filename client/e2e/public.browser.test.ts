import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { chooseOption } from './kit.ts';
import { reportFailure, saveShot, startSuite, type RunningApp } from './harness.ts';

// A resident without an account, on a phone (390 × 844): finds their grid by the phone's position on
// 我的网格, sees its workers with tap-to-call phones, reports a problem at the place, follows it by its
// link, and rates it once the community has closed it; the same pages at 1920 × 1080, and 公示.
const GRID_CODE = '110108010031002';
const NAME = '赵居民';
const PHONE = '13811112222';
const DESCRIPTION = '单元门口的路灯不亮了';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let desktop: Page;
let phone: Page | undefined;
const pageErrors: string[] = [];
let at: { lon: number; lat: number };
let trackUrl = '';

const idle = (p: Page, testid: string) => p.waitForSelector(`[data-testid="${testid}"][data-map-idle="true"]`, { timeout: 60_000 });

/**
 * The community manager closes the newest resident report (the phone's; its id is never shown to the
 * resident) over the API, as the workspace would: accept, handle it itself, feed back, verify.
 */
async function closeNewestResidentReport() {
  const base = app!.baseUrl;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'manager.furun', password: DEMO_PASSWORD }) });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { Cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' };
  const list = (await (await fetch(`${base}/api/incidents?source=resident&limit=1`, { headers })).json()) as { items: { id: number }[] };
  const id = list.items[0]!.id;
  const steps = [{ action: 'accept' }, { action: 'dispatch', assignee: { kind: 'community', unitId: GRID_CODE.slice(0, 12) } }, { action: 'start' }, { action: 'feed_back', note: '已更换灯泡' }, { action: 'verify' }];
  for (const step of steps) {
    const { version } = (await (await fetch(`${base}/api/incidents/${id}`, { headers })).json()) as { version: number };
    const res = await fetch(`${base}/api/incidents/${id}/transitions`, { method: 'POST', headers, body: JSON.stringify({ ...step, version }) });
    expect(res.status, `${step.action}: ${await res.clone().text()}`).toBe(200);
  }
}

describe('the public pages in a real browser', () => {
  beforeAll(async () => {
    ({ app, browser, page: desktop } = await startSuite(['public-failure.png', 'public-phone-failure.png'], pageErrors));
    const g = (await (await fetch(`${app.baseUrl}/api/public/my-grid?q=${GRID_CODE}`)).json()) as { matches: { lon: number; lat: number }[] };
    at = g.matches[0]!;
    phone = await browser.newPage({
      viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN',
      geolocation: { longitude: at.lon, latitude: at.lat, accuracy: 20 }, permissions: ['geolocation'],
    });
    phone.on('pageerror', (err) => pageErrors.push(err.message));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('at 390 × 844: finds the grid by location, calls its workers, reports there and follows the report to its rating', async () => {
    const p = phone!;
    onTestFailed(() => reportFailure(p, app, pageErrors, 'public-phone-failure.png'));
    await p.goto(`${app!.baseUrl}/public/my-grid`, { waitUntil: 'domcontentloaded' });
    await p.getByTestId('public-locate').click();
    await expect.poll(() => p.getByTestId('public-grid-name').textContent(), { timeout: 20_000 }).toBe('富润家园网格');
    await idle(p, 'public-grid-map');
    const calls = await p.getByTestId('public-workers').locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => `${a.closest('li')!.querySelector('.pub-name')!.textContent} ${a.getAttribute('href')}`));
    expect(calls).toContain('王磊（网格长） tel:13900000102');
    expect(calls).toContain('李娜（网格协管员） tel:13900000103');
    await saveShot(p, 'public-phone-my-grid.png');
    // the map of a phone is as wide as the screen and nothing overflows sideways
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await chooseOption(p, 'public-report-class', '市容环境');
    await chooseOption(p, 'public-report-minor', '暴露垃圾');
    await p.getByTestId('public-report-description').fill(DESCRIPTION);
    await p.locator('#pub-name').fill(NAME);
    await p.locator('#pub-phone').fill(PHONE);
    await p.getByTestId('public-report-submit').scrollIntoViewIfNeeded();
    await saveShot(p, 'public-phone-report-form.png');
    await p.getByTestId('public-report-submit').click();
    const link = p.getByTestId('public-track-link');
    await link.waitFor({ timeout: 20_000 });
    trackUrl = (await link.textContent())!.trim();
    expect(trackUrl).toMatch(new RegExp(`^${app!.baseUrl}/public/track/[A-Za-z0-9_-]{24}$`));
    await saveShot(p, 'public-phone-report-done.png');

    await p.getByTestId('public-track-open').click();
    await expect.poll(() => p.getByTestId('public-track-status').textContent(), { timeout: 20_000 }).toBe('待受理');
    expect(await p.getByTestId('public-track-steps').innerText()).toContain('提交问题');
    expect(await p.getByTestId('public-track-deadline').isVisible()).toBe(true);
    expect(await p.getByTestId('public-rating').innerText()).toContain('问题办结后即可在这里评价');
    await saveShot(p, 'public-phone-track-open.png');

    await closeNewestResidentReport();
    await p.reload({ waitUntil: 'domcontentloaded' });
    await expect.poll(() => p.getByTestId('public-track-status').textContent(), { timeout: 20_000 }).toBe('已结案');
    const steps = await p.getByTestId('public-track-steps').innerText();
    for (const s of ['提交问题', '受理立项', '任务派遣', '处理反馈', '核查结案']) expect(steps).toContain(s);
    await p.getByTestId('public-star-4').click();
    await p.getByTestId('public-rating-comment').fill('修得很快');
    await p.getByTestId('public-rating-submit').click();
    await expect.poll(() => p.getByTestId('public-track-status').textContent(), { timeout: 20_000 }).toBe('已评价');
    expect(await p.getByTestId('public-rating').innerText()).toContain('★★★★☆');
    // nothing on the follow page names the resident, the staff or their notes
    const text = await p.locator('body').innerText();
    for (const secret of [NAME, PHONE, DESCRIPTION, '已更换灯泡', '郑红梅']) expect(text).not.toContain(secret);
    await saveShot(p, 'public-phone-track-rated.png');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('at 1920 × 1080: 我的网格 by an address search, the follow page and 公示 with the closed case and nothing personal', async () => {
    onTestFailed(() => reportFailure(desktop, app, pageErrors, 'public-failure.png'));
    await desktop.setViewportSize({ width: 1920, height: 1080 });
    await desktop.goto(`${app!.baseUrl}/public/my-grid`, { waitUntil: 'domcontentloaded' });
    await desktop.getByTestId('public-search-input').fill(GRID_CODE);
    await desktop.getByTestId('public-search').click();
    await expect.poll(() => desktop.getByTestId('public-grid-name').textContent(), { timeout: 20_000 }).toBe('富润家园网格');
    await idle(desktop, 'public-grid-map');
    await saveShot(desktop, 'public-desktop-my-grid.png');

    await desktop.goto(trackUrl, { waitUntil: 'domcontentloaded' });
    await expect.poll(() => desktop.getByTestId('public-track-status').textContent(), { timeout: 20_000 }).toBe('已评价');
    await saveShot(desktop, 'public-desktop-track.png');
    // in English too, the workflow's own words
    await desktop.getByTestId('locale-switch').locator('[data-locale="en"]').click();
    await expect.poll(() => desktop.getByTestId('public-track-status').textContent()).toBe('Evaluated');
    expect(await desktop.getByTestId('public-track-steps').innerText()).toContain('Report received');
    await saveShot(desktop, 'public-desktop-track-en.png');
    await desktop.getByTestId('locale-switch').locator('[data-locale="zh-CN"]').click();

    await desktop.goto(`${app!.baseUrl}/public/incidents`, { waitUntil: 'domcontentloaded' });
    const cases = desktop.getByTestId('public-cases').locator('li');
    await cases.first().waitFor({ timeout: 20_000 });
    await idle(desktop, 'public-incidents-map');
    const list = await desktop.getByTestId('public-cases').innerText();
    expect(list).toContain('暴露垃圾');
    expect(list).toContain('富润社区 · 学院路街道');
    for (const secret of [NAME, PHONE, DESCRIPTION, '已更换灯泡', '修得很快']) expect(list).not.toContain(secret);
    // the map draws the listed cases as dots (at their cells' centres)
    await expect.poll(() => desktop.evaluate(() => window.__wanggePublicMap!.queryRenderedFeatures({ layers: ['public-points'] }).length), { timeout: 20_000 }).toBeGreaterThan(0);
    await saveShot(desktop, 'public-desktop-incidents.png');
    await desktop.setViewportSize({ width: 390, height: 844 });
    await saveShot(desktop, 'public-phone-incidents.png');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
