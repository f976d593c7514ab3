// Shared steps of the residents browser tests: signing in as a demo account with the ledger open,
// and keeping a screenshot plus the server log when a step fails.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { RESULTS, type RunningApp } from './harness.ts';

/** A fresh browser context signed in as a demo account, with the residents ledger open. */
export async function openLedgerAs(browser: Browser, app: RunningApp, username: string, errors: string[],
  opts: { acceptDownloads?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const phone = (opts.viewport?.width ?? 1440) <= 600;
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: opts.acceptDownloads ?? false,
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(`${username}: ${err.message}`));
  await page.goto(app.baseUrl, { waitUntil: 'domcontentloaded' });
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-form').locator('button[type="submit"]').click();
  await page.locator('header.app-header').waitFor({ timeout: 30_000 });
  await page.locator('[data-view="residents"]').click();
  await page.getByTestId('resident-row').first().waitFor({ timeout: 30_000 });
  return page;
}

/** Runs a step, keeping a picture of the page and the server log's tail if it fails. */
export async function keepShotOnFailure<T>(page: Page, name: string, step: () => Promise<T>, errors: string[], app: RunningApp | undefined): Promise<T> {
  try {
    return await step();
  } catch (err) {
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, `${name}-failure.png`) }).catch(() => {});
    console.error(`page errors: ${errors.join('\n') || 'none'}\nserver log (tail):\n${app?.log().slice(-3000)}`);
    throw err;
  }
}
