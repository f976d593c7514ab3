import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { openSql } from '../../server/src/db/connect.ts';
import { zhCN } from '../src/i18n/zh-CN.ts';
import { reportFailure, type RunningApp, saveShot, signIn, startSuite } from './harness.ts';

// The bell (issue 11, notifications): a grid leader's unread count rises live when the community manager,
// in another session, dispatches a case to the grid; the list says what happened to which case, choosing
// it opens the case; on a phone the list is a sheet above the tab bar. At 1920 × 1080 and 390 × 844.
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1920, height: 1080 };
const RAW_KEY = new RegExp(`\\b(?:${Object.keys(zhCN).join('|')})\\.[a-zA-Z][\\w.]*`);

let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page | undefined;
const pageErrors: string[] = [];
let point: { lon: number; lat: number; grid: string };
let incidentId = 0;

async function as(username: string, viewport: { width: number; height: number }) {
  await page?.context().close();
  const phone = viewport.width < 500;
  const context = await browser!.newContext({ viewport, locale: 'zh-CN', ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
  await signIn(page, username, DEMO_PASSWORD);
  await page.getByTestId('notification-bell').waitFor({ timeout: 30_000 });
  return page;
}

/** Another person's session over HTTP: signs in and sends JSON with the CSRF token. */
async function apiAs(username: string) {
  const res = await fetch(`${app!.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async <T>(path: string, body: unknown): Promise<T> => {
    const r = await fetch(`${app!.baseUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
}

const unread = async (p: Page) => Number(await p.getByTestId('notification-bell').getAttribute('data-unread'));

async function fitsAndSpeaksChinese(p: Page) {
  const { scrollWidth, innerWidth, text } = await p.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth, text: document.body.innerText }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  expect(text).not.toMatch(RAW_KEY);
  expect(pageErrors).toEqual([]);
}

/** The header's controls lie within a phone's width, and the product's name is whole or, on the narrowest, left out (never cut). */
async function headerFits(p: Page, controls: string[]) {
  for (const id of controls) {
    const b = (await p.getByTestId(id).boundingBox())!;
    expect(b.x, id).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width, id).toBeLessThanOrEqual(PHONE.width);
  }
  const name = await p.locator('header.app-header .product').evaluate((e) => ({ shown: e.clientWidth, needs: e.scrollWidth, hidden: e.getClientRects().length === 0 }));
  if (!name.hidden) expect(name.shown).toBeGreaterThanOrEqual(name.needs);
}

function begin() {
  onTestFailed(() => reportFailure(page, app, pageErrors, 'notifications-failure.png'));
}

describe('the notification bell', () => {
  beforeAll(async () => {
    let first: Page;
    ({ app, browser, page: first } = await startSuite(['notifications-failure.png'], pageErrors));
    await first.context().close();
    const sql = openSql(app.dbUrl, 1);
    try {
      const [p] = await sql`select ST_X(ST_PointOnSurface(g.geom)) as lon, ST_Y(ST_PointOnSurface(g.geom)) as lat, g.code from grid g
        join grid_plan gp on gp.id = g.plan_id
        where gp.status = 'published' and g.code = (select r.grid_codes[1] from role_assignment r join app_user u on u.id = r.user_id where u.username = 'leader.furun1')`;
      point = { lon: Number(p!.lon), lat: Number(p!.lat), grid: String(p!.code) };
    } finally {
      await sql.end();
    }
  }, 240_000);

  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('counts up live when another user dispatches a case to the grid, and opens that case from the list (1920 × 1080)', async () => {
    begin();
    const p = await as('leader.furun1', DESKTOP);
    const before = await unread(p);
    const manager = await apiAs('manager.furun');
    const created = await manager<{ id: number; version: number }>('/api/incidents', { categoryCode: '0203', lon: point.lon, lat: point.lat, description: '广告牌匾破损，有坠落危险' });
    incidentId = created.id;
    const accepted = await manager<{ version: number }>(`/api/incidents/${incidentId}/transitions`, { action: 'accept', version: created.version });
    await manager(`/api/incidents/${incidentId}/transitions`, { action: 'dispatch', version: accepted.version, assignee: { kind: 'grid', unitId: point.grid } });
    // no reload: the stream brings it
    // (the server's own reminder clock may add more of the demo's cases meanwhile: at least one more)
    await expect.poll(() => unread(p), { timeout: 20_000 }).toBeGreaterThan(before);
    const counted = await unread(p);
    expect(await p.getByTestId('notification-badge').innerText()).toBe(counted > 99 ? '99+' : String(counted));
    await p.getByTestId('notification-bell-button').click();
    const panel = p.getByTestId('notification-panel');
    const item = panel.locator(`[data-testid="notification-item"][data-incident="${incidentId}"]`).first();
    await item.waitFor({ timeout: 10_000 });
    expect(await item.getAttribute('data-kind')).toBe('dispatch');
    const text = await item.innerText();
    expect(text).toContain('事件已派遣给您处置');
    expect(text).toContain(`#${incidentId} 广告牌匾破损`);
    expect(text).toContain('富润社区');
    const box = (await panel.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(DESKTOP.width);
    await fitsAndSpeaksChinese(p);
    await saveShot(p, 'notifications-desktop.png');
    await item.click();
    await expect.poll(() => unread(p), { timeout: 10_000 }).toBeLessThan(counted);
    await p.getByTestId('incidents-view').waitFor({ timeout: 30_000 });
    await p.getByTestId('incident-detail').waitFor({ timeout: 30_000 });
    expect(await p.getByTestId('incident-detail').innerText()).toContain(String(incidentId));
    await saveShot(p, 'notifications-desktop-opened.png');
  }, 180_000);

  it('lists them in a sheet above the tab bar on a phone, and marks all read (390 × 844)', async () => {
    begin();
    const p = await as('manager.furun', PHONE);
    const leader = await apiAs('leader.furun1');
    // the grid leader starts and feeds back: the manager (the dispatching community) is told
    const started = await leader<{ version: number }>(`/api/incidents/${incidentId}/transitions`, { action: 'start', version: 3 });
    await leader(`/api/incidents/${incidentId}/transitions`, { action: 'feed_back', version: started.version, note: '已加固牌匾' });
    await expect.poll(() => unread(p), { timeout: 20_000 }).toBeGreaterThan(0);
    await headerFits(p, ['notification-bell-button', 'account-menu']);
    expect(await p.locator('header.app-header .titles').isVisible()).toBe(true);
    await p.getByTestId('notification-bell-button').tap();
    const sheet = p.getByTestId('notification-panel');
    await sheet.locator(`[data-testid="notification-item"][data-kind="feed_back"][data-incident="${incidentId}"]`).waitFor({ timeout: 10_000 });
    // measured once the sheet has slid in
    await p.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    const s = (await sheet.boundingBox())!;
    const tabs = await p.locator('nav.view-tabs').boundingBox();
    if (tabs) expect(s.y + s.height).toBeLessThanOrEqual(tabs.y + 1);
    await fitsAndSpeaksChinese(p);
    await saveShot(p, 'notifications-phone.png');
    await sheet.getByTestId('notification-read-all').tap();
    await expect.poll(() => unread(p), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => p.getByTestId('notification-badge').count()).toBe(0);
    await saveShot(p, 'notifications-phone-read.png');
  }, 180_000);

  it('leaves room in a phone\'s header for the bell beside everything else the admin has there (390 × 844)', async () => {
    begin();
    const p = await as('admin', PHONE);
    await headerFits(p, ['notification-bell-button', 'admin-open', 'account-menu']);
    // four controls: the logo alone names the product
    expect(await p.locator('header.app-header .titles').isVisible()).toBe(false);
    await fitsAndSpeaksChinese(p);
    await saveShot(p, 'notifications-phone-admin-header.png');
  }, 180_000);
});
