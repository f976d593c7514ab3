import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { readConfig } from '../config.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { APP_PAGES, mountClient } from './static.ts';

// The installable phone app (issue 12): the server hands out the manifest, the service worker and the
// icons of client/public/ with the types browsers insist on, never stale, and its CSP lets the worker run.
const PUBLIC = join(import.meta.dirname, '..', '..', '..', 'client', 'public');
const manifest = JSON.parse(readFileSync(join(PUBLIC, 'manifest.webmanifest'), 'utf8')) as {
  name: string; short_name: string; start_url: string; scope: string; display: string; icons: { src: string; sizes: string; type: string; purpose: string }[];
};

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

let db: TestDatabase;
let dist: string;
beforeAll(async () => {
  db = await createTestDatabase();
  // a built client as vite leaves it: client/public/ copied beside index.html
  dist = mkdtempSync(join(tmpdir(), 'wangge-pwa-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><link rel="manifest" href="/manifest.webmanifest"><title>网格</title>');
  mkdirSync(join(dist, 'icons'));
  for (const f of ['sw.js', 'manifest.webmanifest', ...manifest.icons.map((i) => i.src.slice(1))]) copyFileSync(join(PUBLIC, f), join(dist, f));
});
afterAll(() => db.drop());

const app = () => {
  const a = createApp({ sql: db.sql, config: readConfig({}) });
  mountClient(a, dist);
  return a;
};

describe('the installable app as the server hands it out', () => {
  it('serves the manifest as application/manifest+json and the worker as JavaScript, both revalidated on every visit', async () => {
    const m = await app().request('/manifest.webmanifest');
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    expect(m.headers.get('cache-control')).toBe('no-cache');
    expect(((await m.json()) as { short_name: string }).short_name).toBe('网格巡查');
    const sw = await app().request('/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(await sw.text()).toContain("addEventListener('fetch'");
  });

  it('serves every icon of the manifest as a PNG', async () => {
    for (const icon of manifest.icons) {
      const res = await app().request(icon.src);
      expect(res.status, icon.src).toBe(200);
      expect(res.headers.get('content-type'), icon.src).toBe('image/png');
    }
  });

  it('lets the service worker and the manifest through its Content-Security-Policy (both same-origin)', async () => {
    const csp = (await app().request('/')).headers.get('content-security-policy') ?? '';
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));
    expect(directive('worker-src')).toContain("'self'");
    // no manifest-src of its own: default-src applies
    expect(directive('manifest-src') ?? directive('default-src')).toContain("'self'");
  });
});

describe('the manifest', () => {
  it('names the app 网格巡查 / Wangge, opens one of the app\'s pages standalone, and its icons are the sizes it says', () => {
    expect(manifest.name).toContain('网格巡查');
    expect(manifest.name).toContain('Wangge');
    expect(APP_PAGES).toContain(manifest.start_url);
    expect(manifest.scope).toBe('/');
    expect(manifest.display).toBe('standalone');
    // installability wants a 192 and a 512 icon; a maskable one keeps Android from shrinking it into a white disc
    const sizes = manifest.icons.map((i) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of manifest.icons) {
      const [w, h] = pngSize(join(PUBLIC, icon.src));
      expect(`${w}x${h}`, icon.src).toBe(icon.sizes);
    }
  });
});
