import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../server/test/db.ts';
import { missingBrowserPackages, MissingBrowserError } from './browser-deps.ts';
import { ROOT } from './harness.ts';

// The browser tests' harness (issue 9, point 8): what it needs is named, and a server it started
// never outlives the test process.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('browser test harness', () => {
  it('finds Chromium and CJK fonts here (global setup installed them if they were missing)', () => {
    expect(missingBrowserPackages()).toEqual([]);
  });

  it('names the packages to install in one message', () => {
    const err = new MissingBrowserError(['chromium', 'fonts-noto-cjk']);
    expect(err.message).toContain('apt-get install chromium fonts-noto-cjk');
  });

  it('a server started with WANGGE_EXIT_WITH_STDIN stops when its parent goes away', async () => {
    const server = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/index.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.url, WANGGE_DEMO: 'off', WANGGE_EXIT_WITH_STDIN: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    server.stdout.on('data', (d: Buffer) => (out += d.toString()));
    server.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!/is running at/.test(out) && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    expect(out).toMatch(/is running at/);
    // what the parent's death does to the pipe
    server.stdin.end();
    const code = await Promise.race([new Promise((r) => server.once('exit', (c) => r(c))), new Promise((r) => setTimeout(() => r('still running'), 20_000))]);
    if (code === 'still running') server.kill('SIGKILL');
    expect(code).toBe(0);
    expect(out).toMatch(/stdin closed: shutting down/);
  }, 90_000);
});
