import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { RESULTS, startSuite, type RunningApp } from './harness.ts';

// The real thing end to end: the real server on a fresh database (it migrates and loads
// the Haidian demo and its demo accounts), the built client, Debian's Chromium drawing the map with WebGL.

const GRID_FILL = 'grids-fill'; // LAYER_IDS.gridFill; imported by value would pull the client's Vue code into Node
const ADMIN = { username: 'admin', password: DEMO_PASSWORD };

let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page;
let baseUrl = '';
const pageErrors: string[] = [];

async function screenshot(name: string) {
  mkdirSync(RESULTS, { recursive: true });
  await page?.screenshot({ path: join(RESULTS, name) }).catch(() => {});
}

/** Types credentials into the sign-in page and submits them. */
async function submitLogin(p: Page, username: string, password: string) {
  await p.locator('#login-username').fill(username);
  await p.locator('#login-password').fill(password);
  await p.getByTestId('login-form').locator('button[type="submit"]').click();
}

/** Opens the app and signs in if it asks to (a server with accounts, no session yet); resolves when the workspace shows. */
async function openSignedIn(p: Page, onLoginPage?: () => Promise<unknown>, account = ADMIN) {
  await p.goto(baseUrl, { waitUntil: 'domcontentloaded' });
  const header = p.locator('header.app-header');
  await p.locator('[data-testid="login-form"], header.app-header').first().waitFor({ timeout: 30_000 });
  if (!(await header.isVisible())) {
    await onLoginPage?.();
    await submitLogin(p, account.username, account.password);
  }
  await header.waitFor({ timeout: 30_000 });
}

/** Waits for MapLibre's idle event after the last camera move or tile load. */
async function waitForMapIdle() {
  await page.waitForSelector('[data-testid="map"][data-map-idle="true"]', { timeout: 60_000 });
}

/**
 * A page pixel well inside a rendered grid: the same grid is under the point and 6 px around
 * it, searched in the middle band of the map, away from the legend and the controls.
 */
function findGridPixel(p: Page) {
  return p.evaluate((layer) => {
    const map = window.__wanggeMap;
    if (!map) return null;
    const canvas = map.getCanvas().getBoundingClientRect();
    // a grid under a panel, sheet or control cannot be clicked: only pixels where the canvas is on top count
    const onTop = (x: number, y: number) => document.elementFromPoint(canvas.left + x, canvas.top + y) === map.getCanvas();
    const idAt = (x: number, y: number) => (onTop(x, y) ? map.queryRenderedFeatures([x, y], { layers: [layer] })[0]?.properties.id : undefined);
    const rows = Array.from({ length: 25 }, (_, i) => 0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.025); // 0.5, 0.525, 0.475…
    for (const fy of rows) {
      for (let fx = 0.3; fx <= 0.7; fx += 0.02) {
        const x = canvas.width * fx;
        const y = canvas.height * fy;
        const id = idAt(x, y);
        if (id === undefined) continue;
        if ([[6, 0], [-6, 0], [0, 6], [0, -6]].every(([dx, dy]) => idAt(x + dx!, y + dy!) === id)) {
          const f = map.queryRenderedFeatures([x, y], { layers: [layer] })[0];
          return { x: canvas.left + x, y: canvas.top + y, id: Number(id), code: String(f?.properties.code) };
        }
      }
    }
    return null;
  }, GRID_FILL);
}

describe('map in a real browser', () => {
  beforeAll(async () => {
    ({ app, browser, page } = await startSuite(['map-failure.png', 'map-phone-failure.png', 'login-failure.png', 'account-failure.png', 'password-failure.png', 'expired-failure.png'], pageErrors));
    baseUrl = app.baseUrl;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('asks for a sign-in and answers a wrong password the same as an unknown user', async () => {
    onTestFailed(async () => {
      await screenshot('login-failure.png');
      console.error(`page errors: ${pageErrors.join('\n') || 'none'}\nserver log (tail):\n${app?.log().slice(-3000)}`);
    });
    await page.goto(baseUrl, { waitUntil: 'domcontentloaded' });
    const form = page.getByTestId('login-form');
    await form.waitFor({ timeout: 30_000 });
    expect(await page.locator('header.app-header').count()).toBe(0);
    expect(await page.getByTestId('login-page').innerText()).toContain('网格化管理平台');
    await screenshot('login.png');

    const error = page.getByTestId('login-error');
    await submitLogin(page, ADMIN.username, 'not-the-password-1');
    await expect.poll(() => error.innerText(), { timeout: 20_000 }).toContain('用户名或密码不正确');
    const wrongPassword = await error.innerText();
    await screenshot('login-error.png');
    expect(await page.locator('#login-password').inputValue()).toBe(''); // cleared for the next try
    await submitLogin(page, 'no.such.user', 'not-the-password-1');
    // the busy state passes and the same sentence comes back: nothing tells which usernames exist
    await expect.poll(() => form.locator('button[type="submit"]').isDisabled()).toBe(false);
    await expect.poll(() => error.innerText(), { timeout: 20_000 }).toBe(wrongPassword);

    await page.locator('[data-locale="en"]').click();
    await expect.poll(() => form.innerText()).toContain('Sign in');
    await page.locator('[data-locale="zh-CN"]').click();

    await submitLogin(page, ADMIN.username, ADMIN.password);
    await expect.poll(() => page.getByTestId('account-name').innerText(), { timeout: 20_000 }).toContain('赵志强');
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('draws the grids, shows a clicked grid\'s statistics, and switches to English', async () => {
    onTestFailed(async () => {
      await screenshot('map-failure.png');
      console.error(`page errors: ${pageErrors.join('\n') || 'none'}\nserver log (tail):\n${app?.log().slice(-3000)}`);
    });

    await openSignedIn(page);
    await expect.poll(() => page.locator('header.app-header').innerText(), { timeout: 30_000 }).toContain('网格化管理平台');
    await waitForMapIdle();

    await screenshot('map-overview.png');
    const rendered = await page.evaluate((layer) => window.__wanggeMap?.queryRenderedFeatures({ layers: [layer] }).length ?? 0, GRID_FILL);
    expect(rendered).toBeGreaterThan(0);

    const target = await findGridPixel(page);
    expect(target).not.toBeNull();
    if (!target) return;

    await page.mouse.click(target.x, target.y);
    const panel = page.getByTestId('grid-panel');
    await expect.poll(() => panel.getByTestId('grid-code').textContent(), { timeout: 20_000 }).toBe(target.code);
    await expect.poll(() => panel.getByTestId('grid-households').innerText()).toMatch(/\d+\s*户/);
    await expect.poll(() => panel.innerText()).toContain('重点人群');
    // the selected grid is outlined on the map
    const highlighted = await page.evaluate(() => JSON.stringify(window.__wanggeMap?.getFilter('grids-selected')));
    expect(highlighted).toContain(String(target.id));

    await page.locator('[data-locale="en"]').click();
    await expect.poll(() => page.locator('header.app-header').innerText()).toContain('Grid Management Platform');
    await expect.poll(() => panel.innerText()).toContain('Households');
    await expect.poll(() => panel.innerText()).toContain('Special groups');
    await page.getByRole('button', { name: 'Zoom to grid' }).click();
    await page.waitForTimeout(900); // the fitBounds animation; idle then means the new tiles are drawn
    await waitForMapIdle();
    await screenshot('map.png');

    // navigate by the jurisdiction tree: the community is highlighted, the map fits it, and the grid's
    // panel gives way to the community's totals
    const community = page.getByTestId('jurisdiction-tree').locator('.level.community').first();
    await community.click();
    await expect.poll(() => page.getByTestId('jurisdiction-tree').locator('.row.selected .level').innerText()).toBe('Community');
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(() => page.getByTestId('place-households').innerText(), { timeout: 20_000 }).toMatch(/\d/);
    await page.waitForTimeout(900);
    await waitForMapIdle();
    await screenshot('map-community.png');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('shows who is signed in with their roles, and signing out returns to the sign-in page', async () => {
    onTestFailed(() => screenshot('account-failure.png'));
    await page.locator('[data-locale="zh-CN"]').click();
    await page.getByTestId('account-menu').locator('button.trigger').click();
    const roles = page.getByTestId('account-roles');
    await expect.poll(() => roles.innerText()).toContain('系统管理员');
    await screenshot('account-menu.png');

    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-form').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('login-notice').innerText()).toContain('已安全退出');
    // nothing of the session stays on screen or in the page
    expect(await page.locator('body').innerText()).not.toContain('赵志强');
    expect(await page.evaluate(() => window.__wanggeMap === undefined)).toBe(true);
    expect(await page.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(401);
  }, 60_000);

  it('changes the password with field-level errors, and the new password signs in', async () => {
    const manager = await browser!.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    try {
      await openSignedIn(manager, undefined, { username: 'manager.furun', password: DEMO_PASSWORD });
      await manager.getByTestId('account-menu').locator('button.trigger').click();
      const roles = manager.getByTestId('account-roles');
      await expect.poll(() => roles.innerText()).toContain('社区负责人');
      expect(await roles.innerText()).toContain('富润社区');
      await manager.getByTestId('account-panel').getByRole('button', { name: '修改密码' }).click();
      const dialog = manager.getByTestId('password-dialog');
      const fill = async (current: string, next: string) => {
        await dialog.locator('#pw-currentPassword').fill(current);
        await dialog.locator('#pw-newPassword').fill(next);
        await dialog.locator('#pw-confirmPassword').fill(next);
        await dialog.locator('button[type="submit"]').click();
      };
      await fill(DEMO_PASSWORD, 'short1'); // refused before asking the server
      await expect.poll(() => dialog.getByTestId('pw-newPassword-error').innerText()).toContain('至少需要 10 个字符');
      await fill('not-my-password-1', 'Furun-2026-new'); // the server checks the current password
      await expect.poll(() => dialog.getByTestId('pw-currentPassword-error').innerText(), { timeout: 20_000 }).toContain('当前密码不正确');
      await manager.screenshot({ path: join(RESULTS, 'password-dialog.png') });
      await fill(DEMO_PASSWORD, 'Furun-2026-new');
      await expect.poll(() => manager.getByTestId('toast').innerText(), { timeout: 20_000 }).toContain('密码已修改');
      expect(await dialog.isVisible()).toBe(false);

      await manager.getByTestId('account-menu').locator('button.trigger').click();
      await manager.getByTestId('sign-out').click();
      await manager.getByTestId('login-form').waitFor({ timeout: 20_000 });
      await submitLogin(manager, 'manager.furun', 'Furun-2026-new');
      await expect.poll(() => manager.getByTestId('account-name').innerText(), { timeout: 20_000 }).toContain('郑红梅');
    } catch (err) {
      // taken here, before finally closes the page
      await manager.screenshot({ path: join(RESULTS, 'password-failure.png') }).catch(() => {});
      throw err;
    } finally {
      await manager.close();
    }
  }, 90_000);

  it('returns to the sign-in page with a notice when the session has ended elsewhere', async () => {
    onTestFailed(() => screenshot('expired-failure.png'));
    await openSignedIn(page);
    await page.context().clearCookies(); // as if the session expired on the server
    // the tab coming back into view makes the app check its session
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.getByTestId('login-form').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('login-notice').innerText()).toContain('登录已过期');
    await screenshot('login-expired.png');
  }, 60_000);

  it('fits a phone: the jurisdiction drawer opens from the header', async () => {
    const phone = await browser!.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    try {
      await openSignedIn(phone, () => phone.screenshot({ path: join(RESULTS, 'login-phone.png') }));
      await phone.waitForSelector('[data-testid="map"][data-map-idle="true"]', { timeout: 60_000 });
      const tree = phone.getByTestId('jurisdiction-tree');
      const inView = async () => (await tree.boundingBox())!.x >= 0;
      expect(await inView()).toBe(false);
      await phone.getByRole('button', { name: /辖区|Areas/ }).click();
      await expect.poll(inView).toBe(true);
      mkdirSync(RESULTS, { recursive: true });
      await phone.screenshot({ path: join(RESULTS, 'map-phone-drawer.png') });

      // close the drawer, tap a grid: its statistics open as a bottom sheet
      await phone.mouse.click(380, 420);
      // the drawer slides out for 0.2 s; until it is wholly off-screen it still covers the map
      const offScreen = async () => {
        const box = await tree.boundingBox();
        return !box || box.x + box.width <= 0;
      };
      await expect.poll(offScreen).toBe(true);
      // searching while tiles still arrive can pick a pixel whose grid is not drawn there yet
      await phone.waitForSelector('[data-testid="map"][data-map-idle="true"]', { timeout: 60_000 });
      let target: Awaited<ReturnType<typeof findGridPixel>> = null;
      await expect.poll(async () => (target = await findGridPixel(phone)), { timeout: 10_000 }).not.toBeNull();
      await phone.mouse.click(target!.x, target!.y);
      await expect.poll(() => phone.getByTestId('grid-code').textContent(), { timeout: 20_000 }).toBe(target!.code);
      await phone.screenshot({ path: join(RESULTS, 'map-phone.png') });
    } catch (err) {
      // taken here, before finally closes the page
      mkdirSync(RESULTS, { recursive: true });
      await phone.screenshot({ path: join(RESULTS, 'map-phone-failure.png') }).catch(() => {});
      throw err;
    } finally {
      await phone.close();
    }
  }, 90_000);
});
