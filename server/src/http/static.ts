import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Env, Hono, MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

/** The paths that are pages of the app (served index.html); anything else not found is a 404. */
export const APP_PAGES: readonly string[] = ['/', '/index.html', '/public/incidents', '/public/my-grid'];
/** Pages with a part of their own in the path: a reporter's follow link (/public/track/<token>). */
export const APP_PAGE_PATTERNS: readonly RegExp[] = [/^\/public\/track\/[A-Za-z0-9_-]{16,64}$/];

/** Whether a path is one of the app's pages. */
export const isAppPage = (path: string) => APP_PAGES.includes(path) || APP_PAGE_PATTERNS.some((p) => p.test(path));

const noCache: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.status === 200) c.header('Cache-Control', 'no-cache');
};

/**
 * Serves the built client (dist/): the app's pages get index.html (never cached, so a redeploy is
 * seen at once), files that exist are served, hashed assets cached for a year. A missing file is a
 * 404, never index.html: HTML under an old asset name would otherwise be cached as immutable.
 * Scripts and stylesheets go out as the .br or .gz copy the build wrote beside them (vite.config.ts)
 * when the browser accepts it: compressed once, at the highest level, never per request.
 */
export function mountClient<E extends Env>(app: Hono<E>, distDir: string): boolean {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return false;
  const html = readFileSync(index, 'utf8');
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status !== 200) return;
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    // the same URL answers differently by Accept-Encoding, the plain copy included: caches must know
    if (!/(^|,)\s*accept-encoding\s*(,|$)/i.test(c.res.headers.get('Vary') ?? '')) c.header('Vary', 'Accept-Encoding', { append: true });
  });
  // the service worker and the manifest of the installable app are checked again on every visit, never kept stale
  app.use('/sw.js', noCache);
  app.use('/manifest.webmanifest', noCache);
  app.get('*', async (c, next) => {
    if (!isAppPage(c.req.path)) return next();
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  });
  // serveStatic resolves root against the working directory
  app.use('/*', serveStatic({ root: relative(process.cwd(), distDir) || '.', precompressed: true }));
  app.get('*', (c) => c.notFound());
  return true;
}
