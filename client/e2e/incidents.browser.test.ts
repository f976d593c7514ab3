import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { openSql } from '../../server/src/db/connect.ts';
import { hashPassword } from '../../server/src/features/auth/auth.service.ts';
import { zhCN } from '../src/i18n/zh-CN.ts';
import { chooseOption } from './kit.ts';
import { reportFailure, type RunningApp, saveShot, signIn, startSuite } from './harness.ts';

// The incident loop in the UI (issue 11): a grid leader reports on a phone by picking the place on the
// map and passes it up; the community manager accepts and dispatches to a department; the department
// starts and feeds back; the grid leader verifies and closes. Each step is seen in the list, the detail
// and the timeline, in Chinese, at 390 × 844 and 1920 × 1080.
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1920, height: 1080 };
const DEPARTMENT = '学院路街道城管执法队（测试）';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page | undefined;
const pageErrors: string[] = [];
let incidentId = 0;
const RAW_KEY = new RegExp(`\\b(?:${Object.keys(zhCN).join('|')})\\.[a-zA-Z][\\w.]*`);

async function as(username: string, viewport: { width: number; height: number }) {
  await page?.context().close();
  const phone = viewport.width < 500;
  const context = await browser!.newContext({ viewport, locale: 'zh-CN', ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(app!.baseUrl, { waitUntil: 'domcontentloaded' });
  await signIn(page, username, DEMO_PASSWORD);
  await page.locator('nav.view-tabs [data-view="incidents"]').click();
  await page.getByTestId('incident-list').waitFor({ timeout: 30_000 });
  return page;
}

/** Opens our case from the list and waits for its detail. */
async function openCase(p: Page) {
  await p.getByTestId(`incident-${incidentId}`).click({ timeout: 30_000 });
  await p.getByTestId('incident-detail').waitFor();
}

const status = (p: Page) => p.getByTestId('incident-status').innerText();

async function speaksChinese(p: Page) {
  const { scrollWidth, innerWidth, text } = await p.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth, text: document.body.innerText }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  expect(text).not.toMatch(RAW_KEY);
  expect(pageErrors).toEqual([]);
}

function begin() {
  onTestFailed(() => reportFailure(page, app, pageErrors, 'incidents-failure.png'));
}

describe('the incident loop in the UI', () => {
  beforeAll(async () => {
    let first: Page;
    ({ app, browser, page: first } = await startSuite(['incidents-failure.png'], pageErrors));
    await first.context().close();
    page = undefined;
    const sql = openSql(app.dbUrl, 1);
    try {
      const [d] = await sql`insert into department (jurisdiction_id, region_code, name, kind, phone)
        select id, region_code, ${DEPARTMENT}, 'sanitation', '010-00000000' from jurisdiction where code = '110108010' returning id`;
      const [u] = await sql`insert into app_user (username, display_name, password_hash) values ('dept.e2e', '钱峰（城管队员）', ${await hashPassword(DEMO_PASSWORD)}) returning id`;
      await sql`insert into department_member (department_id, user_id) values (${d!.id}, ${u!.id})`;
    } finally {
      await sql.end();
    }
  }, 240_000);

  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('a grid leader reports on a phone by picking the place on the map, then passes it to the community', async () => {
    begin();
    const p = await as('leader.furun1', PHONE);
    await p.getByTestId('incident-report').tap();
    // the form starts by asking for the place: on a phone the map takes the screen, waiting for a tap
    await p.locator('.pick-hint').waitFor({ timeout: 30_000 });
    expect(await p.getByTestId('report-form').isVisible()).toBe(false);
    const own = await p.evaluate(async () => ((await (await fetch('/api/map')).json()) as { ownGrids: { bbox: number[] }[] }).ownGrids[0]!.bbox);
    await p.locator('[data-testid="incident-map"][data-incident-map-ready="true"]').waitFor({ timeout: 60_000 });
    await p.evaluate((b) => window.__wanggeMap!.fitBounds(b as [number, number, number, number], { duration: 0, padding: 40 }), own);
    const canvas = (await p.getByTestId('incident-map').boundingBox())!;
    await saveShot(p, 'incidents-0-pick-phone.png');
    await p.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    // the place chosen, the form comes back
    await p.getByTestId('report-form').waitFor({ timeout: 10_000 });
    await expect.poll(() => p.getByTestId('report-place').innerText()).toMatch(/\d+\.\d{5}, \d+\.\d{5}/);
    await p.getByTestId('report-category').fill('暴露垃圾');
    await p.getByTestId('report-category-options').getByRole('option').filter({ hasText: '暴露垃圾' }).first().click({ timeout: 20_000 });
    await p.getByTestId('report-description').fill('3号楼东侧绿地堆放装修垃圾，约两立方米');
    // a photo taken on the spot (a real JPEG made here), uploaded once the case exists
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#7a8a5a' } }).jpeg().toBuffer();
    await p.getByTestId('photo-input').setInputFiles({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await p.locator('.photo-picker .thumbs img').waitFor();
    await saveShot(p, 'incidents-1-report-phone.png');
    await p.getByTestId('report-submit').tap();
    await p.getByTestId('incident-detail').waitFor({ timeout: 30_000 });
    expect(await status(p)).toBe(zhCN.incidents.statuses.reported);
    await expect.poll(() => p.locator('.photos img').count(), { timeout: 20_000 }).toBe(1);
    incidentId = Number(/(\d+)/.exec(await p.locator('.detail-head .muted').innerText())![1]);
    expect(incidentId).toBeGreaterThan(0);
    await p.getByTestId('action-escalate').tap();
    await p.getByTestId('action-note').fill('垃圾量大，需社区协调清运');
    await p.getByTestId('action-confirm').tap();
    await expect.poll(() => p.locator('.timeline li[data-action="escalate"]').count(), { timeout: 20_000 }).toBe(1);
    await speaksChinese(p);
    await saveShot(p, 'incidents-2-escalated-phone.png');
  }, 240_000);

  it('the community manager accepts and dispatches to a department, at 1920 × 1080', async () => {
    begin();
    const p = await as('manager.furun', DESKTOP);
    await openCase(p);
    await p.getByTestId('action-accept').click();
    await expect.poll(() => status(p), { timeout: 20_000 }).toBe(zhCN.incidents.statuses.accepted);
    await p.getByTestId('action-dispatch').click();
    await chooseOption(p, 'action-assignee', DEPARTMENT);
    await p.getByTestId('action-confirm').click();
    await expect.poll(() => status(p), { timeout: 20_000 }).toBe(zhCN.incidents.statuses.dispatched);
    expect(await p.getByTestId('incident-assignee').innerText()).toBe(DEPARTMENT);
    // the manager may still shelve it, so the panel must not also say there is nothing to do
    expect(await p.getByTestId('action-shelve').count()).toBe(1);
    expect(await p.getByTestId('incident-detail').locator('section.actions').innerText()).not.toContain(zhCN.incidents.detail.noActions);
    await speaksChinese(p);
    await saveShot(p, 'incidents-3-dispatched-desktop.png');
  }, 240_000);

  it('the department starts and feeds back', async () => {
    begin();
    const p = await as('dept.e2e', DESKTOP);
    await openCase(p);
    await p.getByTestId('action-start').click();
    await expect.poll(() => status(p), { timeout: 20_000 }).toBe(zhCN.incidents.statuses.handling);
    await p.getByTestId('action-feed_back').click();
    await p.getByTestId('action-note').fill('已清运完毕，现场恢复');
    await p.getByTestId('action-confirm').click();
    await expect.poll(() => status(p), { timeout: 20_000 }).toBe(zhCN.incidents.statuses.fed_back);
    await speaksChinese(p);
  }, 240_000);

  it('the grid leader verifies on site and closes it; the timeline tells the whole loop', async () => {
    begin();
    const p = await as('leader.furun1', PHONE);
    await openCase(p);
    await p.getByTestId('action-verify').tap();
    await p.getByTestId('action-note').fill('现场核查：已清理干净');
    await p.getByTestId('action-confirm').tap();
    await expect.poll(() => status(p), { timeout: 20_000 }).toBe(zhCN.incidents.statuses.closed);
    const steps = await p.locator('.timeline li').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(steps).toEqual(['report', 'escalate', 'accept', 'dispatch', 'start', 'feed_back', 'verify']);
    await speaksChinese(p);
    await saveShot(p, 'incidents-4-closed-phone.png');
  }, 240_000);

  it('the public page shows the closed case without personal data; indicators count it and the heatmap draws it', async () => {
    begin();
    await page?.context().close();
    const anon = await (await browser!.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true })).newPage();
    page = anon;
    anon.on('pageerror', (err) => pageErrors.push(err.message));
    await anon.goto(`${app!.baseUrl}/public/incidents`, { waitUntil: 'domcontentloaded' });
    await anon.getByTestId('public-cases').waitFor({ timeout: 30_000 });
    await expect.poll(() => anon.getByTestId('public-cases').innerText(), { timeout: 20_000 }).toContain('暴露垃圾');
    const text = await anon.locator('body').innerText();
    for (const secret of ['王磊', '钱峰', '3号楼东侧绿地', '已清运完毕', '139 0000', '13900000102']) expect(text).not.toContain(secret);
    await saveShot(anon, 'incidents-5-public-phone.png');

    const p = await as('manager.furun', DESKTOP);
    await p.getByTestId('incident-stats').click();
    await p.getByTestId('incident-indicators').waitFor();
    await expect.poll(async () => Number(await p.locator('[data-kpi="reported"] dd').innerText().catch(() => '0')), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(async () => Number(await p.locator('[data-kpi="closed"] dd').innerText().catch(() => '0')), { timeout: 20_000 }).toBeGreaterThan(0);
    await saveShot(p, 'incidents-6-indicators-desktop.png');
    await p.getByRole('button', { name: zhCN.incidents.stats.toList }).click();
    await openCase(p);
    await p.getByTestId('heatmap-toggle').check();
    // at z16 the heatmap's tiles carry single cases: ours is among them
    await p.evaluate((id) => {
      const m = window.__wanggeMap!;
      const f = m.querySourceFeatures('incident-points').find((x) => Number(x.properties.id) === id);
      if (f) m.jumpTo({ center: (f.geometry as unknown as { coordinates: [number, number] }).coordinates, zoom: 16 });
    }, incidentId);
    await expect.poll(() => p.evaluate((id) => window.__wanggeMap!.querySourceFeatures('incident-heat', { sourceLayer: 'incidents' })
      .some((f) => Number(f.properties.id) === id), incidentId), { timeout: 30_000 }).toBe(true);
    await p.evaluate(() => window.__wanggeMap!.jumpTo({ zoom: 13 }));
    await expect.poll(() => p.evaluate(() => window.__wanggeMap!.querySourceFeatures('incident-heat', { sourceLayer: 'incident_cells' }).length), { timeout: 30_000 }).toBeGreaterThan(0);
    await p.locator('[data-testid="incident-map"][data-map-idle="true"]').waitFor({ timeout: 30_000 });
    await speaksChinese(p);
    await saveShot(p, 'incidents-7-heatmap-desktop.png');
  }, 240_000);
});
