// A signed-in page of its own for a browser test: a fresh context (cookies apart from every other page) at a
// desktop or phone viewport, in Chinese and Beijing time, signed in through the sign-in page.
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { signIn } from './harness.ts';

/** A new context at `viewport` (a phone, with touch and a pixel ratio of 2, below 500 px wide) signed in as the demo account; page errors go to `errors`. */
export async function signedInPage(browser: Browser, baseUrl: string, username: string, viewport: { width: number; height: number }, errors: string[]): Promise<Page> {
  const phone = viewport.width < 500;
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(baseUrl, { waitUntil: 'domcontentloaded' });
  await signIn(page, username, DEMO_PASSWORD);
  return page;
}
