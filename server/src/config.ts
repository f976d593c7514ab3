import { parseTrustProxy, type TrustProxy } from './http/client-address.ts';

/** An optional online raster basemap drawn beneath the project's own layers. */
export interface Basemap {
  tiles: string[];
  attribution: string;
}

/** Settings read from the environment once, then passed in (never imported as a singleton). */
export interface AppConfig {
  /** The county whose extent the map opens on (6-digit code). */
  homeCounty?: string;
  basemap: Basemap | null;
  /** Memory for the tile cache in bytes; 0 turns it off. */
  tileCacheBytes?: number;
  /** Mark the session cookie Secure (behind HTTPS); WANGGE_SECURE_COOKIES=on. */
  secureCookies?: boolean;
  /** Reverse proxies whose X-Forwarded-For gives the client address (WANGGE_TRUSTED_PROXIES); null = none. */
  trustProxy?: TrustProxy;
  /** Origins the browser may load basemap tiles from (for the Content-Security-Policy). */
  basemapOrigins?: string[];
  /**
   * How long a validated session or API key is trusted without asking the database
   * (WANGGE_AUTH_CACHE_SECONDS, 0–60, default 5; 0 = every request asks). Changes made in this
   * process apply at once; a session ended by another server process lives at most this long here.
   */
  authCacheMs?: number;
  /** Folder of incident photos (WANGGE_PHOTO_DIR; default .wangge/photos under the project, git-ignored). */
  photoDir?: string;
  /** The largest photo file taken, in bytes (WANGGE_PHOTO_MAX_MB, default 10). */
  photoMaxBytes?: number;
}

/** The default and the ceiling of WANGGE_AUTH_CACHE_SECONDS: well below the 2-hour idle limit of a session. */
export const AUTH_CACHE_SECONDS = { default: 5, max: 60 };

function authCacheMs(value: string | undefined): number {
  const s = value === undefined || value.trim() === '' ? AUTH_CACHE_SECONDS.default : Number(value);
  if (!Number.isFinite(s) || s < 0 || s > AUTH_CACHE_SECONDS.max) {
    throw new RangeError(`WANGGE_AUTH_CACHE_SECONDS must be a number of seconds from 0 to ${AUTH_CACHE_SECONDS.max} (got "${value}")`);
  }
  return Math.round(s * 1000);
}

/** The default and the ceiling of WANGGE_PHOTO_MAX_MB; the default folder of WANGGE_PHOTO_DIR. */
export const PHOTO_MAX_MB = { default: 10, max: 50 };
export const DEFAULT_PHOTO_DIR = '.wangge/photos';

function photoMaxBytes(value: string | undefined): number {
  const mb = value === undefined || value.trim() === '' ? PHOTO_MAX_MB.default : Number(value);
  if (!Number.isFinite(mb) || mb <= 0 || mb > PHOTO_MAX_MB.max) {
    throw new RangeError(`WANGGE_PHOTO_MAX_MB must be a number of megabytes above 0 and at most ${PHOTO_MAX_MB.max} (got "${value}")`);
  }
  return Math.round(mb * 1024 * 1024);
}

const TIANDITU = (layer: string, key: string) =>
  [0, 1, 2, 3, 4, 5, 6, 7].map(
    (i) => `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );

/** The scheme://host[:port] of each URL template (placeholders like {z} removed first). */
function originsOf(urls: string[]): string[] {
  const out = new Set<string>();
  for (const u of urls) {
    try {
      out.add(new URL(u.replace(/\{[a-z]+\}/gi, '0')).origin);
    } catch {
      // not a URL: the basemap will not load anyway
    }
  }
  return [...out];
}

/** Reads WANGGE_HOME_COUNTY, TIANDITU_KEY, WANGGE_BASEMAP_URL/_ATTRIBUTION, WANGGE_TILE_CACHE_MB, WANGGE_SECURE_COOKIES, WANGGE_TRUSTED_PROXIES, WANGGE_AUTH_CACHE_SECONDS, WANGGE_PHOTO_DIR, WANGGE_PHOTO_MAX_MB. */
export function readConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  let basemap: Basemap | null = null;
  if (env.WANGGE_BASEMAP_URL) {
    basemap = { tiles: [env.WANGGE_BASEMAP_URL], attribution: env.WANGGE_BASEMAP_ATTRIBUTION ?? '' };
  } else if (env.TIANDITU_KEY) {
    basemap = { tiles: TIANDITU('vec', env.TIANDITU_KEY), attribution: '© 天地图 Tianditu' };
  }
  const cacheMb = Number(env.WANGGE_TILE_CACHE_MB ?? 64);
  const tileCacheBytes = Number.isFinite(cacheMb) && cacheMb >= 0 ? cacheMb * 1024 * 1024 : 64 * 1024 * 1024;
  return {
    homeCounty: env.WANGGE_HOME_COUNTY ?? '110108', basemap, tileCacheBytes, secureCookies: env.WANGGE_SECURE_COOKIES === 'on',
    trustProxy: parseTrustProxy(env.WANGGE_TRUSTED_PROXIES), basemapOrigins: originsOf(basemap?.tiles ?? []),
    authCacheMs: authCacheMs(env.WANGGE_AUTH_CACHE_SECONDS),
    photoDir: env.WANGGE_PHOTO_DIR?.trim() || DEFAULT_PHOTO_DIR, photoMaxBytes: photoMaxBytes(env.WANGGE_PHOTO_MAX_MB),
  };
}
