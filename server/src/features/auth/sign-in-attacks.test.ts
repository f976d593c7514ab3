import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { readConfig } from '../../config.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createUser } from '../../../test/factories.ts';
import { createAuthRepo } from './auth.repo.ts';
import { createAuthService } from './auth.service.ts';

// Regression tests of the security review (issue 8): bursts, lockout, timing shape, per-address limits.
let db: TestDatabase;
const now = new Date('2026-06-01T02:00:00Z');
const clock = () => now;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

type App = ReturnType<typeof createApp>;
const newApp = (env: Record<string, string> = {}) => createApp({ sql: db.sql, clock, config: readConfig(env) });
/** A request as if it came from `ip` over a socket (Hono's node adapter passes the socket in env). */
const from = (ip: string, headers: Record<string, string> = {}) => ({ incoming: { socket: { remoteAddress: ip } }, headers });
const post = (app: App, path: string, body: unknown, ip: string, headers: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } }, from(ip));
const login = (app: App, username: string, password: string, ip: string, headers: Record<string, string> = {}) =>
  post(app, '/api/auth/login', { username, password }, ip, headers);

async function state(userId: number) {
  const [r] = await db.sql`select failed_logins, locked_until from app_user where id = ${userId}`;
  return { failures: Number(r!.failed_logins), lockedUntil: r!.locked_until as Date | null };
}
async function evaluatedFailures(userId: number) {
  const [r] = await db.sql`select count(*)::int as n from audit_log
    where user_id = ${userId} and action = 'login_failed' and details->>'locked' = 'false'`;
  return Number(r!.n);
}

describe('a burst of sign-in attempts on one account', () => {
  it('50 wrong passwords at once from 50 addresses: exactly 5 are checked, the lock is 15 minutes, the right one then fails', async () => {
    const u = await createUser(db.sql, {});
    const app = newApp();
    const res = await Promise.all(Array.from({ length: 50 }, (_, i) => login(app, u.username, `wrong-guess-${i}`, `198.51.100.${i + 1}`)));
    expect(res.map((r) => r.status)).toEqual(Array(50).fill(401));
    const s = await state(u.id);
    expect(s.failures).toBe(5);
    expect(s.lockedUntil!.getTime() - now.getTime()).toBe(15 * 60_000);
    expect(await evaluatedFailures(u.id)).toBe(5);
    expect((await login(app, u.username, u.password, '198.51.100.200')).status).toBe(401);
  }, 60_000);

  it('49 wrong and 1 right at once, three times: never more than the lock allows', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const u = await createUser(db.sql, {});
      const app = newApp();
      const attempts = Array.from({ length: 50 }, (_, i) => (i === 25 ? u.password : `wrong-guess-${i}`));
      const res = await Promise.all(attempts.map((p, i) => login(app, u.username, p, `203.0.113.${i + 1}`)));
      const succeeded = res[25]!.status === 200;
      expect(res.filter((r, i) => i !== 25 && r.status !== 401)).toEqual([]);
      // the right password resets the count; either way no more than 5 guesses can follow any reset
      const s = await state(u.id);
      expect(s.failures).toBeLessThanOrEqual(5);
      expect(await evaluatedFailures(u.id)).toBeLessThanOrEqual(succeeded ? 9 : 5);
      if (!succeeded) expect(s.failures).toBe(5);
    }
  }, 90_000);

  it('20 wrong passwords at once from one address lock for 15 minutes, not a day', async () => {
    const u = await createUser(db.sql, {});
    const app = newApp();
    const res = await Promise.all(Array.from({ length: 20 }, (_, i) => login(app, u.username, `wrong-guess-${i}`, '192.0.2.10')));
    expect(res.every((r) => r.status === 401)).toBe(true);
    const s = await state(u.id);
    expect(s.failures).toBe(5);
    expect(s.lockedUntil!.getTime() - now.getTime()).toBe(15 * 60_000);
  }, 60_000);
});

describe('what the answer and its timing tell', () => {
  it('slows an unknown name down exactly like an existing account, and answers both the same', async () => {
    const u = await createUser(db.sql, {});
    const repo = createAuthRepo(db.sql);
    const delays = (log: number[]) => createAuthService(repo, clock, { sleep: async (ms) => void log.push(ms) });
    const known: number[] = [];
    const unknown: number[] = [];
    const a = delays(known);
    const b = delays(unknown);
    const bodies: string[] = [];
    for (let i = 0; i < 7; i++) {
      for (const [svc, name] of [[a, u.username], [b, `ghost-${u.username}`]] as const) {
        const err = await svc.login({ username: name, password: `wrong-${i}`, ip: `10.9.${i}.1`, userAgent: null, previousSession: null }).catch((e: Error) => e);
        bodies.push(JSON.stringify(err));
      }
    }
    expect(known).toEqual([0, 0, 200, 400, 800, 1600, 1600]);
    expect(unknown).toEqual(known);
    expect(new Set(bodies).size).toBe(1);
    const [t] = await db.sql`select failed_logins, locked_until from login_throttle where username = ${`ghost-${u.username}`}`;
    expect(t).toMatchObject({ failed_logins: 5 });
  });
});

describe('limits per address', () => {
  it('counts only failures: a street office behind one NAT address signs in 40 times', async () => {
    const app = newApp();
    const users = await Promise.all(Array.from({ length: 4 }, () => createUser(db.sql, {})));
    for (let i = 0; i < 40; i++) {
      const u = users[i % 4]!;
      expect((await login(app, u.username, u.password, '100.64.0.1')).status).toBe(200);
    }
  }, 60_000);

  it('stops an address after 20 failures with 429 and Retry-After; other addresses are not affected', async () => {
    const app = newApp();
    const u = await createUser(db.sql, {});
    for (let i = 0; i < 20; i++) expect((await login(app, `nobody-${i}`, 'x-password-1', '100.64.0.2')).status).toBe(401);
    const blocked = await login(app, u.username, u.password, '100.64.0.2');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(await blocked.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await login(app, u.username, u.password, '100.64.0.3')).status).toBe(200);
  }, 60_000);

  it('takes the client address from X-Forwarded-For only from a trusted proxy', async () => {
    const u = await createUser(db.sql, {});
    // untrusted: the header is the client's own word, so every failure counts against the socket peer
    const plain = newApp();
    for (let i = 0; i < 20; i++) await login(plain, `nobody-${i}`, 'x-password-1', '127.0.0.1', { 'X-Forwarded-For': `198.18.0.${i}` });
    expect((await login(plain, u.username, u.password, '127.0.0.1', { 'X-Forwarded-For': '198.18.1.1' })).status).toBe(429);
    // behind a trusted proxy on loopback: failures of one client do not block another
    const proxied = newApp({ WANGGE_TRUSTED_PROXIES: 'loopback' });
    for (let i = 0; i < 20; i++) await login(proxied, `nobody-${i}`, 'x-password-1', '127.0.0.1', { 'X-Forwarded-For': '198.18.0.66' });
    expect((await login(proxied, u.username, u.password, '127.0.0.1', { 'X-Forwarded-For': '198.18.0.66' })).status).toBe(429);
    expect((await login(proxied, u.username, u.password, '127.0.0.1', { 'X-Forwarded-For': '198.18.0.67' })).status).toBe(200);
    const [row] = await db.sql`select ip from audit_log where user_id = ${u.id} and action = 'login' order by id desc limit 1`;
    expect(row!.ip).toBe('198.18.0.67');
  }, 60_000);
});

describe('password change with a session', () => {
  it('40 wrong current passwords: five are checked, then 429 with Retry-After; all audited; the account is locked', async () => {
    const u = await createUser(db.sql, {});
    const app = newApp();
    const signedIn = await login(app, u.username, u.password, '10.1.1.1');
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const headers = { Cookie: cookie, 'X-CSRF-Token': csrfToken };
    const res = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      post(app, '/api/auth/password', { currentPassword: `wrong-${i}-pass`, newPassword: 'quiet-river-2026' }, `10.1.2.${i}`, headers)));
    const statuses = res.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    const limited = res.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: 'account_locked' } });
    const [a] = await db.sql`select count(*)::int as n from audit_log where user_id = ${u.id} and action = 'password_change_failed'`;
    expect(a!.n).toBe(40);
    expect((await login(app, u.username, u.password, '10.1.3.1')).status).toBe(401);
  }, 60_000);
});
