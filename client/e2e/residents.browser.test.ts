import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { ensureClientBuilt, launchChromium, RESULTS, startApp, type RunningApp } from './harness.ts';
import { keepShotOnFailure, openLedgerAs } from './ledger.ts';
import { addResidentInOtherGrid, apiSession } from './residents-fixtures.ts';

// The residents ledger end to end: the real server on a fresh demo database, the built client,
// Chromium. A grid leader and a community manager see different residents; only the manager may
// reveal a masked ID number, and only after giving a reason.

const MASKED_ID = /^\d{4}\*{10}[\dX]{4}$/;
const FULL_ID = /^\d{17}[\dX]$/;
const OTHER_NAME = '测试独居甲'; // the resident added in another grid of 富润社区

let app: RunningApp | undefined;
let browser: Browser | undefined;
let otherGridCode = '';
const pageErrors: string[] = [];

/** A fresh browser context signed in as a demo account, with the residents ledger open. */
const openLedger = (username: string) => openLedgerAs(browser!, app!, username, pageErrors, { acceptDownloads: true });
/** Runs a step, keeping a picture of the page if it fails. */
const withShot = <T>(page: Page, name: string, step: () => Promise<T>) => keepShotOnFailure(page, name, step, pageErrors, app);

/** The grid codes of the rows shown (each grid cell reads its name, then its code). */
const gridCodes = async (page: Page) => (await page.getByTestId('resident-grid').allInnerTexts()).map((s) => /\d{14,15}/.exec(s)?.[0] ?? s);
const search = async (page: Page, q: string) => {
  await page.getByTestId('residents-search').fill(q);
  await page.waitForTimeout(400); // the search waits for a pause in typing
};

describe('residents ledger in a real browser', () => {
  beforeAll(async () => {
    for (const old of ['leader-failure.png', 'manager-failure.png']) rmSync(join(RESULTS, old), { force: true });
    mkdirSync(RESULTS, { recursive: true });
    ensureClientBuilt();
    app = await startApp();
    browser = await launchChromium();
    const leader = await apiSession(app.baseUrl, 'leader.furun1', DEMO_PASSWORD);
    const me = await leader.call<{ roles: { scope: { gridCodes: string[] | null } }[] }>('GET', '/api/auth/me');
    const manager = await apiSession(app.baseUrl, 'manager.furun', DEMO_PASSWORD);
    const mgr = await manager.call<{ roles: { scope: { jurisdiction: { id: number } | null } }[] }>('GET', '/api/auth/me');
    otherGridCode = await addResidentInOtherGrid(app.baseUrl, manager, mgr.roles[0]!.scope.jurisdiction!.id, me.roles[0]!.scope.gridCodes![0]!, OTHER_NAME);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('shows a grid leader the residents of their grid only, masked, without a reveal button; edits show server errors', async () => {
    const page = await openLedger('leader.furun1');
    await withShot(page, 'leader', async () => {
      const codes = await gridCodes(page);
      expect(codes.length).toBeGreaterThan(10);
      expect(new Set(codes).size).toBe(1);
      expect(codes[0]).not.toBe(otherGridCode);
      for (const id of (await page.getByTestId('resident-id').allInnerTexts()).filter((s) => s !== '—')) expect(id).toMatch(MASKED_ID);
      // the total comes first; the grid reads its name beside its code; addresses are in words, never a database id
      const total = Number(/^共 ([\d,]+) 条，第 1–50 条$/.exec(await page.getByTestId('residents-range').innerText())?.[1]?.replace(/,/g, ''));
      expect(total).toBeGreaterThan(50);
      expect(await page.getByTestId('resident-grid').first().innerText()).toMatch(/^\S.*\n\d{15}$/);
      const addresses = await page.getByTestId('resident-address').allInnerTexts();
      expect(addresses.every((a) => /\d+单元/.test(a) && !/楼栋 \d+ 号/.test(a))).toBe(true);
      expect(addresses.some((a) => /\d+号楼/.test(a))).toBe(true);
      // the next page is the same grid too
      await page.getByTestId('residents-next').click();
      await expect.poll(() => page.getByTestId('residents-range').innerText()).toContain('第 51–');
      expect(new Set(await gridCodes(page))).toEqual(new Set([codes[0]]));
      await page.screenshot({ path: join(RESULTS, 'residents-leader.png') });

      // the resident of the other grid does not exist for the leader
      await search(page, OTHER_NAME);
      await expect.poll(() => page.getByTestId('residents-state').innerText(), { timeout: 10_000 }).toContain('没有与');
      await search(page, '');
      await page.getByTestId('resident-row').first().click();
      const drawer = page.getByTestId('resident-drawer');
      await expect.poll(() => drawer.getByTestId('drawer-id-number').innerText()).toMatch(MASKED_ID);
      expect(await drawer.getByTestId('reveal-open').count()).toBe(0);

      // a wrong check character is refused by the server and explained under the field
      await drawer.getByTestId('edit-idNumber').fill('110105194912310020');
      await drawer.getByTestId('edit-save').click();
      await expect.poll(() => drawer.getByTestId('edit-idNumber-error').innerText(), { timeout: 10_000 }).toContain('校验位');
      await page.screenshot({ path: join(RESULTS, 'residents-edit-error.png') });

      // someone else saves first: the 409 shows their record and the edit can be reapplied on it
      await drawer.getByTestId('edit-idNumber').fill('');
      const id = await page.evaluate(async () => {
        const me = await (await fetch('/api/auth/me')).json();
        const list = await (await fetch('/api/residents?limit=1')).json();
        const r = list.items[0];
        await fetch(`/api/residents/${r.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ version: r.version, phone: '13900001111' }) });
        return r.id as number;
      });
      expect(id).toBeGreaterThan(0);
      await drawer.getByTestId('edit-name').fill('王建华');
      await drawer.getByTestId('edit-save').click();
      const conflict = drawer.getByTestId('resident-conflict');
      await expect.poll(() => conflict.innerText(), { timeout: 10_000 }).toContain('该记录已被他人修改');
      expect(await conflict.innerText()).toContain('139****1111');
      await page.screenshot({ path: join(RESULTS, 'residents-conflict.png') });
      await conflict.getByTestId('conflict-reapply').click();
      await expect.poll(() => page.getByTestId('toast').first().innerText(), { timeout: 10_000 }).toContain('已保存');
      expect(await page.getByTestId('resident-row').first().innerText()).toContain('王建华');

      // the export is the same scope, masked
      await drawer.getByRole('button', { name: '关闭', exact: true }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('residents-export').click()]);
      const csv = readFileSync(await download.path()!, 'utf8');
      expect(csv.split('\n')[0]).toContain('身份证号（脱敏）');
      expect(csv).not.toContain(OTHER_NAME);
      expect(csv).toContain(',户主,');
      // and as Excel, in the same words
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('residents-export-xlsx').click()]);
      expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile((await xlsx.path())!);
      const sheet = book.worksheets[0]!;
      expect(sheet.getRow(1).getCell(1).text).toBe('网格名称');
      const genders = new Set<string>();
      sheet.eachRow((row, n) => n > 1 && genders.add(row.getCell(9).text));
      expect(genders).toEqual(new Set(['男', '女']));
      expect(sheet.rowCount - 1).toBe(total);
      expect(pageErrors).toEqual([]);
    });
    await page.context().close();
  }, 120_000);

  it('shows a community manager more than one grid, and reveals an ID number only after a reason', async () => {
    const page = await openLedger('manager.furun');
    await withShot(page, 'manager', async () => {
      const first = new Set(await gridCodes(page));
      await search(page, OTHER_NAME);
      await expect.poll(() => gridCodes(page), { timeout: 10_000 }).toEqual([otherGridCode]);
      expect(await page.getByTestId('resident-row').first().innerText()).toContain('独居老人');
      expect(new Set([...first, otherGridCode]).size).toBeGreaterThan(1);
      // the grid filter now offers the other grid too; choosing it leaves only the added resident
      await search(page, '');
      await page.getByTestId('residents-grid').selectOption(otherGridCode);
      await expect.poll(() => gridCodes(page), { timeout: 10_000 }).toEqual([otherGridCode]);
      await page.getByTestId('residents-grid').selectOption('');
      await page.getByTestId('resident-row').nth(1).waitFor();
      await page.screenshot({ path: join(RESULTS, 'residents-manager.png') });

      // the first row with an ID number on record (the added resident has none)
      const row = page.getByTestId('resident-row').filter({ has: page.getByTestId('resident-id').filter({ hasText: /\*{10}/ }) }).first();
      const masked = await row.getByTestId('resident-id').innerText();
      expect(masked).toMatch(MASKED_ID);
      await row.click();
      const drawer = page.getByTestId('resident-drawer');
      await expect.poll(() => drawer.getByTestId('drawer-id-number').innerText()).toBe(masked);
      await drawer.getByTestId('reveal-open').click();
      const dialog = page.getByTestId('reveal-dialog');
      await dialog.waitFor();
      const submit = dialog.getByTestId('reveal-submit');
      expect(await submit.isDisabled()).toBe(true);
      await dialog.getByTestId('reveal-reason').fill('核实');
      expect(await submit.isDisabled()).toBe(true); // two characters are not a reason
      await dialog.getByTestId('reveal-reason').fill('入户走访核实身份');
      expect(await submit.isDisabled()).toBe(false);
      await page.screenshot({ path: join(RESULTS, 'residents-reveal-dialog.png') });
      await submit.click();
      await expect.poll(() => drawer.getByTestId('drawer-id-number').innerText(), { timeout: 10_000 }).toMatch(FULL_ID);
      const full = await drawer.getByTestId('drawer-id-number').innerText();
      expect(full.slice(0, 4) + full.slice(-4)).toBe(masked.slice(0, 4) + masked.slice(-4));
      expect(await drawer.getByTestId('reveal-logged').innerText()).toContain('审计');
      await page.screenshot({ path: join(RESULTS, 'residents-revealed.png') });

      // closing the drawer forgets the value: opening again shows it masked
      await drawer.getByRole('button', { name: '关闭', exact: true }).click();
      await row.click();
      await expect.poll(() => page.getByTestId('drawer-id-number').innerText()).toBe(masked);
      expect(await page.locator('body').innerText()).not.toContain(full);
      expect(pageErrors).toEqual([]);
    });
    await page.context().close();
  }, 120_000);

  it('shows a grid leader on a 390 px phone the ledger as cards, with nothing off the screen', async () => {
    const page = await openLedgerAs(browser!, app!, 'leader.furun1', pageErrors, { viewport: { width: 390, height: 844 } });
    await withShot(page, 'phone', async () => {
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
      const row = page.getByTestId('resident-row').first();
      expect(await row.evaluate((el) => el.tagName)).toBe('LI'); // a card, not a table row
      const box = (await row.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(await row.innerText()).toContain('身份证号');
      expect(await page.getByTestId('residents-range').innerText()).toMatch(/^共 [\d,]+ 条/);
      // the buttons a thumb presses are at least 44 px high
      for (const id of ['residents-export', 'residents-export-xlsx', 'residents-next']) {
        expect((await page.getByTestId(id).boundingBox())!.height).toBeGreaterThanOrEqual(44);
      }
      await page.screenshot({ path: join(RESULTS, 'residents-phone.png') });
      await row.click();
      const drawer = page.getByTestId('resident-drawer');
      await drawer.getByTestId('edit-name').waitFor();
      const d = (await drawer.boundingBox())!;
      expect(d.x).toBeGreaterThanOrEqual(0);
      expect(d.x + d.width).toBeLessThanOrEqual(390);
      // a full-screen sheet that ends above the bottom tab bar, which stays in view
      const bar = (await page.locator('nav.view-tabs').boundingBox())!;
      await expect.poll(async () => (await drawer.boundingBox())!.y).toBeLessThanOrEqual(1); // once it has risen
      const sheet = (await drawer.boundingBox())!;
      expect(sheet.y + sheet.height).toBeLessThanOrEqual(bar.y + 1);
      expect(bar.y + bar.height).toBeLessThanOrEqual(845);
      // the sheet keeps the keyboard's focus inside it
      for (let i = 0; i < 25; i++) await page.keyboard.press('Tab');
      expect(await drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(RESULTS, 'residents-phone-drawer.png') });
      expect(pageErrors).toEqual([]);
    });
    await page.context().close();
  }, 120_000);

  it('fills a 1920 px screen with the ledger as a table', async () => {
    const page = await openLedgerAs(browser!, app!, 'manager.furun', pageErrors, { viewport: { width: 1920, height: 1080 } });
    await withShot(page, 'wide', async () => {
      expect(await page.getByTestId('resident-row').first().evaluate((el) => el.tagName)).toBe('TR');
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(1920);
      await page.screenshot({ path: join(RESULTS, 'residents-wide.png') });
      // the jurisdiction tree filters the ledger while it is open: the manager's own community keeps
      // everything, another community nothing (it lies outside the scope), and the chip clears it
      const range = () => page.getByTestId('residents-range').innerText();
      const all = await range();
      const tree = page.getByTestId('jurisdiction-tree');
      await tree.getByText('富润社区', { exact: true }).click();
      await expect.poll(() => page.getByTestId('residents-place').innerText(), { timeout: 10_000 }).toContain('范围：富润社区');
      await expect.poll(range, { timeout: 10_000 }).toBe(all);
      await tree.getByText('石科院社区', { exact: true }).click();
      await expect.poll(() => page.getByTestId('residents-state').innerText(), { timeout: 10_000 }).toContain('没有符合条件的居民');
      expect(await range()).toBe('共 0 条');
      await page.screenshot({ path: join(RESULTS, 'residents-tree-filter.png') });
      await page.getByTestId('residents-place').getByRole('button').click();
      await expect.poll(range, { timeout: 10_000 }).toBe(all);
      expect(pageErrors).toEqual([]);
    });
    await page.context().close();
  }, 120_000);
});
