import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { RESULTS, signIn, startSuite, type RunningApp } from './harness.ts';
import { chooseOption, chosenLabel, optionLabels } from './kit.ts';
import { keepShotOnFailure } from './ledger.ts';

// The studio's comparisons readable at a glance (issue 10, point 4), at 1920 × 1080 and on a 390 × 844
// phone: a draft that cannot be submitted says why, the automatic alternatives side by side with each
// proposed grid in its own colour, neighbouring grids apart in colour, the diff with its legend,
// in-app confirmations and toasts that cover no control. Real server, fresh demo database.

let app: RunningApp | undefined;
let browser: Browser | undefined;
const errors: string[] = [];
const shot = (page: Page, name: string) => page.screenshot({ path: join(RESULTS, `studio-${name}.png`) });
const studioReady = (page: Page) => page.locator('[data-testid="plan-map"][data-studio-ready="true"][data-map-idle="true"]').waitFor({ timeout: 60_000 });

/** Distinct `color` values of the features drawn in a studio layer, and how many features. */
function drawnColors(page: Page, layer: string) {
  return page.evaluate((id) => {
    const fs = window.__wanggeMap!.queryRenderedFeatures({ layers: [id] } as never);
    const colors = fs.map((f) => f.properties.color as number | null);
    return { features: new Set(fs.map((f) => String(f.properties.code ?? f.properties.key))).size, colors: [...new Set(colors)] };
  }, layer);
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every toast's box against the toolbar's and the side panel's buttons. */
async function toastCovers(page: Page): Promise<string[]> {
  await page.getByTestId('toast').first().waitFor({ timeout: 10_000 });
  const toasts = await Promise.all((await page.getByTestId('toast').all()).map((t) => t.boundingBox()));
  const controls = await page.locator('[data-testid="plan-toolbar"], [data-testid="workflow"] button, .auto button').all();
  const hits: string[] = [];
  for (const c of controls) {
    const box = await c.boundingBox();
    if (box && toasts.some((t) => t && overlaps(t, box))) hits.push((await c.innerText()).slice(0, 20));
  }
  return hits;
}

describe('studio comparisons in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    let page: Page;
    ({ app, browser, page } = await startSuite(['studio-failure.png'], errors));
    await page.close();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('at 1920 × 1080: blocked submit with its problems, alternatives table, distinct colours, diff legend, in-app confirm, toasts clear of controls', async () => {
    const context = await browser!.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('dialog', (d) => errors.push(`native dialog: ${d.message()}`));
    await keepShotOnFailure(page, 'studio', async () => {
      await page.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
      await signIn(page, 'planner', DEMO_PASSWORD);
      // the map view: the plan in force, neighbouring grids in different colours, the legend saying so
      await page.locator('[data-testid="map"][data-map-idle="true"]').waitFor({ timeout: 60_000 });
      await page.evaluate(() => window.__wanggeMap!.jumpTo({ zoom: 15 }));
      await page.locator('[data-testid="map"][data-map-idle="true"]').waitFor({ timeout: 60_000 });
      await page.waitForTimeout(500);
      await page.locator('[data-testid="map"][data-map-idle="true"]').waitFor({ timeout: 60_000 });
      const published = await page.evaluate(() => [...new Set(window.__wanggeMap!.queryRenderedFeatures({ layers: ['grids-fill'] } as never).map((f) => f.properties.color))]);
      expect(published.length).toBeGreaterThanOrEqual(3);
      expect(published).not.toContain(undefined);
      expect(await page.getByTestId('legend-grid-colors').innerText()).toContain('相邻网格颜色不同');
      await shot(page, 'map-view');
      await page.locator('[data-view="plans"]').click();
      await page.getByTestId('plan-list').waitFor({ timeout: 30_000 });
      // the scope list holds only the planner's street office and its communities, the street office first
      const options = await optionLabels(page, 'plan-jurisdiction');
      expect(options[0]).toBe('学院路街道');
      expect(options).not.toContain('海淀区');
      await expect.poll(() => chosenLabel(page, 'plan-jurisdiction'), { timeout: 10_000 }).toBe('学院路街道');
      await chooseOption(page, 'plan-jurisdiction', /静淑苑/);
      await page.getByTestId('plan-create').click();
      await page.getByTestId('plan-panel').waitFor();
      await studioReady(page);

      // not publishable yet: 提交审核 is disabled and the panel lists what blocks it
      expect(await page.getByTestId('workflow-submit').isDisabled()).toBe(true);
      const blocked = await page.getByTestId('workflow-blocked').innerText();
      expect(blocked).toMatch(/尚不能提交：还有 \d+ 个问题/);
      expect(blocked).toMatch(/户数(不足|超出) × \d+/);
      // neighbouring grids in their own colours: several colours, none missing
      const grids = await drawnColors(page, 'plan-grids-fill');
      expect(grids.features).toBeGreaterThan(3);
      expect(grids.colors.length).toBeGreaterThanOrEqual(3);
      expect(grids.colors).not.toContain(null);
      await shot(page, 'blocked');
      await page.getByTestId('workflow-show-problems').click();
      const finder = await page.getByTestId('problem-finder').innerText();
      expect(finder).not.toContain('户数超出标准');
      expect(finder).toMatch(/户数(不足|超出) · \d+ 户/);

      // a toast (no grid chosen for the split tool) sits clear of the toolbar and the panel's buttons
      await page.locator('[data-tool="split"]').click();
      expect(await toastCovers(page)).toEqual([]);

      // the automatic alternatives, side by side
      await page.locator('[data-tool="auto"]').click();
      await page.getByTestId('auto-run').click();
      const heads = page.getByTestId('auto-compare').locator('thead [data-testid^="auto-show-"]');
      await expect.poll(() => heads.count(), { timeout: 90_000 }).toBeGreaterThanOrEqual(3);
      const names = await heads.allInnerTexts();
      expect(names.every((n) => /^方案 \d：/.test(n))).toBe(true);
      const rows = await page.getByTestId('auto-compare').locator('tbody th[scope="row"]').allInnerTexts();
      expect(rows.filter(Boolean)).toEqual(['网格数', '户数达标', '每格户数', '沿街边界', '平均紧凑度', '工作量离散度', '硬性问题']);
      expect(await page.getByTestId('auto-compare').locator('[data-measure="households"] td').first().innerText()).toMatch(/^\d+–\d+$/);
      await page.locator('[data-testid="plan-map"][data-map-idle="true"]').waitFor();
      const preview = await drawnColors(page, 'plan-proposal-fill');
      expect(preview.colors.length).toBeGreaterThanOrEqual(3);
      const labels = await page.evaluate(() => window.__wanggeMap!.queryRenderedFeatures({ layers: ['plan-proposal-label'] } as never).map((f) => String(f.properties.label)));
      expect(labels.length).toBeGreaterThan(0);
      expect(labels.every((l) => /^\d+ 户$/.test(l))).toBe(true);
      await shot(page, 'alternatives');
      await page.getByTestId('auto-show-1').click();
      await page.locator('[data-testid="plan-map"][data-map-idle="true"]').waitFor();
      await shot(page, 'alternative-2');
      // accepted, the proposal's grids become the draft's, each in a colour its neighbours do not have
      await page.getByTestId('auto-accept-0').click();
      await expect.poll(() => page.getByTestId('summary-in-band').textContent(), { timeout: 30_000 }).toMatch(/^(\d+) \/ \1$/);
      await page.locator('[data-testid="plan-map"][data-map-idle="true"]').waitFor();
      const accepted = await drawnColors(page, 'plan-grids-fill');
      expect(accepted.colors.length).toBeGreaterThanOrEqual(3);
      expect(accepted.colors).not.toContain(null);

      // deleting a grid asks in the page, not with the browser's confirm()
      await page.locator('.tabs button', { hasText: '网格' }).first().click();
      await page.locator('.grid-row').first().click();
      await page.locator('[data-tool="remove"]').click();
      await page.getByTestId('confirm-dialog').waitFor();
      expect(await page.getByTestId('confirm-dialog').innerText()).toMatch(/删除网格 \d{3}？/);
      await shot(page, 'confirm');
      await page.getByTestId('confirm-dialog-cancel').click();
      await expect.poll(() => page.getByTestId('confirm-dialog').isVisible()).toBe(false);

      // the diff, counted within the draft's community, with a legend on the map
      await page.locator('.tabs button', { hasText: '对比' }).click();
      const totals = await page.getByTestId('plan-diff-totals').innerText();
      expect(totals).toMatch(/新增 \d+ · 撤销 \d+ · 调整 \d+ · 未变 \d+/);
      expect(totals).not.toContain('新增 0 · 撤销 0 · 调整 0');
      // moved buildings are named by place and households, never by a bare id
      const moved = (await page.getByTestId('plan-diff-buildings').textContent()) ?? '';
      expect(moved).toMatch(/（\d+ 户）/);
      expect(moved).not.toMatch(/#\d/);
      await page.getByTestId('diff-legend').waitFor();
      expect(await page.getByTestId('diff-legend').innerText()).toContain('新增网格');
      await shot(page, 'diff');

      // a draft grid's printed file: the draft's own grids, marked 草案
      const { planId, code } = await page.evaluate(async () => {
        const plans = (await (await fetch('/api/plans?status=draft')).json()) as { plans: { id: number }[] };
        const id = plans.plans[0]!.id;
        const plan = (await (await fetch(`/api/plans/${id}`)).json()) as { grids: { features: { properties: { code: string; inScope: boolean } }[] } };
        return { planId: id, code: plan.grids.features.find((f) => f.properties.inScope)!.properties.code };
      });
      const print = await context.newPage();
      print.on('pageerror', (err) => errors.push(err.message));
      await print.goto(`${app!.baseUrl}/?print=grid-file&plan=${planId}&code=${code}`);
      await print.locator('[data-testid="grid-file-map"][data-map-idle="true"]').waitFor({ timeout: 60_000 });
      expect(await print.getByTestId('grid-file-watermark').innerText()).toBe('草案');
      expect(await print.getByTestId('grid-file-draft').innerText()).toMatch(/^草案，第 \d+ 版：按草案绘制，尚未生效/);
      await print.screenshot({ path: join(RESULTS, 'studio-draft-file.png') });
      await print.close();
    }, errors, app);

    // a phone: the same studio, the alternatives as a sheet over the lower half
    await keepShotOnFailure(page, 'studio', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator('.tabs button', { hasText: '网格' }).first().click();
      await page.waitForTimeout(400);
      await shot(page, 'phone');
      // two grids chosen: the split tool asks for one, in a toast
      await page.locator('.grid-row').nth(1).click({ modifiers: ['Shift'] });
      await page.locator('[data-tool="split"]').click();
      expect(await toastCovers(page)).toEqual([]);
      await shot(page, 'phone-toast');
      await page.locator('[data-tool="auto"]').click();
      await page.locator('.modes input[value="auto"]').check();
      await page.getByTestId('auto-run').click();
      await expect.poll(() => page.getByTestId('auto-compare').locator('thead [data-testid^="auto-show-"]').count(), { timeout: 90_000 }).toBeGreaterThanOrEqual(3);
      await page.getByTestId('auto-compare').scrollIntoViewIfNeeded();
      const table = (await page.getByTestId('auto-compare').locator('table').boundingBox())!;
      expect(table.x).toBeGreaterThanOrEqual(0);
      expect(table.x + table.width).toBeLessThanOrEqual(390);
      await page.locator('[data-testid="plan-map"][data-map-idle="true"]').waitFor();
      await shot(page, 'phone-alternatives');
      await page.locator('.auto header button').click();
      // the in-page confirmation fits the phone; the diff's legend sits on the map
      await page.locator('.grid-row').first().click();
      await page.locator('[data-tool="remove"]').scrollIntoViewIfNeeded();
      await page.locator('[data-tool="remove"]').click();
      const dialog = (await page.getByTestId('confirm-dialog').boundingBox())!;
      expect(dialog.x).toBeGreaterThanOrEqual(0);
      expect(dialog.x + dialog.width).toBeLessThanOrEqual(390);
      await shot(page, 'phone-confirm');
      await page.getByTestId('confirm-dialog-cancel').click();
      await page.locator('.tabs button', { hasText: '对比' }).click();
      await page.getByTestId('diff-legend').waitFor();
      const legend = (await page.getByTestId('diff-legend').boundingBox())!;
      expect(legend.x + legend.width).toBeLessThanOrEqual(390);
      await shot(page, 'phone-diff');
    }, errors, app);
    await context.close();
    expect(errors).toEqual([]);
  }, 400_000);
});
