import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Sql } from 'postgres';
import { healthRoutes } from './features/health/health.routes.ts';
import { onError, onNotFound, AppError } from './http/errors.ts';

/** What the app needs from outside; tests pass their own database and clock. */
export interface AppDeps {
  sql: Sql;
  clock?: () => Date;
}

/** Composes the feature routers into the Wangge HTTP app. */
export function createApp({ sql }: AppDeps) {
  const app = new Hono()
    .use('/api/*', bodyLimit({ maxSize: 1024 * 1024, onError: () => { throw new AppError(413, 'payload_too_large', 'Request body exceeds 1 MiB'); } }))
    .route('/api/health', healthRoutes(sql));
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
