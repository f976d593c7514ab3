import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { RESULTS, startSuite, type RunningApp } from './harness.ts';

// The printable grid file end to end: opened by URL in its own tab, signed in like the rest,
// the map drawn from the project's own tiles before Print is offered, and the print layout.

// the demo loads one plan (id 1 in every fresh copy); 富润家园网格 lies on 学院路
const CODE = '110108010031002';
const URL_PATH = `/?print=grid-file&plan=1&code=${CODE}`;

let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

describe('grid file print page in a real browser', () => {
  beforeAll(async () => {
    ({ app, browser, page } = await startSuite(['grid-file-failure.png'], pageErrors));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('signs in, draws the map, then offers Print; the print layout shows the map picture, not the toolbar', async () => {
    onTestFailed(async () => {
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, 'grid-file-failure.png'), fullPage: true }).catch(() => {});
      console.error(`page errors: ${pageErrors.join('\n') || 'none'}\nserver log:\n${app?.log().slice(-3000)}`);
    });
    await page.goto(`${app!.baseUrl}${URL_PATH}`, { waitUntil: 'domcontentloaded' });
    await page.locator('#login-username').fill('planner');
    await page.locator('#login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-form').locator('button[type="submit"]').click();
    await page.getByTestId('grid-file').waitFor({ timeout: 30_000 });

    const print = page.getByTestId('grid-file-print');
    await page.locator('[data-testid="grid-file-print"]:not([disabled])').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('grid-file-map').getAttribute('data-map-idle')).toBe('true');

    const file = await page.evaluate(async (path) => (await fetch(path)).json(), `/api/plans/1/grids/${CODE}/file`) as { stats: { households: number } };
    expect(await page.getByTestId('grid-file-households').textContent()).toBe(file.stats.households.toLocaleString('zh-CN'));
    expect(await page.getByTestId('grid-file-four').textContent()).toMatch(/^东至.+，南至.+，西至学院路，北至.+$/);
    expect(await page.locator('.staff tbody tr').count()).toBeGreaterThan(0);

    // Print calls the browser's print dialog, nothing else
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    await print.click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    const picture = page.locator('img.map-image');
    expect(await picture.isVisible()).toBe(true);
    expect((await picture.getAttribute('src'))!.length).toBeGreaterThan(10_000);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
