import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { reportFailure, saveShot, signIn, startSuite, type RunningApp } from './harness.ts';
import { chooseOption } from './kit.ts';

// The admin console's 事件设置 tab end to end (the real server on a fresh demo database, the built client,
// Debian's Chromium): the admin changes a minor class's time limit in its drawer and adds a department of
// 学院路街道 with a member found by name, at 1920×1080 and on a 390×844 phone; the server has both after.

let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const DEPARTMENT = '学院路街道燃气安全检查组';

/** A GET of the API in the page's session (cookies go along; a GET needs no CSRF token). */
const apiGet = <T>(path: string) => page.evaluate(async (p) => (await fetch(p)).json(), path) as Promise<T>;

describe('incident settings in a real browser', () => {
  beforeAll(async () => {
    ({ app, browser, page } = await startSuite(['incident-admin-failure.png'], pageErrors));
    await page.setViewportSize({ width: 1920, height: 1080 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('edits a category’s limit and adds a department with a member', async () => {
    onTestFailed(() => reportFailure(page, app, pageErrors, 'incident-admin-failure.png'));
    await page.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('login-form').waitFor({ timeout: 30_000 });
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.getByTestId('admin-open').click();
    await page.getByTestId('admin-tab-incidents').click();

    // categories: open 市容环境, edit 暴露垃圾 (0102: 4 working hours) to 6 working hours
    const tab = page.getByTestId('admin-incidents');
    const cls = tab.getByTestId('ia-class-01');
    await cls.getByRole('button', { name: /市容环境/ }).click();
    const row = cls.getByTestId('ia-category-0102');
    await expect.poll(() => row.getByTestId('ia-limit-text').innerText(), { timeout: 20_000 }).toBe('4 工作小时');
    await saveShot(page, 'incident-admin-categories.png');
    await row.getByTestId('ia-edit-0102').click();
    const drawer = page.getByTestId('ia-category-drawer');
    await drawer.getByTestId('ia-limit').fill('1.5');
    await chooseOption(page, 'ia-limitUnit', '工作日', drawer);
    await drawer.getByTestId('ia-category-save').click();
    // whole working days only: said under the field, nothing sent
    await expect.poll(() => drawer.innerText()).toContain('工作日须为整数天');
    await drawer.getByTestId('ia-limit').fill('6');
    await chooseOption(page, 'ia-limitUnit', '工作小时', drawer);
    // mended, the message goes
    await expect.poll(() => drawer.innerText()).not.toContain('工作日须为整数天');
    await saveShot(page, 'incident-admin-category-drawer.png');
    await drawer.getByTestId('ia-category-save').click();
    await drawer.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => row.getByTestId('ia-limit-text').innerText(), { timeout: 20_000 }).toBe('6 工作小时');
    const saved = await apiGet<{ limit: { value: number; unit: string } }>('/api/incident-categories/0102');
    expect(saved.limit).toEqual({ value: 6, unit: 'working_hours' });
    // a new local class offers the first free code (20) and its first minor class
    await tab.getByTestId('ia-class-add').click();
    expect(await drawer.getByTestId('ia-code').inputValue()).toBe('20');
    expect(await drawer.getByTestId('ia-minor-code').inputValue()).toBe('2001');
    await saveShot(page, 'incident-admin-class-drawer.png');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached', timeout: 10_000 });

    // departments of 学院路街道: add one with a member picked by name
    await tab.getByTestId('ia-section-departments').click();
    await chooseOption(page, 'ia-department-place', '学院路街道', tab);
    await expect.poll(() => tab.getByTestId('ia-departments').innerText(), { timeout: 20_000 }).toContain('学院路街道综合行政执法队');
    await tab.getByTestId('ia-department-add').click();
    const dept = page.getByTestId('ia-department-drawer');
    await dept.getByTestId('ia-dept-name').fill(DEPARTMENT);
    await chooseOption(page, 'ia-dept-kind', '燃气公司', dept);
    await dept.getByTestId('ia-dept-phone').fill('010-0000 1099');
    await dept.getByTestId('ia-dept-members').fill('王磊');
    await page.getByTestId('ia-dept-members-options').getByRole('option').filter({ hasText: 'leader.furun1' }).first().click({ timeout: 20_000 });
    await expect.poll(() => dept.getByTestId('ia-dept-member-chips').innerText()).toContain('王磊');
    await saveShot(page, 'incident-admin-department-drawer.png');
    await dept.getByTestId('ia-department-save').click();
    await dept.waitFor({ state: 'detached', timeout: 20_000 });
    const added = tab.getByRole('row').filter({ hasText: DEPARTMENT });
    await expect.poll(() => added.innerText(), { timeout: 20_000 }).toContain('王磊');
    await saveShot(page, 'incident-admin-departments.png');
    const list = await apiGet<{ items: { name: string; kind: string; phone: string; members: { username: string }[] }[] }>('/api/admin/departments');
    expect(list.items.find((d) => d.name === DEPARTMENT)).toMatchObject({ kind: 'gas', phone: '010-0000 1099', members: [{ username: 'leader.furun1' }] });

    // the calendar: a year of the national data's days, then a local day off added and removed again
    await tab.getByTestId('ia-section-calendar').click();
    await page.getByRole('button', { name: '上一年' }).click();
    await tab.getByTestId('ia-day-2025-10-01').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: '下一年' }).click();
    await tab.getByTestId('ia-day-2026-10-01').waitFor({ timeout: 20_000 });
    expect(await tab.getByTestId('ia-calendar-coverage').innerText()).toContain('2026 年的安排来自国家日历数据');
    await tab.getByTestId('ia-day-date').fill('2026-12-07');
    await tab.getByTestId('ia-day-name').fill('区庆');
    await tab.getByTestId('ia-day-add').click();
    const local = tab.getByTestId('ia-day-2026-12-07');
    await expect.poll(() => local.innerText(), { timeout: 20_000 }).toMatch(/放假[^]*区庆[^]*本地/);
    await saveShot(page, 'incident-admin-calendar.png');
    await local.getByTestId('ia-day-remove-2026-12-07').click();
    await page.getByTestId('ia-confirm-ok').click();
    await local.waitFor({ state: 'detached', timeout: 20_000 });
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('fits a phone: the tree, the department cards and the drawer within 390 px', async () => {
    onTestFailed(() => reportFailure(page, app, pageErrors, 'incident-admin-failure.png'));
    await page.setViewportSize({ width: 390, height: 844 });
    const tab = page.getByTestId('admin-incidents');
    await tab.getByTestId('ia-section-departments').click();
    await expect.poll(() => tab.locator('.dt-card').filter({ hasText: DEPARTMENT }).count(), { timeout: 20_000 }).toBe(1);
    await saveShot(page, 'incident-admin-departments-phone.png');
    await tab.getByTestId('ia-section-categories').click();
    await tab.getByTestId('ia-class-01').getByRole('button', { name: /市容环境/ }).click();
    const row = tab.getByTestId('ia-category-0102');
    await expect.poll(() => row.getByTestId('ia-limit-text').innerText(), { timeout: 20_000 }).toBe('6 工作小时');
    const rowBox = await row.boundingBox();
    expect(rowBox && rowBox.x >= 0 && rowBox.x + rowBox.width <= 390).toBe(true);
    await saveShot(page, 'incident-admin-categories-phone.png');
    await row.getByTestId('ia-edit-0102').click();
    const drawer = page.getByTestId('ia-category-drawer');
    await drawer.getByTestId('ia-limit').waitFor();
    const box = await drawer.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await saveShot(page, 'incident-admin-category-drawer-phone.png');
    await page.keyboard.press('Escape');
    await tab.getByTestId('ia-section-calendar').click();
    await tab.getByTestId('ia-day-form').waitFor();
    await saveShot(page, 'incident-admin-calendar-phone.png');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
