import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { ACTIONS } from '../src/features/admin/audit.ts';
import { RESULTS, signIn, signOut, startSuite, type RunningApp } from './harness.ts';
import { chooseOption } from './kit.ts';

// The admin console end to end: the real server on a fresh demo database, the built client,
// Debian's Chromium. An admin creates a grid leader, the new user signs in with the one-time
// password, and the creation is in the audit log. Grid grants are picked by name, the log is filtered
// by a person's name and an action in words, and no server key reaches the screen.

const NEW_USER = { username: 'leader.e2e', displayName: '钱进（测试网格长）' };

let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page;
let baseUrl = '';
const pageErrors: string[] = [];

async function screenshot(name: string) {
  mkdirSync(RESULTS, { recursive: true });
  await page?.screenshot({ path: join(RESULTS, name) }).catch(() => {});
}

/** Picks an entry of a kit select (AppSelect) by the words it shows. */
async function choose(scope: Locator, testid: string, label: string) {
  await scope.getByTestId(testid).click();
  await page.getByTestId(`${testid}-options`).getByRole('option', { name: label, exact: true }).click();
}

/** Types into a kit combobox (AppCombobox) and picks the first entry that shows `hasText`. */
async function find(scope: Locator, testid: string, typed: string, hasText: string) {
  await scope.getByTestId(testid).fill(typed);
  await page.getByTestId(`${testid}-options`).getByRole('option').filter({ hasText }).first().click({ timeout: 20_000 });
}

// server keys that must never be read on screen: every action the log writes, and words of its records
const RAW = [...ACTIONS.filter((a) => !a.endsWith('*')), 'role_assignment', 'api_key', 'passwordGenerated', 'sessionsEnded'];

/** A grid code of a published plan: the one the demo grid leader holds, read through the API. */
async function demoGridCode(): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'leader.furun1', password: DEMO_PASSWORD }),
  });
  const body = (await res.json()) as { roles: { scope: { gridCodes: string[] | null } }[] };
  const code = body.roles[0]?.scope.gridCodes?.[0];
  if (!code) throw new Error(`leader.furun1 has no grid: ${JSON.stringify(body)}`);
  return code;
}

describe('admin console in a real browser', () => {
  beforeAll(async () => {
    ({ app, browser, page } = await startSuite(['admin-failure.png'], pageErrors));
    baseUrl = app.baseUrl;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('creates a grid leader who signs in with the one-time password, and audits it', async () => {
    onTestFailed(async () => {
      await screenshot('admin-failure.png');
      console.error(`page errors: ${pageErrors.join('\n') || 'none'}\nserver log (tail):\n${app?.log().slice(-3000)}`);
    });
    const gridCode = await demoGridCode();

    await page.goto(baseUrl, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('login-form').waitFor({ timeout: 30_000 });
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.getByTestId('admin-open').click();
    const users = page.getByTestId('admin-users');
    await expect.poll(() => users.innerText(), { timeout: 20_000 }).toContain('leader.furun1');
    expect(await users.getByTestId('admin-user-leader.furun1').innerText()).toContain('网格长');
    await screenshot('admin-users.png');

    // the only admin cannot give up admin: the 409 reads as a sentence and nothing changes
    await users.getByTestId('admin-user-admin').getByRole('button', { name: '授权' }).click();
    const grantsDialog = page.getByTestId('admin-grants-dialog');
    await expect.poll(() => grantsDialog.getByTestId('grant-jurisdiction').getAttribute('data-placeholder')).toBe(null);
    expect(await grantsDialog.getByTestId('grant-jurisdiction').innerText()).toContain('海淀');
    await screenshot('admin-grants.png');
    await choose(grantsDialog, 'grant-role', '只读用户');
    await grantsDialog.locator('button[type="submit"]').click();
    await expect.poll(() => grantsDialog.getByRole('alert').innerText(), { timeout: 20_000 }).toContain('没有任何可用的管理员');
    await grantsDialog.getByRole('button', { name: '取消' }).click();
    expect(await users.getByTestId('admin-user-admin').innerText()).toContain('系统管理员');

    // a grid grant without a grid and a taken username come back under their fields
    await page.getByTestId('admin-user-create').click();
    const dialog = page.getByTestId('admin-user-dialog');
    await dialog.locator('#adm-username').fill('admin');
    await dialog.locator('#adm-display').fill(NEW_USER.displayName);
    await dialog.locator('#adm-phone').fill('13800138000');
    await choose(dialog, 'grant-role', '网格长');
    await dialog.getByTestId('admin-user-save').click();
    await expect.poll(() => dialog.getByTestId('grant-0-scope-error').innerText()).toContain('至少一个网格');
    // a community chosen in the row narrows the grid picker to its own grids, listed before anything is typed
    const community = gridCode.slice(0, 12);
    await dialog.getByTestId('grant-kind-jurisdiction').click();
    await chooseOption(page, 'grant-jurisdiction', new RegExp(`${community}$`), dialog);
    await dialog.getByTestId('grant-kind-grids').click();
    expect(await dialog.getByTestId('grant-grids').getAttribute('placeholder')).toMatch(/^在.+内按网格名称或编码查找$/);
    await dialog.getByTestId('grant-grids').click();
    const offered = page.getByTestId('grant-grids-options').getByRole('option');
    await expect.poll(() => offered.count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const codes = (await offered.allInnerTexts()).map((o) => /\d{14,15}/.exec(o)?.[0]);
    expect(codes.every((c) => c?.startsWith(community)), codes.join(' ')).toBe(true);
    expect(codes).toContain(gridCode);
    await page.keyboard.press('Escape');
    // the grid is found by the last digits of its code and picked by its name, with its community
    await find(dialog, 'grant-grids', gridCode.slice(-6), gridCode);
    const chips = dialog.getByTestId('grant-grid-chips');
    await expect.poll(() => chips.innerText()).toContain(gridCode);
    // the "choose a grid" error under the field goes once a grid is picked
    expect(await dialog.getByTestId('grant-0-scope-error').count()).toBe(0);
    // the picked grid became a chip, and the box is empty for the next one
    expect(await dialog.getByTestId('grant-grids').inputValue()).toBe('');
    expect(await chips.innerText()).toMatch(/[\u4e00-\u9fff]/); // the grid's name, not the bare code
    await screenshot('admin-grant-picker.png');
    await dialog.getByTestId('admin-user-save').click();
    await expect.poll(() => dialog.getByTestId('adm-username-error').innerText(), { timeout: 20_000 }).toContain('已被使用');
    await screenshot('admin-create-errors.png');

    await dialog.locator('#adm-username').fill(NEW_USER.username);
    await dialog.getByTestId('admin-user-save').click();
    const secret = page.getByTestId('admin-secret');
    await secret.waitFor({ timeout: 20_000 });
    const password = await secret.getByTestId('admin-secret-value').inputValue();
    expect(password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect(await secret.innerText()).toContain('只显示这一次');
    await screenshot('admin-secret.png');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await secret.getByTestId('admin-secret-done').click();
    // the "created" toast sits at the foot of the console, clear of its header and tab strip
    const toast = page.getByTestId('toast').filter({ hasText: NEW_USER.username });
    await toast.waitFor({ timeout: 10_000 });
    const [toastBox, headBox] = await Promise.all([toast.boundingBox(), page.locator('.adm-head').boundingBox()]);
    expect(toastBox!.y).toBeGreaterThan(headBox!.y + headBox!.height);
    expect(toastBox!.y + toastBox!.height).toBeLessThanOrEqual(1080);
    await screenshot('admin-toast.png');
    await page.setViewportSize({ width: 1440, height: 900 });
    const row = users.getByTestId(`admin-user-${NEW_USER.username}`);
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain(`网格 ${gridCode}`);
    expect(await row.innerText()).toContain('从未登录');

    await signOut(page);
    // the one-time password opens nothing but the form to replace it
    await page.locator('#login-username').fill(NEW_USER.username);
    await page.locator('#login-password').fill(password);
    await page.getByTestId('login-form').locator('button[type="submit"]').click();
    const required = page.getByTestId('password-required');
    await required.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('password-dialog').innerText()).toContain('首次登录请设置新密码');
    expect(await page.locator('header.app-header').count()).toBe(0);
    await screenshot('admin-new-user-password.png');
    await page.locator('#pw-currentPassword').fill(password);
    await page.locator('#pw-newPassword').fill('Qian-jin-2026');
    await page.locator('#pw-confirmPassword').fill('Qian-jin-2026');
    await page.getByTestId('password-dialog').locator('button[type="submit"]').click();
    await page.locator('header.app-header').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('account-name').innerText()).toBe(NEW_USER.displayName);
    // a grid leader holds neither users.manage nor audit.read
    expect(await page.getByTestId('admin-open').count()).toBe(0);
    await page.getByTestId('account-menu').locator('button.trigger').click();
    const roles = page.getByTestId('account-roles');
    await expect.poll(() => roles.innerText()).toContain('网格长');
    expect(await roles.innerText()).toContain(gridCode);
    await screenshot('admin-new-user-menu.png');
    await page.keyboard.press('Escape');

    await signOut(page);
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.getByTestId('admin-open').click();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByTestId('admin-tab-audit').click();
    const audit = page.getByTestId('admin-audit');
    await expect.poll(() => audit.getByTestId('audit-row').count(), { timeout: 20_000 }).toBeGreaterThan(3);
    // the whole log's first page (sign-ins, the new user's password change…) is all words
    const rawKeys = async () => {
      const text = await audit.innerText();
      return RAW.filter((k) => text.includes(k));
    };
    expect(await rawKeys()).toEqual([]);
    expect(await audit.innerText()).toContain('登录');
    // by a person's name and an action in words: the admin's creations, and nothing else
    await find(audit, 'audit-user', '赵志强', 'admin');
    await choose(audit, 'audit-action', '新建用户');
    await audit.getByTestId('audit-search').click();
    const actions = () => audit.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    // (polled: the unfiltered page may still be showing when the filtered one is on its way)
    await expect.poll(async () => [...new Set(await actions())], { timeout: 20_000 }).toEqual(['admin.user.create']);
    const created = audit.getByTestId('audit-row').filter({ hasText: NEW_USER.username });
    await expect.poll(() => created.count(), { timeout: 20_000 }).toBe(1);
    expect(await created.innerText()).toContain('新建用户');
    expect(await created.innerText()).toContain('赵志强');
    expect(await created.innerText()).toContain('网格长');
    expect(await rawKeys()).toEqual([]);
    await screenshot('admin-audit.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => audit.locator('.dt-card').count()).toBeGreaterThan(0);
    expect(await rawKeys()).toEqual([]);
    await screenshot('admin-audit-phone.png');
    // on a phone the users are cards and a dialog is a sheet that fits the screen
    await page.getByTestId('admin-tab-users').click();
    const card = page.getByTestId(`admin-user-${NEW_USER.username}`);
    await card.getByRole('button', { name: '授权' }).click();
    const sheet = page.getByTestId('admin-grants-dialog');
    await expect.poll(() => sheet.getByTestId('grant-grid-chips').innerText()).toContain(gridCode);
    const box = await sheet.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await screenshot('admin-grants-phone.png');
    await sheet.getByRole('button', { name: '取消' }).click();
    await page.getByTestId('admin-tab-audit').click();
    await page.setViewportSize({ width: 1440, height: 900 });

    // a key for the new user is shown once, then revoked after a confirmation
    await page.getByTestId('admin-tab-keys').click();
    const keys = page.getByTestId('admin-keys');
    await keys.getByTestId('admin-key-create').click();
    const keyDialog = page.getByTestId('admin-key-dialog');
    await find(keyDialog, 'admin-key-owner', '钱进', NEW_USER.username);
    // the box names the person picked, not the two characters typed
    await expect.poll(() => keyDialog.getByTestId('admin-key-owner').inputValue()).toBe(NEW_USER.displayName);
    await keyDialog.locator('#adm-key-name').fill('网格长手机 GPS');
    await keyDialog.locator('button[type="submit"]').click();
    const key = await secret.getByTestId('admin-secret-value').inputValue();
    expect(key).toMatch(/^wgk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{20,}$/);
    await screenshot('admin-key-secret.png');
    await secret.getByTestId('admin-secret-done').click();
    const keyRow = keys.getByTestId('admin-key-row').filter({ hasText: '网格长手机 GPS' });
    await expect.poll(() => keyRow.innerText(), { timeout: 20_000 }).toContain('有效');
    expect(await keyRow.innerText()).toContain(key.slice(0, 12)); // wgk_ and the prefix, never the secret
    expect(await keys.innerText()).not.toContain(key);
    await keyRow.getByRole('button', { name: '吊销' }).click();
    await page.getByTestId('admin-confirm-ok').click();
    await expect.poll(() => keyRow.innerText(), { timeout: 20_000 }).toContain('已吊销');
    await screenshot('admin-keys.png');

    await page.locator('[data-locale="en"]').click();
    await page.getByTestId('admin-tab-users').click();
    await expect.poll(() => page.getByTestId('admin-users').innerText()).toContain('Grid leader');
    await screenshot('admin-users-en.png');
    // choosing a workspace view in the header leaves the console, when the header offers views
    const view = page.locator('header.app-header nav button').first();
    if (await view.count()) {
      await view.click();
      await expect.poll(() => page.getByTestId('admin-console').count()).toBe(0);
    }
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
