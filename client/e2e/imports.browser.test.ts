import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { reportFailure, type RunningApp, saveShot, startSuite } from './harness.ts';
import { chooseOption, optionLabels } from './kit.ts';

// Base-data import from the admin console as the planner (data.import without users.manage):
// a broken file lists every problem with its place and writes nothing; a good one is checked,
// then imported.

let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

const screenshot = (name: string) => saveShot(page, name);

/** A point inside 富润社区, through the public jurisdiction API. */
async function insideFurun(baseUrl: string): Promise<[number, number]> {
  const tree = (await (await fetch(`${baseUrl}/api/jurisdictions`)).json()) as { tree: { id: number; code: string; children: unknown[] }[] };
  const find = (nodes: { id: number; code: string; children: unknown[] }[]): number | undefined =>
    nodes.map((n) => (n.code === '110108010031' ? n.id : find(n.children as never))).find((x) => x !== undefined);
  const one = (await (await fetch(`${baseUrl}/api/jurisdictions/${find(tree.tree)}`)).json()) as { geometry: { coordinates: number[][][][] } };
  const ring = one.geometry.coordinates[0]![0]!;
  const xs = ring.map((p) => p[0]!).sort((a, b) => a - b);
  const ys = ring.map((p) => p[1]!).sort((a, b) => a - b);
  return [xs[Math.floor(xs.length / 2)]!, ys[Math.floor(ys.length / 2)]!];
}

const file = (name: string, features: unknown[]) => ({
  name, mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })),
});

describe('base-data import in a real browser', () => {
  beforeAll(async () => {
    ({ app, browser, page } = await startSuite(['imports-failure.png'], pageErrors));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('shows every problem of a broken file, then checks and imports a good one', async () => {
    onTestFailed(() => reportFailure(page, app, pageErrors, 'imports-failure.png'));
    const [x, y] = await insideFurun(app!.baseUrl);
    await page.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
    await page.locator('#login-username').fill('planner');
    await page.locator('#login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-form').locator('button[type="submit"]').click();
    await page.locator('header.app-header').waitFor({ timeout: 30_000 });
    await page.getByTestId('admin-open').click();
    const panel = page.getByTestId('import-panel');
    await panel.waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await optionLabels(page, 'import-jurisdiction', panel)).length, { timeout: 20_000 }).toBeGreaterThan(3);
    await chooseOption(page, 'import-jurisdiction', /110108010031$/, panel);
    expect(await panel.getByTestId('import-run').isDisabled()).toBe(true);

    const s = 0.0002;
    await panel.getByTestId('import-file').setInputFiles(file('broken.geojson', [
      { type: 'Feature', properties: { id: 'bowtie', households: 5 }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + s, y + s], [x + s, y], [x, y + s], [x, y]]] } },
      { type: 'Feature', properties: { id: 'nohh' }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y]]] } },
      { type: 'Feature', properties: { id: 'half', households: 2.5 }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y]]] } },
    ]));
    await panel.getByTestId('import-check').click();
    const problems = panel.getByTestId('import-problem');
    await expect.poll(() => problems.count(), { timeout: 20_000 }).toBe(3);
    const table = panel.getByTestId('import-problems');
    expect(await table.innerText()).toContain('发现 3 个问题');
    // PostGIS's reason ("Self-intersection") is said in Chinese, with the place it breaks
    expect(await problems.nth(0).innerText()).toMatch(/#1 \(bowtie\)[\s\S]*图形无效：边界自相交[\s\S]*\d+\.\d{6}, \d+\.\d{6}/);
    expect(await problems.nth(1).innerText()).toMatch(/#2 \(nohh\)[\s\S]*properties\.households[\s\S]*缺少 households 属性/);
    expect(await problems.nth(2).innerText()).toContain('属性 households 应为 0 到 10000 之间的整数（文件中是 2.5）');
    expect(await table.innerText()).not.toMatch(/Self-intersection|Invalid geometry|whole number/);
    expect(await panel.getByTestId('import-run').isDisabled()).toBe(true);
    await screenshot('imports-problems.png');
    // on a phone the problems stack, each readable without scrolling sideways
    await page.setViewportSize({ width: 390, height: 844 });
    await table.scrollIntoViewIfNeeded();
    expect(await table.locator('.imp-scroll').evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    expect(await problems.nth(0).locator('td.text').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(300);
    await screenshot('imports-problems-phone.png');
    await page.setViewportSize({ width: 1440, height: 900 });

    // a file without households: one summary in Chinese, then households derived from footprint × default floors
    // two halves of the square the good file fills below (known to lie inside 富润)
    const half = (x0: number, id: string) => ({ type: 'Feature', properties: { id, kind: 'building' },
      geometry: { type: 'Polygon', coordinates: [[[x0, y], [x0 + s / 2, y], [x0 + s / 2, y + s], [x0, y + s], [x0, y]]] } });
    await panel.getByTestId('import-file').setInputFiles(file('tilezen.geojson', [half(x, 'tz-1'), half(x + s / 2, 'tz-2')]));
    await panel.getByTestId('import-check').click();
    await expect.poll(() => problems.count(), { timeout: 20_000 }).toBe(1);
    expect(await problems.nth(0).innerText()).toMatch(/2 个要素中有 2 个没有 households 属性（第一个是 #1）；请选择户数推算方式/);
    await chooseOption(page, 'import-households', '按占地面积 × 层数推算', panel);
    await panel.getByTestId('import-default-floors').fill('6');
    await panel.getByTestId('import-check').click();
    await expect.poll(() => panel.getByTestId('import-report').innerText(), { timeout: 20_000 }).toContain('检查通过：2 个要素，将新增 2');
    expect(await panel.getByTestId('import-warnings').innerText()).toContain('2 栋楼的用途无法识别（kind=building ×2），已按住宅处理');
    await chooseOption(page, 'import-households', '文件中的 households 属性', panel);

    await panel.getByTestId('import-file').setInputFiles(file('good.geojson', [
      { type: 'Feature', properties: { id: 'e2e-1', households: 24, name: '测试楼' }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] } },
    ]));
    await panel.getByTestId('import-check').click();
    await expect.poll(() => panel.getByTestId('import-report').innerText(), { timeout: 20_000 }).toContain('检查通过：1 个要素，将新增 1');
    await panel.getByTestId('import-run').click();
    await expect.poll(() => panel.getByTestId('import-report').innerText(), { timeout: 20_000 }).toContain('已导入：1 个要素，新增 1');
    await screenshot('imports-done.png');
  });
});
