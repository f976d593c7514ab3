import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Sql } from 'postgres';
import { readConfig, type AppConfig } from './config.ts';
import { createGridLocator } from './features/grids/grid-locator.service.ts';
import { gridAtRoutes, gridsRoutes } from './features/grids/grids.routes.ts';
import { healthRoutes } from './features/health/health.routes.ts';
import { jurisdictionsRoutes } from './features/jurisdictions/jurisdictions.routes.ts';
import { incidentCategoriesRoutes } from './features/incidents/incident-categories.routes.ts';
import { incidentAdminRoutes } from './features/incidents/incident-admin.routes.ts';
import { createIncidentBus, type IncidentBus } from './features/incidents/incident-bus.ts';
import { incidentsRoutes } from './features/incidents/incidents.routes.ts';
import { workingHoursRoutes } from './features/incidents/working-hours.routes.ts';
import { incidentTilesRoutes } from './features/incidents/incident-tiles.routes.ts';
import { incidentStatsRoutes } from './features/incidents/incident-stats.routes.ts';
import { notificationCenterFor, type NotificationCenter } from './features/notifications/notification-center.ts';
import { notificationsRoutes } from './features/notifications/notifications.routes.ts';
import { incidentPhotosRoutes } from './features/incidents/incident-photos.routes.ts';
import { householdsRoutes } from './features/households/households.routes.ts';
import { residentsRoutes } from './features/residents/residents.routes.ts';
import { mapRoutes } from './features/map/map.routes.ts';
import { tilesRoutes } from './features/tiles/tiles.routes.ts';
import { createTilesService } from './features/tiles/tiles.service.ts';
import { createAuthRepo } from './features/auth/auth.repo.ts';
import { createCallerCache } from './features/auth/caller-cache.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { adminRoutes } from './features/admin/admin.routes.ts';
import { auditRoutes } from './features/audit/audit.routes.ts';
import { coverageRoutes } from './features/coverage/coverage.routes.ts';
import { plansRoutes } from './features/plans/plans.routes.ts';
import { auditPlanWrites } from './features/plans/plans.audit.ts';
import { gridFileRoutes } from './features/grid-file/grid-file.routes.ts';
import { planDiffRoutes } from './features/plan-diff/plan-diff.routes.ts';
import { autoplanRoutes } from './features/autoplan/autoplan.routes.ts';
import { districtsRoutes } from './features/autoplan/districts.routes.ts';
import { importsRoutes } from './features/imports/imports.routes.ts';
import { patrolRouteRoutes } from './features/patrol-route/patrol-route.routes.ts';
import { planExchangeRoutes } from './features/plan-exchange/plan-exchange.routes.ts';
import { searchRoutes } from './features/search/search.routes.ts';
import { open311Errors, open311Routes } from './features/open311/open311.routes.ts';
import { publicRoutes } from './features/public/public.routes.ts';
import { createDeviceCache } from './features/patrols/device-cache.ts';
import { createDevicesRepo } from './features/patrols/devices.repo.ts';
import { devicesRoutes } from './features/patrols/devices.routes.ts';
import { createFixWriter, type FixWriter } from './features/patrols/fix-writer.ts';
import { gpsRoutes } from './features/patrols/gps.routes.ts';
import { createPatrolBus, type PatrolBus } from './features/patrols/patrol-bus.ts';
import { patrolsRoutes } from './features/patrols/patrols.routes.ts';
import { authenticate, authorize, type AuthEnv } from './http/auth.ts';
import { AppError, onError, onNotFound } from './http/errors.ts';
import { ROUTE_PERMISSIONS } from './http/route-permissions.ts';
import { textGuard } from './http/text-guard.ts';
import { compressApi } from './http/compression.ts';
import { securityHeaders } from './http/security-headers.ts';

/** What the app needs from outside; tests pass their own database, clock and config. */
export interface AppDeps {
  sql: Sql;
  clock?: () => Date;
  config?: AppConfig;
  /** News of incidents for notifications and live screens; one per process. */
  bus?: IncidentBus;
  /** The bus's changes as notifications, pushed live; by default the one centre of `bus`. */
  notifications?: NotificationCenter;
  /** News of patrols (positions, patrols started and ended) for live screens; one per process. */
  patrolBus?: PatrolBus;
  /** The batched writer of GPS fixes; one per process (it remembers each device's last kept fix). */
  fixWriter?: FixWriter;
}

const MAX_BODY = 1024 * 1024;
// file uploads set their own, larger limit on their route
const UPLOAD_ROUTE = /^\/api\/(imports\/[^/]+|plans\/[^/]+\/import|incidents\/[^/]+\/photos|patrols\/import)$/;
const apiBodyLimit = bodyLimit({
  maxSize: MAX_BODY,
  onError: () => {
    throw new AppError(413, 'payload_too_large', `Request body exceeds ${MAX_BODY} bytes`);
  },
});

/** Composes the feature routers into the Wangge HTTP app. */
export function createApp({
  sql, clock = () => new Date(), config = readConfig(), bus = createIncidentBus(), notifications = notificationCenterFor(bus, sql),
  patrolBus = createPatrolBus(), fixWriter = createFixWriter(sql, (news) => news.forEach((n) => patrolBus.emit({ kind: 'position', userId: n.userId }))),
}: AppDeps) {
  const tiles = createTilesService(sql, { cacheBytes: config.tileCacheBytes });
  const authRepo = createAuthRepo(sql);
  // sessions and keys validated in the last few seconds: map bursts cost no query each
  const callers = createCallerCache({ ttlMs: config.authCacheMs ?? 0 });
  const devices = createDeviceCache(createDevicesRepo(sql));
  const app = new Hono<AuthEnv>()
    .use('*', securityHeaders(config.basemapOrigins))
    // Open311 answers every error in its own shape, those of the authentication below included
    .use('/open311/*', open311Errors)
    .use('*', authenticate(authRepo, clock, { trustProxy: config.trustProxy ?? null, callers }))
    .use('*', authorize(ROUTE_PERMISSIONS))
    // the map's tiles and point lookups come in bursts and answer here, ahead of the /api chain they do
    // not need: they are GETs (no body), their answers are small, their parameters are checked by schema
    // before /tiles/:layer, which would take "incidents" for a layer name; scoped per caller, never cached
    .route('/tiles/incidents', incidentTilesRoutes(sql, clock, bus))
    .route('/tiles', tilesRoutes(tiles, clock))
    .route('/api/grids', gridAtRoutes(createGridLocator(sql, tiles), clock))
    // GeoReport v2 for 311 apps and FixMyStreet: public routes, its POST checks its own api_key field
    .route('/open311', open311Routes(sql, authRepo, clock, bus))
    // Traccar Client and OwnTracks post here, each in its own protocol (answers and errors included)
    .route('/gps', gpsRoutes(devices, fixWriter, clock))
    .use('/api/*', compressApi())
    .use('/api/*', (c, next) => (UPLOAD_ROUTE.test(c.req.path) ? next() : apiBodyLimit(c, next)))
    .use('/api/*', textGuard)
    // '/api/plans/*' matches /api/plans itself too (plan.create)
    .use('/api/plans/*', auditPlanWrites(authRepo.audit))
    .route('/api/health', healthRoutes(sql))
    .route('/api/auth', authRoutes(authRepo, clock, { secureCookies: config.secureCookies }, { callers }))
    .route('/api/map', mapRoutes(sql, tiles, config, clock))
    .route('/api/jurisdictions', jurisdictionsRoutes(sql, clock, callers))
    .route('/api/jurisdictions', districtsRoutes(sql))
    .route('/api/jurisdictions', workingHoursRoutes(sql, authRepo.audit))
    .route('/api/grids', gridsRoutes(sql))
    .route('/api/search', searchRoutes(sql, clock))
    .route('/api/incident-categories', incidentCategoriesRoutes(sql))
    // before /api/incidents/:id, which would take "stats" and "export" for ids
    .route('/api/incidents', incidentStatsRoutes(sql, authRepo.audit, clock, bus))
    .route('/api/incidents', incidentsRoutes(sql, authRepo.audit, clock, bus))
    .route('/api/notifications', notificationsRoutes(notifications, clock))
    .route('/api/incidents', incidentPhotosRoutes(sql, clock, bus, { dir: config.photoDir, maxBytes: config.photoMaxBytes }))
    // today's suggested patrol route (GET /api/patrols/route), beside the patrols router's own /api/patrols routes
    .route('/api/patrols', patrolRouteRoutes(sql, clock))
    .route('/api/public', publicRoutes(sql, authRepo.audit, clock, bus))
    .route('/api/patrols', patrolsRoutes(sql, { clock, writer: fixWriter, bus: patrolBus, audit: authRepo.audit }))
    .route('/api/devices', devicesRoutes(sql, authRepo.audit, devices))
    .route('/api/residents', residentsRoutes(sql, authRepo.audit, clock))
    .route('/api/households', householdsRoutes(sql, authRepo.audit, clock))
    .route('/api/admin', adminRoutes(sql, clock, callers))
    .route('/api/admin', incidentAdminRoutes(sql, clock))
    .route('/api/audit', auditRoutes(sql))
    .route('/api/coverage', coverageRoutes(sql, authRepo.audit, clock))
    .route('/api/plans', plansRoutes(sql, clock))
    .route('/api/plans', gridFileRoutes(sql))
    .route('/api/plans', planDiffRoutes(sql, clock))
    .route('/api/plans', autoplanRoutes(sql, clock))
    .route('/api/imports', importsRoutes(sql, authRepo.audit))
    .route('/api/plans', planExchangeRoutes(sql, clock));
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
