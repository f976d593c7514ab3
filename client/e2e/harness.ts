// The parts of a browser test that are not about the page: building the client, running the
// real server on a fresh database, and launching Debian's Chromium with software WebGL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createTestDatabase } from '../../server/test/db.ts';
import { launchChromium } from './browser-deps.ts';
import { ensureClientBuilt } from './build.ts';

export { ensureClientBuilt, launchChromium };

export const ROOT = join(import.meta.dirname, '..', '..');
export const RESULTS = join(ROOT, 'test-results');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, log: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${log()}`);
}

/** A running server on its own fresh database (migrated, Haidian demo and demo accounts loaded). */
export interface RunningApp {
  baseUrl: string;
  /** The server's database (a fresh copy, dropped by stop()). */
  dbUrl: string;
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the real server on a fresh database (it migrates and loads the demo as `npm start` does);
 * `env` adds to the server's environment; stop() ends it and drops the database.
 */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const db = await createTestDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const server = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/index.ts'], {
    cwd: ROOT,
    // the server ends when this process does, however it ends (its stdin pipe closes): a test run that
    // dies or is killed leaves no server behind
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, TIANDITU_KEY: '', WANGGE_BASEMAP_URL: '', WANGGE_EXIT_WITH_STDIN: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    await db.drop();
  };
  try {
    await waitForHealth(baseUrl, server, () => output, 150_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, dbUrl: db.url, log: () => output, stop };
}

/**
 * Starts a browser suite: clears failure pictures of earlier runs (so they are not mistaken for
 * this one's), starts the real server on a fresh database and Chromium with a desktop page.
 */
export async function startSuite(staleShots: readonly string[], pageErrors: string[]) {
  for (const old of staleShots) rmSync(join(RESULTS, old), { force: true });
  ensureClientBuilt();
  const app = await startApp();
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  try {
    browser = await launchChromium();
  } catch (err) {
    // the suite's afterAll never sees an app it was not given: stop it here
    await app.stop();
    throw err;
  }
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  // the server's Content-Security-Policy must not block anything the app does (workers, styles, tiles)
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
  });
  return { app, browser, page };
}

/** Signs in through the sign-in page (already open) and waits for the workspace header. */
export async function signIn(page: Page, username: string, password: string) {
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.getByTestId('login-form').locator('button[type="submit"]').click();
  await page.locator('header.app-header').waitFor({ timeout: 30_000 });
}

/** Signs out from the account menu and waits for the sign-in page. */
export async function signOut(page: Page) {
  await page.getByTestId('account-menu').locator('button.trigger').click();
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login-form').waitFor({ timeout: 20_000 });
}

/** Saves a screenshot of the page into test-results/ (never fails the test itself). */
export async function saveShot(page: Page | undefined, name: string) {
  mkdirSync(RESULTS, { recursive: true });
  await page?.screenshot({ path: join(RESULTS, name) }).catch(() => {});
}

/** What a failing browser test leaves behind: a screenshot, the page's errors and the server log's tail. */
export async function reportFailure(page: Page | undefined, app: RunningApp | undefined, pageErrors: readonly string[], shotName: string) {
  await saveShot(page, shotName);
  console.error(`page errors: ${pageErrors.join('\n') || 'none'}\nserver log (tail):\n${app?.log().slice(-3000)}`);
}
