import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { idNumberChecksum } from '../../server/src/features/residents/residents.domain.ts';
import { ensureClientBuilt, launchChromium, RESULTS, startApp, type RunningApp } from './harness.ts';
import { keepShotOnFailure, openLedgerAs } from './ledger.ts';
import { apiSession } from './residents-fixtures.ts';

// Adding a household and a resident as a grid leader, then moving the household as the
// community manager: the real server on a fresh demo database, the built client, Chromium.

const NAME = '测试新户甲';
const MASKED_ID = /^\d{4}\*{10}[\dX]{4}$/;
// a birth date per run, so the number is unlikely to meet a demo resident's
const first17 = `110105${1960 + (Date.now() % 40)}0615${String(Date.now() % 1000).padStart(3, '0')}`;
const VALID_ID = first17 + idNumberChecksum(first17);
const WRONG_ID = first17 + (idNumberChecksum(first17) === '0' ? '1' : '0');

let app: RunningApp | undefined;
let browser: Browser | undefined;
const pageErrors: string[] = [];

/** A fresh browser context signed in as a demo account, with the residents ledger open. */
const openLedger = (username: string) => openLedgerAs(browser!, app!, username, pageErrors, { acceptDownloads: false });
/** Runs a step, keeping a picture of the page if it fails. */
const withShot = <T>(page: Page, name: string, step: () => Promise<T>) => keepShotOnFailure(page, name, step, pageErrors, app);

const search = async (page: Page, q: string) => {
  await page.getByTestId('residents-search').fill(q);
  await page.waitForTimeout(400); // the search waits for a pause in typing
};
const buildingOf = (page: Page) => page.getByTestId('resident-row').first().getByTestId('resident-address').locator('div').first().innerText();

describe('adding and moving households in a real browser', () => {
  beforeAll(async () => {
    for (const old of ['entry-failure.png', 'move-failure.png']) rmSync(join(RESULTS, old), { force: true });
    mkdirSync(RESULTS, { recursive: true });
    ensureClientBuilt();
    app = await startApp();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('lets a grid leader add a household in their grid and a resident to it, with field errors from the server', async () => {
    const page = await openLedger('leader.furun1');
    await withShot(page, 'entry', async () => {
      const gridCode = await page.getByTestId('resident-grid').first().innerText();
      await page.getByTestId('add-household').click();
      const drawer = page.getByTestId('entry-drawer');
      await drawer.getByTestId('household-building').selectOption({ index: 1 });
      await drawer.getByTestId('household-entrance').fill('2');
      // no room: the server names the field
      await drawer.getByTestId('household-create').click();
      await expect.poll(() => drawer.getByTestId('household-room-error').innerText(), { timeout: 10_000 }).toContain('房号');
      await drawer.getByTestId('household-room').fill('E2E-1201');
      await drawer.getByTestId('household-create').click();

      // the resident step follows, already on the new household
      await drawer.getByTestId('resident-form').waitFor({ timeout: 10_000 });
      // the box itself says the chosen household in words (no second line repeating it)
      const picker = drawer.getByTestId('resident-household');
      const chosen = () => picker.inputValue();
      await expect.poll(chosen).toMatch(/^\S.* 2单元 E2E-1201$/);
      expect(await drawer.getByText(/^已选/).count()).toBe(0);
      // the picker searches the grid's households as one types: another one, then back to the new one by its room
      await picker.fill('1单元');
      const options = page.getByTestId('resident-household-options');
      await expect.poll(() => options.getByRole('option').count(), { timeout: 10_000 }).toBeGreaterThan(1);
      expect((await options.getByRole('option').allInnerTexts()).every((o) => o.includes('1单元'))).toBe(true);
      expect(await options.getByRole('option').first().innerText()).toMatch(/户主 \S*\*/); // heads' names masked
      const first = (await options.getByRole('option').first().locator('span').first().innerText()).trim();
      await options.getByRole('option').first().click();
      // the picked entry's words replace the typed ones
      await expect.poll(chosen).toBe(first);
      expect(first).toMatch(/\S+ 1单元 /);
      await picker.fill('E2E-1201');
      await expect.poll(() => options.getByRole('option').allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringContaining('2单元 E2E-1201')]);
      await page.screenshot({ path: join(RESULTS, 'residents-household-picker.png') });
      await options.getByRole('option').first().click();
      await expect.poll(chosen).toMatch(/^\S.* 2单元 E2E-1201$/);
      await drawer.getByTestId('new-name').fill(NAME);
      await drawer.getByTestId('new-birthDate').fill(`${first17.slice(6, 10)}-06-15`);
      await drawer.getByTestId('new-idNumber').fill(WRONG_ID);
      await drawer.locator('label', { hasText: '独居老人' }).click();
      await drawer.getByTestId('resident-create').click();
      await expect.poll(() => drawer.getByTestId('new-idNumber-error').innerText(), { timeout: 10_000 }).toContain('校验位');
      await page.screenshot({ path: join(RESULTS, 'residents-add-error.png') });
      await drawer.getByTestId('new-idNumber').fill(VALID_ID);
      await drawer.getByTestId('resident-create').click();

      // the new resident opens in the drawer, and the ledger finds them, masked, in the leader's grid
      await expect.poll(() => page.getByTestId('resident-drawer').locator('header h2').innerText(), { timeout: 10_000 }).toContain(NAME);
      await search(page, NAME);
      await expect.poll(() => page.getByTestId('resident-row').count(), { timeout: 10_000 }).toBe(1);
      const row = page.getByTestId('resident-row').first();
      expect(await row.getByTestId('resident-id').innerText()).toMatch(MASKED_ID);
      expect(await row.getByTestId('resident-grid').innerText()).toBe(gridCode);
      expect(await row.innerText()).toContain('E2E-1201');
      await page.screenshot({ path: join(RESULTS, 'residents-added.png') });
      expect(pageErrors).toEqual([]);
    });
    await page.context().close();
  }, 120_000);

  it('lets a community manager move that household to another building of the community', async () => {
    // someone changes the entrance first, so the household is no longer at version 1
    const manager = await apiSession(app!.baseUrl, 'manager.furun', DEMO_PASSWORD);
    const found = await manager.call<{ items: { household: { id: number } }[] }>('GET', `/api/residents?q=${encodeURIComponent(NAME)}`);
    await manager.call('PATCH', `/api/households/${found.items[0]!.household.id}`, { version: 1, entrance: 3 });

    const page = await openLedger('manager.furun');
    await withShot(page, 'move', async () => {
      await search(page, NAME);
      await expect.poll(() => page.getByTestId('resident-row').count(), { timeout: 10_000 }).toBe(1);
      const before = await buildingOf(page);
      await page.getByTestId('resident-row').first().click();
      const drawer = page.getByTestId('resident-drawer');
      await expect.poll(() => drawer.getByTestId('household-building').innerText()).toContain(before);
      await drawer.getByTestId('household-move-open').click();
      const select = drawer.getByTestId('move-building');
      // another building whose name differs, so the row can show the change; more are read on demand
      const options = () => select.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })));
      const other = async () => (await options()).find((o) => !o.text.includes(before))?.value;
      for (let i = 0; i < 5 && !(await other()); i++) {
        await drawer.getByTestId('more-buildings').click();
        await expect.poll(() => drawer.getByTestId('more-buildings').isDisabled().catch(() => false), { timeout: 10_000 }).toBe(false);
      }
      const target = await other();
      expect(target).toBeDefined();
      await select.selectOption(target!);
      await page.screenshot({ path: join(RESULTS, 'residents-move-form.png') });
      await drawer.getByTestId('household-move-submit').click();

      await expect.poll(() => page.getByTestId('toast').first().innerText(), { timeout: 10_000 }).toContain('已迁移');
      await expect.poll(() => buildingOf(page), { timeout: 10_000 }).not.toBe(before);
      expect(await drawer.getByTestId('household-building').innerText()).not.toContain(before);
      expect(await page.getByTestId('resident-row').first().innerText()).toContain('3单元');
      await page.screenshot({ path: join(RESULTS, 'residents-moved.png') });
      expect(pageErrors).toEqual([]);
    });
    await page.context().close();
  }, 120_000);

  it('asks before an unsaved edit is dropped: by the close button, Esc or another resident', async () => {
    const page = await openLedger('leader.furun1');
    await withShot(page, 'unsaved', async () => {
      const rows = page.getByTestId('resident-row');
      await rows.nth(0).click();
      const drawer = page.getByTestId('resident-drawer');
      const name = drawer.getByTestId('edit-name');
      await expect.poll(() => name.inputValue()).not.toBe('');
      const original = await name.inputValue();
      await name.fill(`${original}改`);
      const ask = page.getByTestId('unsaved-confirm');
      // ✕: the question comes, and keeping the edit keeps it
      await drawer.getByRole('button', { name: '关闭', exact: true }).click();
      await expect.poll(() => ask.innerText(), { timeout: 10_000 }).toContain('放弃未保存的修改');
      await page.screenshot({ path: join(RESULTS, 'residents-unsaved.png') });
      await page.getByTestId('unsaved-confirm-cancel').click();
      await expect.poll(() => ask.isVisible()).toBe(false);
      expect(await name.inputValue()).toBe(`${original}改`);
      // Esc asks too
      await name.press('Escape');
      await expect.poll(() => ask.isVisible(), { timeout: 10_000 }).toBe(true);
      await page.getByTestId('unsaved-confirm-cancel').click();
      await expect.poll(() => ask.isVisible()).toBe(false);
      // another resident: discarding opens them, and nothing was saved
      const other = await rows.nth(1).locator('.person').innerText();
      await rows.nth(1).click();
      await expect.poll(() => ask.isVisible(), { timeout: 10_000 }).toBe(true);
      await page.getByTestId('unsaved-confirm-ok').click();
      await expect.poll(() => drawer.locator('header h2').innerText(), { timeout: 10_000 }).toContain(other);
      expect(await rows.nth(0).locator('.person').innerText()).toBe(original);
      // with nothing changed, ✕ closes at once
      await drawer.getByRole('button', { name: '关闭', exact: true }).click();
      await expect.poll(() => drawer.count()).toBe(0);
      expect(pageErrors).toEqual([]);
    });
    await page.context().close();
  }, 120_000);
});
