import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Env, Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

/** The paths that are pages of the app (served index.html); anything else not found is a 404. */
export const APP_PAGES: readonly string[] = ['/', '/index.html'];

/**
 * Serves the built client (dist/): the app's pages get index.html (never cached, so a redeploy is
 * seen at once), files that exist are served, hashed assets cached for a year. A missing file is a
 * 404, never index.html: HTML under an old asset name would otherwise be cached as immutable.
 */
export function mountClient<E extends Env>(app: Hono<E>, distDir: string): boolean {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return false;
  const html = readFileSync(index, 'utf8');
  const page = new Set(APP_PAGES);
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.get('*', async (c, next) => {
    if (!page.has(c.req.path)) return next();
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  });
  // serveStatic resolves root against the working directory
  app.use('/*', serveStatic({ root: relative(process.cwd(), distDir) || '.' }));
  app.get('*', (c) => c.notFound());
  return true;
}
