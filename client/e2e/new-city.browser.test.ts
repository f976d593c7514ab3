import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { NEW_CITY_FILES, S, X0, Y0 } from '../../server/test/new-city.ts';
import { zhCN } from '../src/i18n/zh-CN.ts';
import { reportFailure, type RunningApp, saveShot, signIn, signOut, startSuite } from './harness.ts';
import { chooseOption, optionLabels } from './kit.ts';

// A street office anywhere, from files to a plan under review, in the UI (issue 9): the admin adds
// 浦东新区 and 潍坊新村街道 in 辖区开通, imports two communities, their buildings and roads in 数据导入,
// and the checklist turns green; a planner there signs in, the map opens on Pudong, they draft,
// plan automatically, accept and submit; the admin approves and publishes.
let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const shot = (name: string) => saveShot(page, name);

const file = (kind: keyof typeof NEW_CITY_FILES) => ({
  name: `${kind}.geojson`, mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(NEW_CITY_FILES[kind])),
});

/** Opens the app and signs in. */
async function openAs(username: string, password: string) {
  await page.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
  await signIn(page, username, password);
}
/** A JSON API call with the page's session (its cookie and CSRF token). */
async function call(method: 'GET' | 'POST', path: string, data?: unknown) {
  const me = (await (await page.request.get(`${app!.baseUrl}/api/auth/me`)).json()) as { csrfToken: string };
  const res = await page.request.fetch(`${app!.baseUrl}${path}`, { method, data, headers: { 'X-CSRF-Token': me.csrfToken } });
  return { status: res.status(), body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

type Place = { id: number; code: string; children: Place[] };
/** The id of the place with this code, from the jurisdiction tree the page's session sees. */
async function placeId(code: string): Promise<number> {
  const find = (nodes: Place[]): Place | undefined => nodes.map((n) => (n.code === code ? n : find(n.children))).find(Boolean);
  const id = find(((await call('GET', '/api/jurisdictions')).body as { tree: Place[] }).tree)?.id;
  if (id === undefined) throw new Error(`no place ${code}`);
  return id;
}
const LEVEL_WORDS = { county: zhCN.admin.places.levels.county, town: zhCN.admin.places.levels.town } as const;

describe('a new street office in a real browser', () => {
  beforeAll(async () => {
    ({ app, browser, page } = await startSuite(['new-city-failure.png'], pageErrors));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('goes from files to a published plan', async () => {
    onTestFailed(() => reportFailure(page, app, pageErrors, 'new-city-failure.png'));
    await openAs('admin', DEMO_PASSWORD);
    await page.getByTestId('admin-open').click();
    await page.getByTestId('admin-tab-places').click();
    const places = page.getByTestId('places-tab');
    for (const [level, parent, code, name] of [['county', '', '310115', '浦东新区'], ['town', '310115', '310115004', '潍坊新村街道']] as const) {
      await chooseOption(page, 'place-level', LEVEL_WORDS[level], places);
      if (parent) await chooseOption(page, 'place-parent', new RegExp(`${parent}$`), places);
      await places.getByTestId('place-code').fill(code);
      await places.getByTestId('place-name').fill(name);
      await places.getByTestId('place-create').click();
      await expect.poll(() => places.getByTestId('place-created').innerText(), { timeout: 10_000 }).toContain(code);
    }

    await page.getByTestId('admin-tab-imports').click();
    const panel = page.getByTestId('import-panel');
    await expect.poll(async () => (await optionLabels(page, 'import-jurisdiction', panel)).includes('潍坊新村街道'), { timeout: 20_000 }).toBe(true);
    for (const kind of ['jurisdictions', 'buildings', 'roads'] as const) {
      const n = NEW_CITY_FILES[kind].features.length;
      await chooseOption(page, 'import-kind', zhCN.imports.kinds[kind], panel);
      await chooseOption(page, 'import-jurisdiction', /310115004$/, panel);
      await panel.getByTestId('import-file').setInputFiles(file(kind));
      await panel.getByTestId('import-check').click();
      await expect.poll(() => panel.getByTestId('import-report').innerText(), { timeout: 20_000 }).toContain(`检查通过：${n} 个要素`);
      await panel.getByTestId('import-run').click();
      await expect.poll(() => panel.getByTestId('import-report').innerText(), { timeout: 20_000 }).toContain(`已导入：${n} 个要素`);
    }
    await page.getByTestId('admin-tab-places').click();
    await chooseOption(page, 'place-pick', /310115004$/, places);
    const town = await placeId('310115004');
    const steps = places.getByTestId('place-steps');
    await expect.poll(() => steps.locator('[data-step="buildings"]').getAttribute('data-done'), { timeout: 10_000 }).toBe('true');
    for (const step of ['boundary', 'communities', 'roads']) expect(await steps.locator(`[data-step="${step}"]`).getAttribute('data-done'), step).toBe('true');
    await shot('new-city-checklist.png');

    // the planner of the new street office (created as the admin console would: its UI is tested in admin.browser.test.ts)
    const created = await call('POST', '/api/admin/users', {
      username: 'planner.weifang', displayName: '潍坊规划员', password: 'Weifang-plan-2026', grants: [{ role: 'planner', jurisdictionId: Number(town) }],
    });
    expect(created.status).toBe(201);
    await page.getByTestId('admin-close').click();
    await signOut(page);

    await openAs('planner.weifang', 'Weifang-plan-2026');
    await page.locator('[data-map-idle="true"]').first().waitFor({ timeout: 30_000 });
    const center = await page.evaluate(() => (window as unknown as { __wanggeMap: { getCenter(): { lng: number; lat: number } } }).__wanggeMap.getCenter());
    expect(center.lng).toBeCloseTo(X0 + S, 1);
    expect(center.lat).toBeCloseTo(Y0 + S / 2, 1);
    await page.locator('[data-view="plans"]').click();
    await page.getByTestId('plan-list').waitFor({ timeout: 30_000 });
    await chooseOption(page, 'plan-jurisdiction', /潍坊1村/);
    await page.getByTestId('plan-create').click();
    await page.locator('[data-testid="plan-map"][data-studio-ready="true"][data-map-idle="true"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-tool="auto"]').click();
    await page.getByTestId('auto-run').click();
    await expect.poll(() => page.getByTestId('auto-compare').locator('[data-testid^="auto-show-"]').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('auto-accept-0').click();
    await expect.poll(() => page.getByTestId('plan-publishable').getAttribute('class'), { timeout: 30_000 }).toContain('ok');
    expect(await page.getByTestId('summary-hard').textContent()).toBe('0');
    // the accepted grids are drawn, neighbours in different colours
    await expect.poll(() => page.evaluate(() => {
      const fs = (window as unknown as { __wanggeMap: { queryRenderedFeatures(o: unknown): { properties: { code: string; color: number } }[] } })
        .__wanggeMap.queryRenderedFeatures({ layers: ['plan-grids-fill'] });
      return new Set(fs.map((f) => `${f.properties.code}:${f.properties.color}`)).size;
    }), { timeout: 20_000 }).toBe(2);
    await shot('new-city-studio.png');
    await page.getByTestId('workflow-submit').click();
    await page.getByTestId('workflow-confirm').click();
    await expect.poll(() => page.getByTestId('plan-status').textContent(), { timeout: 20_000 }).toContain('审核');
    const planId = Number(((await call('GET', '/api/plans')).body as { plans: { id: number; status: string }[] }).plans.find((p) => p.status === 'review')!.id);
    await signOut(page);

    await openAs('admin', DEMO_PASSWORD);
    const plan = (await call('GET', `/api/plans/${planId}`)).body as { plan: { version: number } };
    expect((await call('POST', `/api/plans/${planId}/approve`, { version: plan.plan.version })).status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const published = await call('POST', `/api/plans/${planId}/publish`, { version: plan.plan.version + 1, validFrom: today });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
