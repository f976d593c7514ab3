import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { RESULTS, startSuite, type RunningApp } from './harness.ts';
import { chooseOption } from './kit.ts';
import { keepShotOnFailure } from './ledger.ts';

// The planning studio end to end: the planner drafts 静淑苑社区 from the plan in force, splits the
// grid that holds too many households along a line drawn on the map, sees the validation change,
// justifies the grids left outside the band and submits; the admin (a level above) approves; the
// planner publishes it. A refused plan file and a refused shape are said in Chinese, never in the
// server's English. Real server, fresh demo database, Debian's Chromium.

let app: RunningApp | undefined;
let browser: Browser | undefined;
const errors: string[] = [];

async function signedIn(username: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await browser!.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(`${username}: ${err.message}`));
  await page.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-form').locator('button[type="submit"]').click();
  await page.locator('header.app-header').waitFor({ timeout: 30_000 });
  await page.locator('[data-view="plans"]').click();
  await page.getByTestId('plan-list').waitFor({ timeout: 30_000 });
  return page;
}

const studioReady = (page: Page) => page.locator('[data-testid="plan-map"][data-studio-ready="true"][data-map-idle="true"]').waitFor({ timeout: 60_000 });
const status = (page: Page) => page.getByTestId('plan-status').textContent();

/** Opens a new draft for 静淑苑社区 from the plan list and waits for the studio map. */
async function draftJingshu(page: Page) {
  await chooseOption(page, 'plan-jurisdiction', /静淑苑/);
  await page.getByTestId('plan-create').click();
  await page.getByTestId('plan-panel').waitFor();
  await studioReady(page);
}

describe('planning studio in a real browser', () => {
  beforeAll(async () => {
    let page: Page;
    ({ app, browser, page } = await startSuite(['plans-failure.png'], errors));
    await page.close();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('drafts, splits an over-full grid on the map, sees validation change, fixes the rest and publishes after review', async () => {
    const planner = await signedIn('planner');
    const planId = await keepShotOnFailure(planner, 'plans', async () => {
      await draftJingshu(planner);
      return planner.evaluate(async () => ((await (await fetch('/api/plans?status=draft')).json()) as { plans: { id: number }[] }).plans[0]!.id);
    }, errors, app);

    await keepShotOnFailure(planner, 'plans', async () => {
      const inBandBefore = await planner.getByTestId('summary-in-band').textContent();
      const over = planner.locator('.grid-row.over').first();
      const code = (await over.getAttribute('data-code'))!;
      await over.click();
      await expect.poll(() => planner.getByTestId('grid-card').getAttribute('data-code'), { timeout: 20_000 }).toBe(code);
      await planner.locator('[data-tool="split"]').click();
      // a line right across the grid's middle, drawn with the mouse on the map
      const pts = await planner.evaluate(async ({ id, code }) => {
        const plan = (await (await fetch(`/api/plans/${id}`)).json()) as { grids: { features: { bbox: number[]; properties: { code: string } }[] } };
        const [w, s, e, n] = plan.grids.features.find((f) => f.properties.code === code)!.bbox as [number, number, number, number];
        const map = window.__wanggeMap!;
        // the map still flies to the grid just chosen on a slow machine: project where it comes to rest
        if (map.isMoving()) await new Promise((r) => map.once('moveend', r));
        const mid = (s + n) / 2;
        return [map.project([w - 0.0004, mid]), map.project([e + 0.0004, mid])].map((p) => [p.x, p.y]);
      }, { id: planId, code });
      const box = (await planner.getByTestId('plan-map').boundingBox())!;
      for (const [x, y] of pts) await planner.mouse.click(box.x + x!, box.y + y!);
      await planner.keyboard.press('Enter');
      await expect.poll(() => planner.locator(`.grid-row[data-code="${code}"]`).count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(() => planner.getByTestId('summary-in-band').textContent(), { timeout: 20_000 }).not.toBe(inBandBefore);
      await planner.screenshot({ path: join(RESULTS, 'plans-split.png') });
    }, errors, app);

    await keepShotOnFailure(planner, 'plans', async () => {
      // every grid still outside the band gets a written justification
      const codes = await planner.locator('.grid-row.under, .grid-row.over').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')!));
      expect(codes.length).toBeGreaterThan(0);
      for (const code of codes) {
        await planner.locator(`.grid-row[data-code="${code}"]`).click();
        await expect.poll(() => planner.getByTestId('grid-card').getAttribute('data-code'), { timeout: 20_000 }).toBe(code);
        await planner.getByTestId('grid-justification').fill('高校与封闭小区，按管理单元保持完整');
        await planner.getByTestId('grid-justify').click();
        await expect.poll(() => planner.getByTestId('grid-justify').isDisabled(), { timeout: 20_000 }).toBe(true);
      }
      await expect.poll(() => planner.getByTestId('plan-publishable').getAttribute('class'), { timeout: 20_000 }).toContain('ok');
      await planner.getByTestId('workflow-submit').click();
      await planner.getByTestId('workflow-text').fill('按户数标准切分静淑苑网格，请审核');
      await planner.getByTestId('workflow-confirm').click();
      await expect.poll(() => status(planner), { timeout: 20_000 }).toBe('待审核');
    }, errors, app);

    const admin = await signedIn('admin');
    await keepShotOnFailure(admin, 'plans', async () => {
      await admin.getByTestId(`plan-${planId}`).click();
      await admin.getByTestId('workflow-approve').click();
      await admin.getByTestId('workflow-text').fill('同意');
      await admin.getByTestId('workflow-confirm').click();
      await expect.poll(() => status(admin), { timeout: 20_000 }).toBe('已批准');
    }, errors, app);

    await keepShotOnFailure(planner, 'plans', async () => {
      await planner.locator('.plan-head button.link').click();
      await planner.getByTestId(`plan-${planId}`).click();
      await planner.getByTestId('workflow-publish').click();
      await planner.getByTestId('workflow-confirm').click();
      await expect.poll(() => status(planner), { timeout: 20_000 }).toBe('已发布');
      await studioReady(planner);
      mkdirSync(RESULTS, { recursive: true });
      await planner.screenshot({ path: join(RESULTS, 'plans-published.png') });
    }, errors, app);
    expect(errors).toEqual([]);
  }, 300_000);

  it('says a refused plan file and a refused shape in Chinese, not the server\'s English, on a desktop and a phone', async () => {
    const planner = await signedIn('planner', { width: 1920, height: 1080 });
    // the server's English messages of these refusals; none may reach the screen
    const english = /Invalid geometry|outside the draft|characters|Too big|whole number|also given|Self-intersection|not valid/i;
    await keepShotOnFailure(planner, 'plans', async () => {
      await draftJingshu(planner);
      const [x, y] = [116.35, 40.0];
      const grid = (name: string, ring: number[][]) => ({ type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [ring] } });
      const file = JSON.stringify({ type: 'FeatureCollection', features: [
        grid('蝴蝶', [[x, y], [x + 0.001, y + 0.001], [x + 0.001, y], [x, y + 0.001], [x, y]]),
        grid('长'.repeat(61), [[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y]]),
        grid('远处', [[120, 30], [120.001, 30], [120.001, 30.001], [120, 30]]),
      ] });
      // the plan's files are behind one button (the kit's popover)
      await planner.getByTestId('plan-exchange-open').click();
      await planner.setInputFiles('[data-testid="plan-import-file"]', { name: 'grids.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(file) });
      const problems = planner.getByTestId('import-problem');
      await expect.poll(() => problems.count(), { timeout: 30_000 }).toBe(3);
      const listed = await planner.getByTestId('import-problems').innerText();
      expect(listed).toContain('发现 3 个问题，未写入任何数据');
      expect(await problems.nth(0).innerText()).toMatch(/#1[\s\S]*图形无效：边界自相交[\s\S]*116\.350500, 40\.000500/);
      expect(await problems.nth(1).innerText()).toContain('属性 name 最多 60 个字');
      expect(await problems.nth(2).innerText()).toContain('网格不在本草案的范围 110108010024 内');
      expect(listed).not.toMatch(english);
      await planner.getByTestId('import-problems').scrollIntoViewIfNeeded();
      await planner.screenshot({ path: join(RESULTS, 'plans-file-refused.png') });

      // a shape that crosses itself, drawn on the map: PostGIS refuses it, the toast says why in Chinese
      await planner.locator('[data-tool="draw"]').click();
      const box = (await planner.getByTestId('plan-map').boundingBox())!;
      const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
      for (const [dx, dy] of [[-80, -80], [80, 80], [80, -80], [-80, 80], [-80, -80]]) await planner.mouse.click(cx + dx!, cy + dy!);
      await planner.keyboard.press('Enter');
      const toast = planner.getByTestId('toast').filter({ hasText: '图形无效' });
      await toast.waitFor({ timeout: 20_000 });
      expect(await toast.innerText()).toContain('图形无效：边界自相交。请修改图形后重试。');
      // seen, not only in the page: its fade-in has ended
      await expect.poll(() => toast.evaluate((el) => getComputedStyle(el).opacity), { timeout: 10_000 }).toBe('1');
      await planner.screenshot({ path: join(RESULTS, 'plans-shape-refused.png') });

      // on a phone a building → grid CSV that gives a building twice and a wrong id, each said in Chinese and within the screen
      await planner.setViewportSize({ width: 390, height: 844 });
      if (!(await planner.getByTestId('plan-exchange').isVisible())) await planner.getByTestId('plan-exchange-open').click();
      await chooseOption(planner, 'plan-import-format', 'CSV（楼栋→网格）');
      await planner.setInputFiles('[data-testid="plan-import-file"]', { name: 'buildings.csv', mimeType: 'text/csv', buffer: Buffer.from('building_id,grid_code\n1,A\n1,B\n12a,C\n') });
      await expect.poll(async () => planner.getByTestId('import-problems').innerText(), { timeout: 30_000 }).toContain('这栋楼在第 2 行已分给网格 A，一栋楼只能属于一个网格');
      const csv = await planner.getByTestId('import-problems').innerText();
      expect(csv).toContain('building_id 应为整数（文件中是 "12a"）');
      expect(csv).toMatch(/本草案范围内的楼栋 \d+（\d+ 户）不在文件中/);
      expect(csv).not.toMatch(english);
      const width = await planner.getByTestId('import-problems').evaluate((el) => el.getBoundingClientRect().right);
      expect(width).toBeLessThanOrEqual(390);
      await planner.getByTestId('import-problems').scrollIntoViewIfNeeded();
      await planner.screenshot({ path: join(RESULTS, 'plans-file-refused-phone.png') });
    }, errors, app);
    await planner.context().close();
    expect(errors).toEqual([]);
  }, 240_000);

  it('deletes a draft after a confirmation and goes back to the list without it', async () => {
    const page = await signedIn('planner');
    const created = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/plans');
    await draftJingshu(page);
    const { id } = (await (await created).json()) as { id: number };
    await page.getByTestId('workflow-delete').click();
    expect(await page.getByTestId('workflow').innerText()).toContain('无法恢复');
    await page.getByTestId('workflow-confirm').click();
    await page.getByTestId('plan-list').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('plan-list').locator('button.plan').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId(`plan-${id}`).count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('proposes automatic plans, previews and accepts one into the draft, and undoes and redoes it', async () => {
    const planner = await signedIn('planner');
    await keepShotOnFailure(planner, 'plans', async () => {
      await draftJingshu(planner);
      const before = await planner.getByTestId('summary-in-band').textContent();
      await planner.locator('[data-tool="auto"]').click();
      await planner.getByTestId('auto-run').click();
      const alternatives = planner.getByTestId('auto-compare').locator('thead [data-testid^="auto-show-"]');
      await expect.poll(() => alternatives.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
      await planner.screenshot({ path: join(RESULTS, 'plans-auto.png') });
      await planner.getByTestId('auto-accept-0').click();
      // every grid in the band, no hard problem: the draft is ready for review
      await expect.poll(async () => {
        const text = (await planner.getByTestId('summary-in-band').textContent()) ?? '';
        const [a, b] = text.split('/').map((x) => x.trim());
        return a === b && text !== before;
      }, { timeout: 30_000 }).toBe(true);
      expect(await planner.getByTestId('summary-hard').textContent()).toBe('0');
      const accepted = await planner.getByTestId('summary-in-band').textContent();
      await planner.locator('[data-tool="undo"]').click();
      await expect.poll(() => planner.getByTestId('summary-in-band').textContent(), { timeout: 30_000 }).toBe(before);
      await planner.locator('[data-tool="redo"]').click();
      await expect.poll(() => planner.getByTestId('summary-in-band').textContent(), { timeout: 30_000 }).toBe(accepted);
    }, errors, app);
    expect(errors).toEqual([]);
  }, 300_000);

  it('divides the whole street office into districts across communities, previews them and downloads one, on a desktop and a phone', async () => {
    const planner = await signedIn('planner');
    await keepShotOnFailure(planner, 'plans', async () => {
      await chooseOption(planner, 'plan-jurisdiction', '学院路街道');
      await planner.getByTestId('plan-create').click();
      await studioReady(planner);
      await planner.locator('[data-tool="auto"]').click();
      await chooseOption(planner, 'auto-community', /整个街道/);
      await planner.getByTestId('auto-target-districts').check();
      await planner.getByTestId('auto-district-count').fill('4');
      await planner.getByTestId('auto-run').click();
      const alternatives = planner.getByTestId('auto-districts').locator('li:has([data-testid^="auto-download-"])');
      await expect.poll(() => alternatives.count(), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
      const text = await planner.getByTestId('auto-districts').innerText();
      expect(text).toMatch(/4 个片区，4 个达标/);
      expect(text).toContain('跨越社区边界');
      expect(text).not.toMatch(/streets-|balance-|mixed-|compact-|plans\.auto/);
      await planner.screenshot({ path: join(RESULTS, 'plans-districts.png') });
      const download = planner.waitForEvent('download');
      await planner.getByTestId('auto-download-0').click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^districts-110108010-1\.geojson$/);
      const fc = JSON.parse(readFileSync(await file.path(), 'utf8')) as { features: { properties: { households: number; communities: string } }[] };
      expect(fc.features).toHaveLength(4);
      expect(fc.features.every((f) => f.properties.households > 0)).toBe(true);
      await planner.setViewportSize({ width: 390, height: 844 });
      await planner.waitForTimeout(300);
      await planner.screenshot({ path: join(RESULTS, 'plans-districts-phone.png') });
    }, errors, app);
    await planner.context().close();
    expect(errors).toEqual([]);
  }, 300_000);

  it('pushes a border: dragging inside a neighbour towards the selected grid moves the buildings along it, with live counts', async () => {
    const planner = await signedIn('planner');
    await keepShotOnFailure(planner, 'plans', async () => {
      await draftJingshu(planner);
      const households = async () => Object.fromEntries(await planner.locator('.grid-row').evaluateAll((rows) =>
        rows.map((r) => [r.getAttribute('data-code')!, Number(r.querySelector('.hh')!.textContent)])));
      const before = await households();
      // a grid with households and a neighbour to its east, found on the rendered map
      const findEdge = (source: string) => planner.evaluate((code) => {
        const m = window.__wanggeMap!;
        const f = m.querySourceFeatures('plan-grids').find((x) => x.properties.code === code)!;
        const g = f.geometry as { type: string; coordinates: number[][][] | number[][][][] };
        const rings = (g.type === 'Polygon' ? g.coordinates : (g.coordinates as number[][][][]).flat()) as number[][][];
        const xs = rings.flat().map((p) => p[0]!);
        const ys = rings.flat().map((p) => p[1]!);
        const at = m.project([Math.max(...xs), (Math.min(...ys) + Math.max(...ys)) / 2]);
        for (let x = at.x + 40; x > at.x - 400; x -= 2) {
          const inside = m.queryRenderedFeatures([x, at.y], { layers: ['plan-grids-fill'] })[0];
          if (inside?.properties.code !== code) continue;
          const east = m.queryRenderedFeatures([x + 10, at.y], { layers: ['plan-grids-fill'] })[0];
          return { x: x - 3, y: at.y, target: east ? String(east.properties.code) : null };
        }
        return null;
      }, source);
      let source = '';
      let first: Awaited<ReturnType<typeof findEdge>> = null;
      for (const [code, n] of Object.entries(before).sort((a, b) => b[1] - a[1])) {
        const edge = n > 0 ? await findEdge(code) : null;
        if (edge?.target && edge.target in before) [source, first] = [code, edge];
        if (first) break;
      }
      expect(first?.target).toBeTruthy();
      await planner.locator(`.grid-row[data-code="${first!.target}"]`).click();
      await studioReady(planner);
      await planner.locator('[data-tool="push"]').click();
      const edge = (await findEdge(source))!;
      const box = (await planner.getByTestId('plan-map').boundingBox())!;
      await planner.mouse.move(box.x + edge.x, box.y + edge.y);
      await planner.mouse.down();
      for (let i = 1; i <= 8; i++) await planner.mouse.move(box.x + edge.x - i * 6, box.y + edge.y);
      await expect.poll(() => planner.getByTestId('push-counts').textContent(), { timeout: 10_000 }).toMatch(/→/);
      await planner.screenshot({ path: join(RESULTS, 'plans-push.png') });
      await planner.mouse.up();
      await expect.poll(async () => (await households())[source]!, { timeout: 30_000 }).toBeLessThan(before[source]!);
      const after = await households();
      const moved = before[source]! - after[source]!;
      expect(after[first!.target!]).toBe(before[first!.target!]! + moved);
      expect(await planner.getByTestId('summary-hard').textContent()).toBe('0');
    }, errors, app);
    expect(errors).toEqual([]);
  }, 300_000);
});
