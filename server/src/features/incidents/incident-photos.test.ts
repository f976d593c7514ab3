import exifr from 'exifr';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { testClient } from 'hono/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { readConfig } from '../../config.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';

// Photos of incidents over HTTP on the Haidian demo, with real images made by sharp: what is taken,
// what is refused (and that nothing is left behind then), the cap under simultaneous uploads, the
// scope, and that the stored file carries no metadata.
let db: TestDatabase;
let dir: string;
const as: Record<string, { cookie: string; csrfToken: string }> = {};
let point: { lon: number; lat: number };
const now = new Date('2026-12-07T02:00:00Z');
const MAX_BYTES = 512 * 1024;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  dir = await mkdtemp(join(tmpdir(), 'wangge-photos-'));
  for (const u of await db.sql`select id, username from app_user`) as[u.username] = await createSession(db.sql, Number(u.id), now);
  const [p] = await db.sql`select ST_X(ST_PointOnSurface(g.geom)) as lon, ST_Y(ST_PointOnSurface(g.geom)) as lat
    from grid g join grid_plan gp on gp.id = g.plan_id join role_assignment r on g.code = r.grid_codes[1] join app_user u on u.id = r.user_id
    where u.username = 'leader.furun1' and gp.status = 'published'`;
  point = { lon: Number(p!.lon), lat: Number(p!.lat) };
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const app = () => createApp({ sql: db.sql, clock: () => now, config: { ...readConfig({}), photoDir: dir, photoMaxBytes: MAX_BYTES } });
const headers = (who: string) => ({ Cookie: as[who]!.cookie, 'X-CSRF-Token': as[who]!.csrfToken });
const get = (who: string, path: string) => app().request(path, { headers: headers(who) });
const upload = (who: string, id: number, files: File[], field = 'photo') => {
  const form = new FormData();
  for (const f of files) form.append(field, f);
  return app().request(`/api/incidents/${id}/photos`, { method: 'POST', body: form, headers: headers(who) });
};
const report = async (who = 'leader.furun1') => {
  const res = await app().request('/api/incidents', {
    method: 'POST', body: JSON.stringify({ categoryCode: '0102', ...point, description: '路边堆放垃圾' }),
    headers: { ...headers(who), 'Content-Type': 'application/json' },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
};

type Photo = { id: number; width: number; height: number; takenAt: string | null; lon: number | null; lat: number | null; url: string; thumbUrl: string };
const errorOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];

/** A JPEG of w×h with EXIF GPS (39°59'12.34" N, 116°20'30" E), capture time and an orientation, as phones write them. */
async function phonePhoto(w = 400, h = 300, orientation = 1) {
  const data = await sharp({ create: { width: w, height: h, channels: 3, background: { r: 180, g: 90, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'WanggeTestCam', Model: 'T1', Software: 'secret-firmware' },
      IFD2: { DateTimeOriginal: '2026:12:06 09:15:30', OffsetTimeOriginal: '+08:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 59/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '116/1 20/1 3000/100' },
    })
    .withMetadata({ orientation })
    .toBuffer();
  return new File([new Uint8Array(data)], 'IMG_0001.jpg', { type: 'image/jpeg' });
}
const plain = async (format: 'png' | 'webp' | 'gif' | 'tiff', w = 64, h = 48) =>
  new File([new Uint8Array(await sharp({ create: { width: w, height: h, channels: 4, background: '#33669980' } }).toFormat(format).toBuffer())], `x.${format}`);

/** Every file under the photo folder, relative to it. */
async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}
const photoRows = async (id: number) => Number((await db.sql`select count(*)::int as n from incident_photo where incident_id = ${id}`)[0]!.n);

describe('uploading', () => {
  it('reads EXIF GPS and time, turns the photo upright, fits it in 2048 px, and stores JPEG without metadata plus a thumbnail', async () => {
    const id = await report();
    const original = await phonePhoto(3000, 2000, 6);
    expect((await exifr.gps(Buffer.from(await original.arrayBuffer()))).latitude).toBeCloseTo(39.98676, 4);
    const res = await upload('leader.furun1', id, [original, await plain('png', 3000, 1000)]);
    expect(res.status).toBe(201);
    const { photos } = (await res.json()) as { photos: Photo[] };
    // orientation 6: a 3000×2000 landscape sensor image is a portrait photo
    expect(photos[0]).toMatchObject({ width: 1365, height: 2048, takenAt: '2026-12-06T01:15:30.000Z', url: `/api/incidents/${id}/photos/${photos[0]!.id}` });
    expect(photos[0]!.lon).toBeCloseTo(116.341667, 5);
    expect(photos[0]!.lat).toBeCloseTo(39.986761, 5);
    expect(photos[1]).toMatchObject({ width: 2048, height: 683, lon: null, lat: null, takenAt: null });
    const [row] = await db.sql`select file, mime, bytes from incident_photo where id = ${photos[0]!.id}`;
    expect(String(row!.file)).toMatch(new RegExp(`^000/${id}/[0-9a-f]{32}\\.jpg$`));
    const stored = await readFile(join(dir, String(row!.file)));
    expect(stored.length).toBe(Number(row!.bytes));
    expect(await exifr.parse(stored, true)).toBeUndefined();
    const meta = await sharp(stored).metadata();
    expect([meta.format, meta.exif, meta.icc, meta.xmp, meta.orientation, meta.width, meta.height]).toEqual(['jpeg', undefined, undefined, undefined, undefined, 1365, 2048]);
    expect(stored.includes(Buffer.from('secret-firmware'))).toBe(false);
    const thumb = await sharp(await readFile(join(dir, String(row!.file).replace('.jpg', '.thumb.jpg')))).metadata();
    expect([thumb.width, thumb.height, thumb.exif]).toEqual([213, 320, undefined]);
  });

  it('takes WebP and PNG by their bytes whatever their names, and drops what trails a polyglot JPEG', async () => {
    const id = await report();
    const jpeg = Buffer.from(await (await phonePhoto()).arrayBuffer());
    const polyglot = new File([new Uint8Array(Buffer.concat([jpeg, Buffer.from('PK\u0003\u0004<script>alert(1)</script>')]))], 'evil.html', { type: 'text/html' });
    const webp = new File([await plain('webp')], 'scan.pdf', { type: 'application/pdf' });
    const res = await upload('manager.furun', id, [polyglot, webp]);
    expect(res.status).toBe(201);
    for (const r of await db.sql`select file from incident_photo where incident_id = ${id}`) {
      const stored = await readFile(join(dir, String(r.file)));
      expect(stored.includes(Buffer.from('<script>'))).toBe(false);
      expect(stored.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    }
  });

  it('takes several files in one field from the typed client (as the browser sends them)', async () => {
    const id = await report();
    const res = await testClient(app()).api.incidents[':id'].photos.$post(
      { param: { id: String(id) }, form: { photo: [await phonePhoto(), await plain('webp')] } }, { headers: headers('leader.furun1') });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { photos: Photo[] }).photos.map((p) => p.lat !== null)).toEqual([true, false]);
  });

  it('refuses what is not an image, is too large or too many, with a clear 4xx, writing no row and no file', async () => {
    const id = await report();
    const before = await filesOnDisk();
    const jpeg = Buffer.from(await (await phonePhoto(1200, 900)).arrayBuffer());
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    const cases: [string, File[], number, string][] = [
      ['a text file named .jpg', [new File(['just some words, not a photo'], 'photo.jpg', { type: 'image/jpeg' })], 400, 'not_an_image'],
      ['an empty file', [new File([], 'empty.jpg', { type: 'image/jpeg' })], 400, 'not_an_image'],
      ['a truncated JPEG', [new File([new Uint8Array(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)))], 'cut.jpg')], 400, 'not_an_image'],
      ['a good photo beside a bad one', [await phonePhoto(), new File(['%PDF-1.4'], 'b.jpg')], 400, 'not_an_image'],
      ['an SVG', [new File([svg], 'x.svg', { type: 'image/svg+xml' })], 400, 'image_format_unsupported'],
      ['a GIF', [await plain('gif')], 400, 'image_format_unsupported'],
      ['a TIFF', [await plain('tiff')], 400, 'image_format_unsupported'],
      ['a file over the limit', [new File([new Uint8Array(jpeg), new Uint8Array(MAX_BYTES)], 'big.jpg')], 413, 'payload_too_large'],
      ['a request over six files at the limit', Array.from({ length: 7 }, () => new File([new Uint8Array(MAX_BYTES)], 'big.jpg')), 413, 'payload_too_large'],
      ['seven photos at once', await Promise.all(Array.from({ length: 7 }, () => phonePhoto(40, 30))), 400, 'too_many_photos'],
      ['no file', [], 400, 'invalid_request'],
    ];
    for (const [what, files, status, code] of cases) expect(await errorOf(await upload('leader.furun1', id, files)), what).toEqual([status, code]);
    expect(await errorOf(await upload('leader.furun1', id, [await phonePhoto()], 'file')), 'another field').toEqual([400, 'invalid_request']);
    const text = await app().request(`/api/incidents/${id}/photos`, { method: 'POST', body: 'photo=abc', headers: { ...headers('leader.furun1'), 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(await errorOf(text), 'a text value').toEqual([400, 'invalid_request']);
    expect(await photoRows(id)).toBe(0);
    expect(await filesOnDisk()).toEqual(before);
  });

  it('lets exactly 20 photos onto a case when 20 uploads of two arrive at once; the losers leave no file', async () => {
    const id = await report();
    const files = await Promise.all(Array.from({ length: 2 }, () => phonePhoto(200, 150)));
    const results = await Promise.all(Array.from({ length: 20 }, () => upload('leader.furun1', id, files)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 400)).toHaveLength(10);
    expect(await photoRows(id)).toBe(20);
    const mine = (await filesOnDisk()).filter((f) => f.startsWith(`000/${id}/`));
    expect(mine).toHaveLength(40);
    const rows = (await db.sql`select file from incident_photo where incident_id = ${id}`).map((r) => String(r.file));
    expect(mine.filter((f) => !f.endsWith('.thumb.jpg')).sort()).toEqual(rows.sort());
    expect(await errorOf(await upload('leader.furun1', id, [files[0]!]))).toEqual([400, 'too_many_photos']);
  });

  it('removes the written files when the row cannot be inserted', async () => {
    const id = await report();
    await db.sql.unsafe(`create function refuse_photo() returns trigger language plpgsql as $$
      begin if new.incident_id = ${id} then raise exception 'refused by the test' using errcode = 'check_violation'; end if; return new; end $$`);
    await db.sql`create trigger refuse_photo before insert on incident_photo for each row execute function refuse_photo()`;
    try {
      const res = await upload('leader.furun1', id, [await phonePhoto(), await phonePhoto()]);
      expect(res.status).toBe(400);
    } finally {
      await db.sql`drop trigger refuse_photo on incident_photo`;
      await db.sql`drop function refuse_photo()`;
    }
    expect(await photoRows(id)).toBe(0);
    expect((await filesOnDisk()).filter((f) => f.startsWith(`000/${id}/`))).toEqual([]);
  });
});

describe('reading', () => {
  it('serves a photo and its thumbnail privately to those who see the case, and lists them in the detail with the step they belong to', async () => {
    const id = await report();
    const { photos } = (await (await upload('leader.furun1', id, [await phonePhoto(800, 600)])).json()) as { photos: Photo[] };
    const photo = photos[0]!;
    const res = await get('manager.furun', photo.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/jpeg');
    expect(res.headers.get('Cache-Control')).toMatch(/^private\b/);
    const [row] = await db.sql`select file from incident_photo where id = ${photo.id}`;
    expect(Buffer.from(await res.arrayBuffer())).toEqual(await readFile(join(dir, String(row!.file))));
    const thumb = await get('leader.furun1', photo.thumbUrl);
    expect([thumb.status, (await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width]).toEqual([200, 320]);

    const detail = async () => (await (await get('leader.furun1', `/api/incidents/${id}`)).json()) as {
      version: number; photos: (Photo & { eventId: number | null; uploadedBy: { name: string } })[]; timeline: { id: number; action: string }[];
    };
    let d = await detail();
    expect(d.photos.map((p) => [p.id, p.url, p.eventId])).toEqual([[photo.id, photo.url, null]]);
    expect(d.photos[0]!.uploadedBy.name).toBeTruthy();
    const acted = await app().request(`/api/incidents/${id}/transitions`, {
      method: 'POST', headers: { ...headers('leader.furun1'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'self_handle', version: d.version, note: '已当场清理', attachments: [String(photo.id)] }),
    });
    expect(acted.status).toBe(200);
    d = await detail();
    expect(d.photos[0]!.eventId).toBe(d.timeline.find((e) => e.action === 'self_handle')!.id);
  });

  it('answers 404 outside the scope, for another case\'s photo, and for paths that try to leave the folder', async () => {
    const id = await report();
    const other = await report();
    const { photos } = (await (await upload('leader.furun1', id, [await phonePhoto()])).json()) as { photos: Photo[] };
    const p = photos[0]!;
    const before = await filesOnDisk();
    expect(await errorOf(await upload('supervisor', id, [await phonePhoto()]))).toEqual([404, 'incident_not_found']);
    expect(await errorOf(await get('supervisor', p.url))).toEqual([404, 'incident_not_found']);
    expect(await errorOf(await get('supervisor', p.thumbUrl))).toEqual([404, 'incident_not_found']);
    expect(await errorOf(await get('leader.furun1', `/api/incidents/${other}/photos/${p.id}`))).toEqual([404, 'photo_not_found']);
    for (const path of [`/api/incidents/${id}/photos/..%2F..%2Fetc%2Fpasswd`, `/api/incidents/${id}/photos/${p.id}%2F..%2F1`, `/api/incidents/${id}/photos/-1`]) {
      expect((await get('leader.furun1', path)).status, path).toBeGreaterThanOrEqual(400);
      expect((await get('leader.furun1', path)).status, path).toBeLessThan(500);
    }
    expect(await photoRows(id)).toBe(1);
    expect(await filesOnDisk()).toEqual(before);
  });
});

describe('configuration', () => {
  it('reads WANGGE_PHOTO_DIR and WANGGE_PHOTO_MAX_MB with defaults, and refuses a nonsense size', () => {
    expect(readConfig({})).toMatchObject({ photoDir: '.wangge/photos', photoMaxBytes: 10 * 1024 * 1024 });
    expect(readConfig({ WANGGE_PHOTO_DIR: '/srv/photos', WANGGE_PHOTO_MAX_MB: '2.5' })).toMatchObject({ photoDir: '/srv/photos', photoMaxBytes: 2.5 * 1024 * 1024 });
    for (const bad of ['0', '-1', 'ten', '51']) expect(() => readConfig({ WANGGE_PHOTO_MAX_MB: bad }), bad).toThrow(RangeError);
  });
});
