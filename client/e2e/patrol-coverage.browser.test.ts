import type { Browser, Page } from 'playwright-core';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../data/seed/accounts.ts';
import { openSql } from '../../server/src/db/connect.ts';
import { addDays, dayOf } from '../../server/src/features/coverage/coverage.domain.ts';
import { markCoverageStale } from '../../server/src/features/coverage/coverage.repo.ts';
import { STATE_COLORS } from '../src/features/coverage/coverage.ts';
import { zhCN } from '../src/i18n/zh-CN.ts';
import { reportFailure, type RunningApp, saveShot, startSuite } from './harness.ts';
import { apiSession } from './residents-fixtures.ts';
import { signedInPage } from './signed-in.ts';
import { communityGrids, largestPlacing, pointsInside, type CommunityGrid } from './patrol-coverage-fixtures.ts';
import { limerickTrack, osmandQuery, placeShape, retime, thin, unitShape, type LonLat, type ReplayFix } from './replayed-track.ts';

// Issue 12's end-to-end patrol: a recorded track (the Limerick 304 bus, moved and shrunk into a grid of 富润社区 that
// nobody has walked today: 王磊's own, the community's most populous, unless the demo's synthetic month already walked
// it today, else the next) is sent fix by fix to /gps/osmand exactly as Traccar Client sends it, for a phone an admin
// bound to the grid leader 王磊. The community manager's 巡查覆盖 view, open all along, shows his live position
// arrive and move without a reload; after the figures are refreshed from the view's own date control, the grid
// is patrolled in the list and on the map, and its patrols list the Traccar walk. At 1920 × 1080, then 390 × 844.
const FURUN = '110108010031';
const DESKTOP = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };
/** Seconds between two fixes, and the shortest step a fix is sent for (hygiene sets aside moves under 8 m). */
const STEP_S = 3;
const MIN_STEP_M = 9;
/** How often (in fixes) the view is checked to show the worker where the last fix put him. */
const CHECK_EVERY = 4;
const SHOTS = ['patrol-coverage-failure.png'];
const LEADER_NAME = DEMO_ACCOUNTS.find((a) => a.username === 'leader.furun1')!.displayName;
const RAW_KEY = new RegExp(`\\b(?:${Object.keys(zhCN).join('|')})\\.[a-zA-Z][\\w.]*`);

let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page | undefined;
let sql: Sql | undefined;
const pageErrors: string[] = [];

interface DayGrid { gridCode: string; patrolled: boolean; minutesInside: number }

/** The community manager's 巡查覆盖 view in a page of its own, its map ready and its figures in. */
async function managerCoverage(viewport: { width: number; height: number }) {
  page = await signedInPage(browser!, app!.baseUrl, 'manager.furun', viewport, pageErrors);
  await page.locator('nav.view-tabs [data-view="coverage"]').click();
  await page.locator('[data-testid="coverage-map"][data-coverage-map-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
  await page.getByTestId('coverage-totals').waitFor({ timeout: 30_000 });
  return page;
}

const idle = (p: Page) => p.waitForSelector('[data-testid="coverage-map"][data-map-idle="true"]', { state: 'attached', timeout: 60_000 });

/** Frames the grid as a person zooming in on it would, and waits for the map to be drawn. */
async function frame(p: Page, bbox: CommunityGrid['bbox']) {
  await p.evaluate((b) => window.__wanggeMap!.fitBounds(b, { padding: 60, duration: 0 }), bbox);
  await idle(p);
}

/** Where the live layer's source puts a worker now, or null when it does not show them. */
const livePosition = (p: Page, userId: number) => p.evaluate(async (id) => {
  const source = window.__wanggeMap!.getSource('coverage-live') as unknown as { getData: () => Promise<GeoJSON.FeatureCollection<GeoJSON.Point>> };
  const f = (await source.getData()).features.find((x) => x.properties?.userId === id);
  return f ? { lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]!, stale: Boolean(f.properties?.stale) } : null;
}, userId);

/** The worker's live marker as drawn on the screen (the rendered circle), or null. */
const drawnMarker = (p: Page, userId: number) => p.evaluate((id) => {
  const f = window.__wanggeMap!.queryRenderedFeatures({ layers: ['coverage-live'] }).find((x) => x.properties.userId === id);
  return f ? { name: String(f.properties.name), label: String(f.properties.label) } : null;
}, userId);

/** The fill colour the map draws the grid in at a point of it (the evaluated paint of the rendered feature), as #RRGGBB. */
const colourAt = (p: Page, code: string, at: { lon: number; lat: number }) => p.evaluate(([c, lon, lat]) => {
  const m = window.__wanggeMap!;
  const f = m.queryRenderedFeatures(m.project([lon as number, lat as number]), { layers: ['grids-fill'] }).find((x) => String(x.properties.code) === c);
  const col = (f?.layer as { paint?: Record<string, { r: number; g: number; b: number }> } | undefined)?.paint?.['fill-color'];
  return col ? `#${[col.r, col.g, col.b].map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('').toUpperCase()}` : null;
}, [code, at.lon, at.lat] as const);

const gridRow = (p: Page, code: string) => p.locator(`[data-testid="coverage-grid-row"][data-code="${code}"]`);
/** "n / total" of the grids patrolled on the chosen day, from the totals. */
const patrolledCount = async (p: Page) => Number(/(\d+)\s*\/\s*\d+/.exec(await p.getByTestId('coverage-totals').locator('dd').first().innerText())?.[1] ?? NaN);

/** A point of the page inside the grid, clear of the live markers (searched on a lattice over the map), or null. */
const pointInGrid = (p: Page, code: string) => p.evaluate((wanted) => {
  const m = window.__wanggeMap!;
  const r = m.getCanvas().getBoundingClientRect();
  for (let i = 3; i < 22; i++) {
    for (let j = 3; j < 22; j++) {
      const x = (r.width * i) / 24;
      const y = (r.height * j) / 24;
      const top = m.queryRenderedFeatures([x, y], { layers: ['grids-fill'] })[0];
      const near = m.queryRenderedFeatures([[x - 24, y - 24], [x + 24, y + 24]], { layers: ['coverage-live', 'coverage-live-label'] });
      if (top && String(top.properties.code) === wanted && !near.length) return { x: r.left + x, y: r.top + y };
    }
  }
  return null;
}, code);

async function speaksChinese(p: Page) {
  const { scrollWidth, innerWidth, text } = await p.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth, text: document.body.innerText }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  expect(text).not.toMatch(RAW_KEY);
  expect(pageErrors).toEqual([]);
}

/** The grid the walk goes through: the leader's own (the community's most households) unless the demo walked it today, else the next not walked. */
async function chooseGrid(day: string) {
  const leader = await apiSession(app!.baseUrl, 'leader.furun1', DEMO_PASSWORD);
  const leaderId = (await leader.call<{ user: { id: number } }>('GET', '/api/auth/me')).user.id;
  const own = (await leader.call<{ ownGrids: { code: string }[] }>('GET', '/api/map')).ownGrids.map((g) => g.code);
  const grids = await communityGrids(sql!, FURUN, day);
  expect(own).toEqual([grids[0]!.code]);
  const manager = await apiSession(app!.baseUrl, 'manager.furun', DEMO_PASSWORD);
  const before = (await manager.call<{ grids: DayGrid[] }>('GET', `/api/coverage?jurisdiction=${FURUN}&date=${day}`)).grids;
  const walked = new Set(before.filter((g) => g.patrolled).map((g) => g.gridCode));
  const target = grids.find((g) => !walked.has(g.code) && g.radiusM >= 25);
  expect(target, `every grid of ${FURUN} was walked today in the demo`).toBeDefined();
  // nobody walked it today: what the view shows after the replay is the replay's doing
  expect(before.find((g) => g.gridCode === target!.code)).toMatchObject({ patrolled: false, minutesInside: 0 });
  console.log(`[patrol-coverage] the walk goes through ${target!.code} (${target!.households} households${target === grids[0] ? ', 王磊\'s own grid' : `; 王磊's ${grids[0]!.code} was walked today in the demo`})`);
  return { leaderId, target: target!, patrolledBefore: walked.size };
}

/** Binds a Traccar Client phone (its device identifier, as the app shows it) to the worker, as an admin does. */
async function bindTraccar(workerId: number) {
  const admin = await apiSession(app!.baseUrl, 'admin', DEMO_PASSWORD);
  const identifier = String(100_000 + Math.floor(Math.random() * 900_000));
  const made = await admin.call<{ identifier: string }>('POST', '/api/devices', { userId: workerId, protocol: 'osmand', identifier });
  expect(made.identifier).toBe(identifier);
  return identifier;
}

/** Sends a fix as Traccar Client does: GET /gps/osmand with the query string; 200 and an empty body once stored. */
async function sendFix(identifier: string, fix: ReplayFix) {
  const res = await fetch(`${app!.baseUrl}/gps/osmand?${osmandQuery(identifier, fix)}`, { headers: { 'user-agent': 'Traccar Client' } });
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('');
}

/** The walk's steps in the grid: the recorded track placed as large as it fits inside, in a walker's steps. */
async function stepsFor(day: string, grid: CommunityGrid) {
  const track = limerickTrack();
  // the fit is worked out on the track thinned to 60 m steps (in Limerick), and placed a little smaller
  const { circle, rotationDeg } = await largestPlacing(sql!, day, grid, unitShape(thin(track, 60)));
  const steps = thin(placeShape(unitShape(track), { ...circle, radiusM: 0.95 * circle.radiusM }, rotationDeg), MIN_STEP_M);
  expect(steps.length).toBeGreaterThanOrEqual(15);
  expect(await pointsInside(sql!, day, grid.code, steps)).toBe(steps.length);
  console.log(`[patrol-coverage] ${steps.length} fixes in ${grid.code}, the track ${Math.round(2 * circle.radiusM)} m across turned ${rotationDeg}°`);
  return steps;
}

/** Sends the walk fix by fix; every few fixes (and at the last) the view must show the worker there, the page never reloaded. */
async function replay(p: Page, identifier: string, workerId: number, fixes: readonly ReplayFix[]) {
  const seen: string[] = [];
  for (const [i, fix] of fixes.entries()) {
    await sendFix(identifier, fix);
    if (i % CHECK_EVERY !== 0 && i !== fixes.length - 1) continue;
    await expect.poll(async () => {
      const at = await livePosition(p, workerId);
      return at !== null && Math.abs(at.lon - fix.lon) < 1e-6 && Math.abs(at.lat - fix.lat) < 1e-6;
    }, { timeout: 20_000 }).toBe(true);
    seen.push(`${fix.lon.toFixed(6)},${fix.lat.toFixed(6)}`);
    if (seen.length === 3) await saveShot(p, 'patrol-coverage-1-live-desktop.png');
  }
  // it moved: each checkpoint showed the worker somewhere new
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.length).toBeGreaterThanOrEqual(3);
  expect(await p.evaluate(() => (window as unknown as { __sameDocument?: string }).__sameDocument)).toBe('patrol-coverage');
}

/** The user's refresh: the date control to yesterday and back to today, as a person looks again. */
async function refreshFromDateControl(p: Page, day: string) {
  const date = p.getByTestId('coverage-date');
  await date.fill(addDays(day, -1));
  await expect.poll(() => date.inputValue()).toBe(addDays(day, -1));
  await date.fill(day);
  await expect.poll(() => date.inputValue()).toBe(day);
}

/** Before the walk: the grid among those not patrolled today and not painted as patrolled, 王磊 not where the walk begins. */
async function expectNotYetWalked(p: Page, grid: CommunityGrid, patrolledBefore: number, leaderId: number, first: LonLat) {
  expect(await gridRow(p, grid.code).getAttribute('data-state')).toMatch(/^(recent|stale|never)$/);
  expect(await colourAt(p, grid.code, grid)).not.toBe(STATE_COLORS.day);
  expect(await patrolledCount(p)).toBe(patrolledBefore);
  const start = await livePosition(p, leaderId);
  expect(start === null || Math.abs(start.lon - first.lon) > 1e-6 || Math.abs(start.lat - first.lat) > 1e-6).toBe(true);
}

/** After the refresh: the grid gone from the list of grids not patrolled today, one more patrolled, painted as patrolled. */
async function expectWalked(p: Page, grid: CommunityGrid, patrolledBefore: number) {
  await gridRow(p, grid.code).waitFor({ state: 'detached', timeout: 30_000 });
  await expect.poll(() => patrolledCount(p), { timeout: 30_000 }).toBe(patrolledBefore + 1);
  await idle(p);
  await expect.poll(() => colourAt(p, grid.code, grid), { timeout: 30_000 }).toBe(STATE_COLORS.day);
}

/** The grid, clicked on the map, lists the walk: 王磊's, from Traccar, every fix kept. */
async function expectTraccarPatrol(p: Page, grid: CommunityGrid, fixes: number) {
  const at = await pointInGrid(p, grid.code);
  expect(at).not.toBeNull();
  await p.mouse.click(at!.x, at!.y);
  const card = p.getByTestId('coverage-patrol').filter({ hasText: zhCN.coverage.sources.osmand });
  await card.first().waitFor({ timeout: 30_000 });
  expect(await card.count()).toBe(1);
  const text = await card.innerText();
  expect(text).toContain(LEADER_NAME);
  expect(text).toContain(`${fixes} / ${fixes} 个定位点`);
}

/** On a phone: the list without the grid, then the map with the grid patrolled and 王磊 on it. */
async function expectOnPhone(grid: CommunityGrid, patrolledBefore: number, leaderId: number) {
  const phone = await managerCoverage(PHONE);
  await phone.getByTestId('coverage-grid-row').first().waitFor({ timeout: 30_000 });
  expect(await gridRow(phone, grid.code).count()).toBe(0);
  await expect.poll(() => patrolledCount(phone)).toBe(patrolledBefore + 1);
  await saveShot(phone, 'patrol-coverage-4-list-phone.png');
  await phone.getByTestId('coverage-phone-switch').tap();
  await frame(phone, grid.bbox);
  expect(await colourAt(phone, grid.code, grid)).toBe(STATE_COLORS.day);
  await expect.poll(() => drawnMarker(phone, leaderId), { timeout: 30_000 }).toMatchObject({ name: LEADER_NAME });
  await saveShot(phone, 'patrol-coverage-5-map-phone.png');
  await speaksChinese(phone);
}

describe('a recorded track replayed through the Traccar endpoint', () => {
  beforeAll(async () => {
    let first: Page;
    ({ app, browser, page: first } = await startSuite(SHOTS, pageErrors));
    await first.context().close();
    sql = openSql(app.dbUrl, 2);
  }, 300_000);

  afterAll(async () => {
    await page?.context().close();
    await sql?.end({ timeout: 5 });
    await browser?.close();
    await app?.stop();
  }, 60_000);

  it('shows the leader live on the manager\'s map, moving, then his grid patrolled in the list and on the map', async () => {
    onTestFailed(() => reportFailure(page, app, pageErrors, SHOTS[0]!));
    const day = dayOf(new Date());
    const { leaderId, target, patrolledBefore } = await chooseGrid(day);
    const identifier = await bindTraccar(leaderId);
    const steps = await stepsFor(day, target);

    const p = await managerCoverage(DESKTOP);
    await p.evaluate(() => ((window as unknown as { __sameDocument?: string }).__sameDocument = 'patrol-coverage'));
    expect(await p.getByTestId('coverage-live').locator('input').isChecked()).toBe(true);
    await frame(p, target.bbox);
    await expectNotYetWalked(p, target, patrolledBefore, leaderId, steps[0]!);

    // re-timed to end just now, a few seconds apart
    const fixes = retime(steps, new Date(), STEP_S);
    await replay(p, identifier, leaderId, fixes);
    await idle(p);
    expect(await drawnMarker(p, leaderId)).toMatchObject({ name: LEADER_NAME, label: expect.stringContaining(`${LEADER_NAME.replace('（', '(').replace('）', ')')}\n`) });
    expect((await livePosition(p, leaderId))?.stale).toBe(false);

    // today's figures are kept a minute (policy freshSeconds): make them that old, as a late upload of the day would
    expect(await markCoverageStale(sql!, [day])).toBeGreaterThan(0);
    await refreshFromDateControl(p, day);
    await expectWalked(p, target, patrolledBefore);
    await saveShot(p, 'patrol-coverage-2-patrolled-desktop.png');
    await speaksChinese(p);
    await expectTraccarPatrol(p, target, fixes.length);
    await saveShot(p, 'patrol-coverage-3-patrols-desktop.png');
    await p.context().close();
    page = undefined;

    await expectOnPhone(target, patrolledBefore, leaderId);
  }, 300_000);
});
