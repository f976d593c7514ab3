import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../../../client/e2e/harness.ts';
import { DEMO_PASSWORD } from '../../../../data/seed/accounts.ts';
import { demoWanted } from '../../db/boot.ts';
import { openSql } from '../../db/connect.ts';
import { createJurisdictions, square } from '../../../test/factories.ts';

// Issue 8, point 16: a production deployment starts without the demo and its shared-password
// accounts, says how to create the first admin, and that admin must replace the one-time password.
const root = join(import.meta.dirname, '..', '..', '..', '..');
let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ NODE_ENV: 'production', WANGGE_DEMO: '' });
}, 180_000);
afterAll(() => app?.stop(), 60_000);

const login = (username: string, password: string) =>
  fetch(`${app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

async function createAdmin(...args: string[]) {
  const run = promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'server/src/features/admin/admin.cli.ts'), ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: app.dbUrl }, timeout: 60_000,
  });
  return run.then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
}

describe('first run of a deployment', () => {
  it('loads the demo only when asked: on in development, off under NODE_ENV=production', () => {
    expect(demoWanted({})).toBe(true);
    expect(demoWanted({ NODE_ENV: 'production' })).toBe(false);
    expect(demoWanted({ NODE_ENV: 'production', WANGGE_DEMO: 'on' })).toBe(true);
    expect(demoWanted({ WANGGE_DEMO: 'off' })).toBe(false);
  });

  it('starts in production without the demo district or its accounts and says how to create an admin', async () => {
    expect((await login('admin', DEMO_PASSWORD)).status).toBe(401);
    expect(await (await fetch(`${app.baseUrl}/api/jurisdictions`)).json()).toEqual({ tree: [] });
    expect(app.log()).toContain('npm run create-admin -- <username> --jurisdiction');
  });

  it('creates the first admin from the command line, whose one-time password must be changed first', async () => {
    expect(await createAdmin('x')).toMatchObject({ code: 2 });
    expect(await createAdmin('chief', '--jurisdiction', '310115')).toMatchObject({ code: 1, stderr: expect.stringMatching(/No jurisdiction 310115: import it first/) });
    const sql = openSql(app.dbUrl, 1);
    const { countyId } = await createJurisdictions(sql, { wkt: square(121.5, 31.2, 0.02) });
    const [county] = await sql`select code from jurisdiction where id = ${countyId}`;
    const made = await createAdmin('chief', '--jurisdiction', String(county!.code), '--name', '浦东 管理员');
    expect(made.code).toBe(0);
    const password = /Temporary password.*: (\S+)/.exec(made.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(await createAdmin('chief', '--jurisdiction', String(county!.code))).toMatchObject({ code: 1, stderr: expect.stringMatching(/taken/) });
    const res = await login('chief', password);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ mustChangePassword: true, roles: [{ role: 'admin', scope: { jurisdiction: { id: countyId } } }] });
    const [audit] = await sql`select details from audit_log where action = 'admin.user.create'`;
    expect(audit!.details).toMatchObject({ username: 'chief', via: 'cli' });
    await sql.end();
  }, 120_000);
});
