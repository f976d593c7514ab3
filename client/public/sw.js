// Wangge's service worker (hand-written; registered by client/src/pwa/register-sw.ts in production builds).
// What it does, and no more:
// - the app shell (the page, manifest, icons) and the built scripts and styles are cached, so the app
//   opens on a weak or lost connection: pages network-first (a redeploy is seen at once), hashed
//   /assets/ cache-first (their names change with their content);
// - map tiles (/tiles/…) network-first with the cached copy as fallback, so the map of a patrol still
//   draws offline;
// - /api network-first; a response is kept for offline use only when the server allows it: anything
//   marked no-store or private (every answer with personal data, the session, scoped figures) is never
//   written to a cache. Event streams, uploads and other methods pass through untouched.
const VERSION = 'v1';
const SHELL = `wangge-shell-${VERSION}`;
const ASSETS = 'wangge-assets';
const TILES = 'wangge-tiles';
const API = 'wangge-api';
const KNOWN = [SHELL, ASSETS, TILES, API];
/** The most entries each growing cache keeps (oldest written go first). */
const LIMITS = { [ASSETS]: 400, [TILES]: 4000, [API]: 100 };
const SHELL_FILES = ['/', '/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png', '/icons/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    await cache.addAll(SHELL_FILES);
    // the entry's scripts and styles named in the page, so the first offline start has them
    const page = await (await cache.match('/'))?.text();
    const linked = [...(page ?? '').matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    if (linked.length) await (await caches.open(ASSETS)).addAll(linked);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith('wangge-') && !KNOWN.includes(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

/** Whether the server lets a response be kept: a plain 200 of this site, not marked no-store or private. */
function keepable(res) {
  if (!res || res.status !== 200 || res.type !== 'basic') return false;
  return !/(^|[,\s])(no-store|private)([,\s=]|$)/i.test(res.headers.get('Cache-Control') ?? '');
}

async function trim(name) {
  const limit = LIMITS[name];
  if (!limit) return;
  const cache = await caches.open(name);
  const keys = await cache.keys();
  for (const k of keys.slice(0, Math.max(0, keys.length - limit))) await cache.delete(k);
}

async function put(name, key, res) {
  const cache = await caches.open(name);
  await cache.put(key, res);
  await trim(name);
}

/** The network's answer (kept when allowed), else the cached one, else the network's failure. */
async function networkFirst(event, name, key = event.request, kind = null) {
  try {
    const res = await fetch(event.request);
    if (keepable(res) && (!kind || (res.headers.get('Content-Type') ?? '').startsWith(kind))) event.waitUntil(put(name, key, res.clone()));
    return res;
  } catch (err) {
    const hit = await caches.match(key, { cacheName: name });
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(event, name) {
  const hit = await caches.match(event.request, { cacheName: name });
  if (hit) return hit;
  const res = await fetch(event.request);
  if (keepable(res)) event.waitUntil(put(name, event.request, res.clone()));
  return res;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if ((req.headers.get('Accept') ?? '').includes('text/event-stream')) return;
  // every page of the app is the same index.html: one cached copy under "/" (an HTML page, never a file opened by its address)
  if (req.mode === 'navigate') return event.respondWith(networkFirst(event, SHELL, '/', 'text/html'));
  if (url.pathname.startsWith('/assets/')) return event.respondWith(cacheFirst(event, ASSETS));
  if (url.pathname.startsWith('/tiles/')) return event.respondWith(networkFirst(event, TILES));
  if (url.pathname.startsWith('/api/')) return event.respondWith(networkFirst(event, API));
  if (SHELL_FILES.includes(url.pathname)) return event.respondWith(networkFirst(event, SHELL));
});
