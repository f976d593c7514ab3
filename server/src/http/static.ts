import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Env, Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

/** Serves the built client (dist/) with an SPA fallback; hashed assets are cached for a year. */
export function mountClient<E extends Env>(app: Hono<E>, distDir: string): boolean {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return false;
  const html = readFileSync(index, 'utf8');
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  // serveStatic resolves root against the working directory
  app.use('/*', serveStatic({ root: relative(process.cwd(), distDir) || '.' }));
  app.get('*', (c) => (c.req.path.startsWith('/api/') || c.req.path.startsWith('/tiles/') ? c.notFound() : c.html(html)));
  return true;
}
