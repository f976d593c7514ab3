import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createSession, createUser } from '../../test/factories.ts';
import { COMPRESS_MIN_BYTES } from './compression.ts';
import { mountClient } from './static.ts';

// Compression and caching of the first load (issue 10 §7): the build's .br/.gz copies of hashed
// assets, gzip of large API answers, and the caching and 404 rules unchanged by either.
const CHROME = 'gzip, deflate, br, zstd';
const script = `export const grids = [${Array.from({ length: 400 }, (_, i) => `"网格${i}"`).join(',')}];\n`;
const style = `.grid { color: #17324d; }\n`.repeat(100);
let db: TestDatabase;
let dist: string;
let viewer: { cookie: string };

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  dist = mkdtempSync(join(tmpdir(), 'wangge-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>网格</title>');
  mkdirSync(join(dist, 'assets'));
  // as vite-plugin-compression2 writes them: the file, then .gz and .br beside it
  for (const [name, body] of [['index-abc123.js', script], ['index-abc123.css', style]] as const) {
    writeFileSync(join(dist, 'assets', name), body);
    writeFileSync(join(dist, 'assets', `${name}.gz`), gzipSync(body));
    writeFileSync(join(dist, 'assets', `${name}.br`), brotliCompressSync(body));
  }
  const [county] = await db.sql`select id from jurisdiction where level = 'county' and code = '110108'`;
  const u = await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: Number(county!.id) }] });
  viewer = await createSession(db.sql, u.id);
});
afterAll(() => db.drop());

const app = () => {
  const a = createApp({ sql: db.sql });
  mountClient(a, dist);
  return a;
};
const get = (path: string, headers: Record<string, string> = {}) => app().request(path, { headers });
const body = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('hashed assets', () => {
  it('go out as the brotli copy to a browser that accepts it, cached for a year, varying by Accept-Encoding', async () => {
    const res = await get('/assets/index-abc123.js', { 'Accept-Encoding': CHROME });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(brotliDecompressSync(await body(res)).toString()).toBe(script);
  });

  it('go out as the gzip copy when brotli is not accepted, and plain when nothing is', async () => {
    const gz = await get('/assets/index-abc123.css', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('content-type')).toMatch(/^text\/css/);
    expect(gunzipSync(await body(gz)).toString()).toBe(style);
    const plain = await get('/assets/index-abc123.css');
    expect(plain.headers.get('content-encoding')).toBeNull();
    // the plain answer varies too, or a shared cache could hand it to everyone
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(plain.headers.get('cache-control')).toContain('immutable');
    expect((await body(plain)).toString()).toBe(style);
  });

  it('keep index.html uncached and unknown paths 404, whatever the browser accepts', async () => {
    const page = await get('/', { 'Accept-Encoding': CHROME });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    for (const path of ['/assets/index-abc999.js', '/some/client/route', '/index.htm']) {
      const res = await get(path, { 'Accept-Encoding': CHROME });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-encoding'), path).toBeNull();
      expect(res.headers.get('cache-control') ?? '', path).not.toContain('immutable');
      expect(await res.text(), path).not.toContain('<title>网格');
    }
  });
});

describe('API answers', () => {
  it('are gzipped from 1 kB up for a browser that accepts it, and read back the same', async () => {
    const plain = await get('/api/jurisdictions', { Cookie: viewer.cookie });
    const text = await plain.text();
    expect(plain.status).toBe(200);
    expect(text.length).toBeGreaterThan(COMPRESS_MIN_BYTES);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const gz = await get('/api/jurisdictions', { Cookie: viewer.cookie, 'Accept-Encoding': CHROME });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(gz.headers.get('cache-control')).toBe('no-store');
    const packed = await body(gz);
    expect(JSON.parse(gunzipSync(packed).toString())).toEqual(JSON.parse(text));
    expect(packed.length).toBeLessThan(Buffer.byteLength(text) / 2);
  });

  it('below 1 kB go out as they are, errors included', async () => {
    for (const path of ['/api/health', '/api/auth/me', '/api/no-such-route']) {
      const res = await get(path, { Cookie: viewer.cookie, 'Accept-Encoding': CHROME });
      expect(Number(res.headers.get('content-length')), path).toBeLessThan(COMPRESS_MIN_BYTES);
      expect(res.headers.get('content-encoding'), path).toBeNull();
      expect(JSON.parse(await res.text()), path).toBeTypeOf('object');
    }
  });

  it('leave vector tiles as they are (small and cached; see bench/RESULTS.md firstload)', async () => {
    // the z12 tile over 海淀区
    const res = await get('/tiles/jurisdictions/12/3371/1550.mvt', { Cookie: viewer.cookie, 'Accept-Encoding': CHROME });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers.get('content-encoding')).toBeNull();
  });
});
