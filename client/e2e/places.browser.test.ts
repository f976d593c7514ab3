import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { reportFailure, type RunningApp, saveShot, signIn, startSuite } from './harness.ts';
import { chooseOption } from './kit.ts';

// Adding a city from the admin console (issue 9): the admin types a name, picks the official code,
// adds the county and a street office under it, and the checklist says what the new place lacks.
let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

const shot = (name: string) => saveShot(page, name);

describe('adding a place in a real browser', () => {
  beforeAll(async () => {
    ({ app, browser, page } = await startSuite(['places-failure.png'], pageErrors));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('adds 浦东新区 from the official list, then a street office, and shows what is missing', async () => {
    onTestFailed(() => reportFailure(page, app, pageErrors, 'places-failure.png'));
    await page.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.getByTestId('admin-open').click();
    await page.getByTestId('admin-tab-places').click();
    const tab = page.getByTestId('places-tab');
    await tab.getByTestId('place-name').fill('浦东');
    const pudong = tab.getByTestId('place-suggestions').getByRole('button', { name: /浦东新区/ });
    await pudong.waitFor({ timeout: 10_000 });
    await pudong.click();
    expect(await tab.getByTestId('place-code').inputValue()).toBe('310115');
    await tab.getByTestId('place-create').click();
    await expect.poll(() => tab.getByTestId('place-created').innerText(), { timeout: 10_000 }).toContain('浦东新区 · 310115');

    // a street office: the parent narrows the suggestions to its own
    await chooseOption(page, 'place-level', '街道 / 乡镇', tab);
    await chooseOption(page, 'place-parent', /310115/, tab);
    await tab.getByTestId('place-name').fill('潍坊');
    await tab.getByTestId('place-suggestions').getByRole('button', { name: /潍坊新村街道/ }).click();
    await tab.getByTestId('place-create').click();
    await expect.poll(() => tab.getByTestId('place-created').innerText(), { timeout: 10_000 }).toContain('潍坊新村街道');
    // a code that does not extend its parent is explained before anything is sent
    await tab.getByTestId('place-code').fill('310116004');
    await tab.getByTestId('place-name').fill('错误的街道');
    await tab.getByTestId('place-create').click();
    expect(await tab.locator('.pl-hint').innerText()).toContain('代码须以上级代码开头');
    expect(await tab.getByTestId('place-error').count()).toBe(0);

    const steps = tab.getByTestId('place-steps');
    await steps.waitFor({ timeout: 10_000 });
    expect(await steps.locator('[data-step="boundary"]').getAttribute('data-done')).toBe('false');
    expect(await steps.locator('[data-step="roads"]').innerText()).toContain('可选');
    await shot('places-desktop.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('places-phone.png');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
