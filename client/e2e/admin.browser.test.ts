import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { RESULTS, signIn, signOut, startSuite, type RunningApp } from './harness.ts';

// The admin console end to end: the real server on a fresh demo database, the built client,
// Debian's Chromium. An admin creates a grid leader, the new user signs in with the one-time
// password, and the creation is in the audit log.

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
    await expect.poll(() => grantsDialog.getByTestId('grant-jurisdiction').inputValue()).not.toBe('');
    await screenshot('admin-grants.png');
    await grantsDialog.getByTestId('grant-role').selectOption('viewer');
    await grantsDialog.locator('button[type="submit"]').click();
    await expect.poll(() => grantsDialog.getByRole('alert').innerText(), { timeout: 20_000 }).toContain('没有任何可用的管理员');
    await grantsDialog.getByRole('button', { name: '取消' }).click();
    expect(await users.getByTestId('admin-user-admin').innerText()).toContain('系统管理员');

    // a taken username and a malformed grid code come back under their fields
    await page.getByTestId('admin-user-create').click();
    const dialog = page.getByTestId('admin-user-dialog');
    await dialog.locator('#adm-username').fill('admin');
    await dialog.locator('#adm-display').fill(NEW_USER.displayName);
    await dialog.locator('#adm-phone').fill('13800138000');
    await dialog.getByTestId('grant-role').selectOption('grid_leader');
    await dialog.getByTestId('grant-grids').fill('12345');
    await dialog.getByTestId('admin-user-save').click();
    await expect.poll(() => dialog.getByTestId('grant-0-scope-error').innerText()).toContain('14 或 15 位');
    await dialog.getByTestId('grant-grids').fill(gridCode);
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
    await secret.getByTestId('admin-secret-done').click();
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
    expect(await required.innerText()).toContain('首次登录请设置新密码');
    expect(await page.locator('header.app-header').count()).toBe(0);
    await screenshot('admin-new-user-password.png');
    await page.locator('#pw-currentPassword').fill(password);
    await page.locator('#pw-newPassword').fill('Qian-jin-2026');
    await page.locator('#pw-confirmPassword').fill('Qian-jin-2026');
    await required.locator('button[type="submit"]').click();
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
    await page.getByTestId('admin-tab-audit').click();
    const audit = page.getByTestId('admin-audit');
    await audit.getByTestId('audit-action').fill('admin.*');
    await audit.getByTestId('audit-search').click();
    const created = audit.locator('[data-testid="audit-row"][data-action="admin.user.create"]');
    await expect.poll(() => created.count(), { timeout: 20_000 }).toBe(1);
    expect(await created.innerText()).toContain(NEW_USER.username);
    expect(await created.innerText()).toContain('新建用户');
    // the filter is a prefix: nothing outside admin.* is listed
    // (polled: the unfiltered page may still be showing when the filtered one is on its way)
    const actions = () => audit.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    await expect.poll(async () => (await actions()).every((a) => a?.startsWith('admin.')), { timeout: 20_000 }).toBe(true);
    await screenshot('admin-audit.png');

    // a key for the new user is shown once, then revoked after a confirmation
    await page.getByTestId('admin-tab-keys').click();
    const keys = page.getByTestId('admin-keys');
    await keys.getByTestId('admin-key-create').click();
    const keyDialog = page.getByTestId('admin-key-dialog');
    await keyDialog.locator('#adm-key-owner').selectOption({ label: `${NEW_USER.displayName}（${NEW_USER.username}）` });
    await keyDialog.locator('#adm-key-name').fill('网格长手机 GPS');
    await keyDialog.locator('button[type="submit"]').click();
    const key = await secret.getByTestId('admin-secret-value').inputValue();
    expect(key).toMatch(/^wgk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{20,}$/);
    await screenshot('admin-key-secret.png');
    await secret.getByTestId('admin-secret-done').click();
    const keyRow = keys.locator('tbody tr', { hasText: '网格长手机 GPS' });
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
