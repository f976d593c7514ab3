import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { readConfig } from '../config.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createSession, createUser } from '../../test/factories.ts';
import { contentSecurityPolicy } from './security-headers.ts';
import { mountClient } from './static.ts';

// Response headers (issue 8, point 13) and the built client's 404s (point 14).
let db: TestDatabase;
let dist: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dist = mkdtempSync(join(tmpdir(), 'wangge-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>网格</title>');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
});
afterAll(() => db.drop());

const app = (env: Record<string, string> = {}) => {
  const a = createApp({ sql: db.sql, config: readConfig(env) });
  mountClient(a, dist);
  return a;
};

describe('security headers', () => {
  it('every answer forbids framing, sniffing and inline script, and keeps the referrer on the site', async () => {
    for (const path of ['/api/health', '/', '/assets/index-abc123.js', '/api/nope', '/tiles/nope/1/1/1.mvt']) {
      const res = await app().request(path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self';");
      expect(csp, path).not.toMatch(/unsafe-eval/);
    }
  });

  it('API answers carrying personal data or the CSRF token are not stored by browsers or proxies', async () => {
    const u = await createUser(db.sql, {});
    const s = await createSession(db.sql, u.id);
    const me = await app().request('/api/auth/me', { headers: { Cookie: s.cookie } });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const login = await app().request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: u.username, password: u.password }) });
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect((await app().request('/api/residents')).headers.get('cache-control')).toBe('no-store');
  });

  it('lets the configured basemap through the policy, and nothing else', () => {
    const cfg = readConfig({ WANGGE_BASEMAP_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' });
    const csp = contentSecurityPolicy(cfg.basemapOrigins);
    expect(csp).toContain("img-src 'self' data: blob: https://tiles.example.org");
    expect(csp).toContain("connect-src 'self' https://tiles.example.org");
    expect(contentSecurityPolicy([])).toContain("connect-src 'self';");
  });

  it('marks the session cookie Secure when configured', async () => {
    const u = await createUser(db.sql, {});
    const res = await app({ WANGGE_SECURE_COOKIES: 'on' }).request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: u.username, password: u.password }) });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });
});

describe('the built client', () => {
  it('serves the page at / uncached, and assets cached for a year', async () => {
    const page = await app().request('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const asset = await app().request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('serves the page and its code to a session whose password is temporary, and nothing else', async () => {
    // the page that makes them change it loads its code then (the pages load their own chunks)
    const u = await createUser(db.sql, {});
    await db.sql`update app_user set must_change_password = true where id = ${u.id}`;
    const s = await createSession(db.sql, u.id);
    for (const path of ['/', '/assets/index-abc123.js']) expect((await app().request(path, { headers: { Cookie: s.cookie } })).status, path).toBe(200);
    const api = await app().request('/api/jurisdictions', { headers: { Cookie: s.cookie } });
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('password_change_required');
  });

  it('answers a missing asset or an unknown path with 404, never index.html, never cached as immutable', async () => {
    for (const path of ['/assets/nonexist.js', '/some/client/route', '/wp-admin', '/api/nope', '/index.htm']) {
      const res = await app().request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('<title>网格');
      expect(res.headers.get('cache-control') ?? '', path).not.toContain('immutable');
    }
  });
});
