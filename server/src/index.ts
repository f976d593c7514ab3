import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createIncidentBus } from './features/incidents/incident-bus.ts';
import { createNotificationCenter } from './features/notifications/notification-center.ts';
import { createReminderScheduler } from './features/notifications/reminders.scheduler.ts';
import { createCoverageScheduler } from './features/coverage/coverage.scheduler.ts';
import { addDays } from './features/coverage/coverage.domain.ts';
import { createCoverageService } from './features/coverage/coverage.service.ts';
import { createGpsRetention, gpsRetentionDays } from './features/patrols/gps-retention.ts';
import { MissingPostgresError } from './db/pg-binaries.ts';
import { MigrationError } from './db/migrate.ts';
import { bootDatabase } from './db/boot.ts';
import { mountClient } from './http/static.ts';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';

try {
  const db = await bootDatabase();
  const bus = createIncidentBus();
  const notifications = createNotificationCenter({ sql: db.sql, bus });
  const app = createApp({ sql: db.sql, bus, notifications });
  // reminders before due times and overdue flags after them: the server's own clock, no cron
  const reminders = createReminderScheduler({ sql: db.sql, center: notifications, clock: () => new Date() });
  reminders.start();
  // yesterday's patrol coverage once it has settled (today's is computed when asked)
  const coverage = createCoverageScheduler({ sql: db.sql, clock: () => new Date() });
  coverage.start();
  // raw GPS fixes kept for the policy's days (PIPL), then dropped by whole days once their coverage is computed
  const coverageService = createCoverageService(db.sql);
  const retention = createGpsRetention(db.sql, {
    days: gpsRetentionDays(process.env.WANGGE_GPS_RETENTION_DAYS), clock: () => new Date(), log: (m) => console.log(m),
    // a UTC day's fixes fall on two Beijing days: both are settled before the fixes go
    beforeDrop: async (day) => {
      for (const d of [day, addDays(day, 1)]) await coverageService.ensureDay(d, new Date());
    },
  });
  const prune = () => void retention.run().catch((e: unknown) => console.error(`[patrols] GPS retention failed: ${String(e)}`));
  const pruning = setInterval(prune, 6 * 3600_000);
  pruning.unref();
  setTimeout(prune, 60_000).unref();
  const distDir = join(import.meta.dirname, '..', '..', 'dist');
  if (!mountClient(app, distDir)) console.warn('[http] no built client in dist/ (run `npm run build`); serving the API only');
  const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
    console.log(`Wangge is running at http://localhost:${info.port}/  (API: /api/health)`);
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n[wangge] ${signal}: shutting down`);
    server.close();
    clearInterval(pruning);
    void Promise.all([reminders.stop(), coverage.stop()]).finally(() => db.close()).finally(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // started by a test harness: when the harness dies, even by SIGKILL, its end of the pipe closes
  if (process.env.WANGGE_EXIT_WITH_STDIN === '1') {
    process.stdin.on('end', () => shutdown('stdin closed'));
    process.stdin.on('error', () => shutdown('stdin closed'));
    process.stdin.resume();
  }
} catch (err) {
  if (err instanceof MissingPostgresError || err instanceof MigrationError) {
    console.error(`\n[wangge] cannot start: ${err.message}\n`);
  } else {
    console.error('[wangge] cannot start:', err);
  }
  process.exit(1);
}
